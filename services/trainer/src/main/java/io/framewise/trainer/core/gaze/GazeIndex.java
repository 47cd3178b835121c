package io.framewise.trainer.core.gaze;

import io.framewise.trainer.core.InvalidDatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A gaze dataset as one CSV file, what the gaze family trains from (the index of a training request, like a COCO file
 * for a detector): one row per annotated head per frame, {@code track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y}, the
 * image a path below the images root, the box and gaze point in pixels, gaze {@code -1,-1} when the person looks
 * outside the frame. Rows of one track are consecutive frames, in order. Image paths are relative to the images
 * root, by default the index file's folder. {@code framewise gaze index} writes it from
 * the VideoAttentionTarget layout.
 */
public final class GazeIndex {

    public static final String HEADER = "track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y";

    /** One annotated head in one frame; {@code gazeX}/{@code gazeY} are NaN when the gaze is outside the frame. */
    public record Row(String track, String image, double xmin, double ymin, double xmax, double ymax, double gazeX,
            double gazeY) {

        public boolean inFrame() {
            return !Double.isNaN(gazeX);
        }

        public double[] box() {
            return new double[] {xmin, ymin, xmax, ymax};
        }
    }

    private GazeIndex() {
    }

    public static void write(List<Row> rows, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (Row r : rows) {
            out.write(String.format(Locale.ROOT, "%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n", r.track(), r.image(), r.xmin(),
                    r.ymin(), r.xmax(), r.ymax(), r.inFrame() ? r.gazeX() : -1, r.inFrame() ? r.gazeY() : -1));
        }
    }

    public static List<Row> read(InputStream in, String name) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || !line.trim().equals(HEADER)) {
                throw new InvalidDatasetException(name + " is not a gaze index: its first line must be '" + HEADER
                        + "' ('framewise gaze index' writes one from a VideoAttentionTarget folder)");
            }
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 8) {
                    throw new InvalidDatasetException(name + " line " + number + " has " + f.length
                            + " fields, expected 8: " + HEADER);
                }
                double[] v = new double[6];
                for (int i = 0; i < 6; i++) {
                    try {
                        v[i] = Double.parseDouble(f[i + 2].trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidDatasetException(name + " line " + number + ": '" + f[i + 2].trim()
                                + "' is not a number");
                    }
                }
                if (!(v[2] > v[0]) || !(v[3] > v[1])) {
                    throw new InvalidDatasetException(name + " line " + number + ": the head box has no area");
                }
                boolean outside = v[4] < 0 && v[5] < 0;
                rows.add(new Row(f[0].trim(), f[1].trim(), v[0], v[1], v[2], v[3], outside ? Double.NaN : v[4],
                        outside ? Double.NaN : v[5]));
            }
        }
        if (rows.isEmpty()) {
            throw new InvalidDatasetException(name + " has no rows");
        }
        return rows;
    }

    /**
     * The rows as chunks of {@code length} consecutive frames of one track, in order; a track's last frames that do
     * not fill a chunk are left out (a track shorter than a chunk gives none).
     */
    public static List<List<Row>> chunks(List<Row> rows, int length) {
        Map<String, List<Row>> tracks = new LinkedHashMap<>();
        for (Row r : rows) {
            tracks.computeIfAbsent(r.track(), k -> new ArrayList<>()).add(r);
        }
        List<List<Row>> chunks = new ArrayList<>();
        for (List<Row> track : tracks.values()) {
            for (int i = 0; i + length <= track.size(); i += length) {
                chunks.add(List.copyOf(track.subList(i, i + length)));
            }
        }
        return chunks;
    }
}
