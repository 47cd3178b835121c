package io.framewise.common.model.gaze;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gaze index: a gaze dataset as one CSV file, what the gaze family trains from and the evaluator scores against
 * (the index of a training request, like a COCO file for a detector). The header {@value #HEADER}, then one row per
 * annotated head per frame, the image a path relative to the images root (by default the index's folder), the head
 * box and the gaze point in pixels, the gaze {@code -1,-1} when the person looks outside the frame. Rows of one track
 * are consecutive frames, in order. {@code framewise gaze index} writes one from VideoAttentionTarget folders.
 */
public final class GazeIndex {

    public static final String HEADER = "track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y";

    /**
     * One annotated head in one frame.
     *
     * @param line the row's line number in the file (the header is line 1)
     * @param gazeX the gaze point's x in pixels, {@code -1} (with {@code gazeY} {@code -1}) when outside the frame
     */
    public record Row(int line, String track, String image, double xmin, double ymin, double xmax, double ymax,
            double gazeX, double gazeY) {

        /** A row to write (its line number unknown yet). */
        public Row(String track, String image, double xmin, double ymin, double xmax, double ymax, double gazeX,
                double gazeY) {
            this(0, track, image, xmin, ymin, xmax, ymax, gazeX, gazeY);
        }

        public boolean inFrame() {
            return !(gazeX < 0 && gazeY < 0);
        }

        public double[] box() {
            return new double[] {xmin, ymin, xmax, ymax};
        }
    }

    private GazeIndex() {
    }

    /** Writes rows under the header; a row whose gaze is outside the frame is written {@code -1,-1}. */
    public static void write(List<Row> rows, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (Row r : rows) {
            out.write(String.format(Locale.ROOT, "%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n", r.track(), r.image(), r.xmin(),
                    r.ymin(), r.xmax(), r.ymax(), r.inFrame() ? r.gazeX() : -1, r.inFrame() ? r.gazeY() : -1));
        }
    }

    /**
     * The rows as chunks of {@code length} consecutive frames of one track, in order; a track's last frames that do
     * not fill a chunk are left out (a track shorter than a chunk gives none).
     */
    public static List<List<Row>> chunks(List<Row> rows, int length) {
        List<List<Row>> chunks = new ArrayList<>();
        for (List<Row> track : tracks(rows).values()) {
            for (int i = 0; i + length <= track.size(); i += length) {
                chunks.add(List.copyOf(track.subList(i, i + length)));
            }
        }
        return chunks;
    }

    /**
     * Reads a gaze index.
     *
     * @param name the file's name for messages (say {@code datasets/vat/val.csv})
     * @throws GazeIndexFormatException for a file that is not a gaze index (another header, a COCO JSON file), a row
     *     of another number of fields, a field that is not a number, a head box without area, or no rows
     */
    public static List<Row> read(InputStream in, String name) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line == null || !line.trim().equals(HEADER)) {
                String first = line == null ? "nothing" : "'" + abbreviate(line.trim()) + "'";
                throw new GazeIndexFormatException(name + " is not a gaze index: its first line must be '" + HEADER
                        + "', it is " + first + " (a gaze-target checkpoint is evaluated on a gaze index, which"
                        + " 'framewise gaze index' writes from a VideoAttentionTarget folder)");
            }
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 8) {
                    throw new GazeIndexFormatException(name + " line " + number + " has " + f.length
                            + " fields, expected 8: " + HEADER);
                }
                double[] v = new double[6];
                for (int i = 0; i < 6; i++) {
                    try {
                        v[i] = Double.parseDouble(f[i + 2].trim());
                    } catch (NumberFormatException e) {
                        throw new GazeIndexFormatException(name + " line " + number + ": " + HEADER.split(",")[i + 2]
                                + " '" + f[i + 2].trim() + "' is not a number");
                    }
                    if (!Double.isFinite(v[i])) {
                        throw new GazeIndexFormatException(name + " line " + number + ": " + HEADER.split(",")[i + 2]
                                + " is not finite");
                    }
                }
                if (f[1].trim().isEmpty()) {
                    throw new GazeIndexFormatException(name + " line " + number + ": no image");
                }
                if (!(v[2] > v[0]) || !(v[3] > v[1])) {
                    throw new GazeIndexFormatException(name + " line " + number + ": the head box has no area");
                }
                boolean outside = v[4] < 0 && v[5] < 0;
                rows.add(new Row(number, f[0].trim(), f[1].trim(), v[0], v[1], v[2], v[3], outside ? -1 : v[4],
                        outside ? -1 : v[5]));
            }
        }
        if (rows.isEmpty()) {
            throw new GazeIndexFormatException(name + " is a gaze index without rows");
        }
        return rows;
    }

    /** The rows by track, each track's rows in file order, tracks in order of first appearance. */
    public static Map<String, List<Row>> tracks(List<Row> rows) {
        Map<String, List<Row>> tracks = new LinkedHashMap<>();
        for (Row r : rows) {
            tracks.computeIfAbsent(r.track(), k -> new ArrayList<>()).add(r);
        }
        return tracks;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
