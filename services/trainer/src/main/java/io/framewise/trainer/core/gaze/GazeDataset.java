package io.framewise.trainer.core.gaze;

import io.framewise.common.image.ImageDecoding;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.InvalidDatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gaze-following dataset in the VideoAttentionTarget layout:
 *
 * <pre>
 * images/&lt;show&gt;/&lt;clip&gt;/&lt;frame file&gt;
 * annotations/&lt;split&gt;/&lt;show&gt;/&lt;clip&gt;/&lt;track&gt;.txt   one file per annotated person
 * </pre>
 *
 * Each row of a track file is {@code frame, xmin, ymin, xmax, ymax, gaze_x, gaze_y} (comma-separated, pixels;
 * {@code -1, -1} when the gaze target is outside the frame). A first row whose box fields are not numbers is a
 * header and is skipped; blank lines are skipped. The frame is kept as written: a name with an image extension
 * ({@code 00012.jpg}) must be in the clip's folder; a bare name ({@code 12}) is looked up as {@code 12.jpg},
 * {@code .jpeg}, {@code .png}, {@code .ppm}, {@code .pgm}, {@code .pnm} (in that order, extension case ignored).
 * Images of any format {@link ImageDecoding} reads may be mixed in one dataset.
 *
 * <p>Tracks are in (show, clip, track) order, frames in file order. Errors are {@link InvalidDatasetException}s
 * naming the file and line.
 */
public final class GazeDataset {

    /** Extensions tried, in order, for a frame written without one. */
    static final List<String> FRAME_EXTENSIONS = List.of("jpg", "jpeg", "png", "ppm", "pgm", "pnm");

    private static final String COLUMNS = "frame, xmin, ymin, xmax, ymax, gaze_x, gaze_y";

    private final String name;
    private final String split;
    private final List<GazeTrack> tracks;
    private final ImageSource images;

    public GazeDataset(String name, String split, List<GazeTrack> tracks, ImageSource images) {
        this.name = name;
        this.split = split;
        this.tracks = List.copyOf(tracks);
        this.images = images;
    }

    /** The dataset under a local folder; its name is the folder's name. */
    public static GazeDataset read(Path root, String split) throws IOException {
        return read(GazeLayout.folder(root), split);
    }

    /** The dataset of a layout (a local folder, the keys below an object-store prefix...). */
    public static GazeDataset read(GazeLayout layout, String split) throws IOException {
        if (split == null || split.isEmpty() || split.contains("/") || split.equals(".") || split.equals("..")) {
            throw new IllegalArgumentException("the split must be a folder name below annotations/ (train, test...), not '" + split + "'");
        }
        String splitFolder = "annotations/" + split + "/";
        List<String[]> trackFiles = new ArrayList<>();
        for (String path : layout.files(splitFolder)) {
            if (!path.endsWith(".txt")) {
                continue;
            }
            String[] parts = path.substring(splitFolder.length()).split("/", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].length() <= ".txt".length()) {
                throw new InvalidDatasetException(layout.describe(path) + " is not where a track file goes: "
                        + splitFolder + "<show>/<clip>/<track>.txt");
            }
            trackFiles.add(new String[] {parts[0], parts[1], parts[2].substring(0, parts[2].length() - 4), path});
        }
        if (trackFiles.isEmpty()) {
            Set<String> splits = new TreeSet<>();
            for (String path : layout.files("annotations/")) {
                String rest = path.substring("annotations/".length());
                if (rest.contains("/")) {
                    splits.add(rest.substring(0, rest.indexOf('/')));
                }
            }
            throw new InvalidDatasetException("no track files (" + splitFolder + "<show>/<clip>/<track>.txt) in "
                    + layout.describe("") + (splits.isEmpty() ? "" : "; the splits there are " + String.join(", ", splits)));
        }
        trackFiles.sort(Comparator.<String[], String>comparing(t -> t[0]).thenComparing(t -> t[1]).thenComparing(t -> t[2]));
        Map<String, ClipImages> clips = new HashMap<>();
        List<GazeTrack> tracks = new ArrayList<>();
        for (String[] t : trackFiles) {
            ClipImages clip = clips.computeIfAbsent(t[0] + "/" + t[1], c -> new ClipImages(layout, c));
            tracks.add(new GazeTrack(t[0], t[1], t[2], readTrack(layout, t[3], t[0] + "/" + t[1], clip)));
        }
        return new GazeDataset(layout.name(), split, tracks, layout.images());
    }

    private static List<GazeFrame> readTrack(GazeLayout layout, String path, String clipKey, ClipImages clip) throws IOException {
        List<GazeFrame> frames = new ArrayList<>();
        String where = layout.describe(path);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(layout.open(path), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = fields[i].trim();
                }
                if (first) {
                    first = false;
                    if (isHeader(fields)) {
                        continue;
                    }
                }
                String at = where + " line " + number + ": ";
                if (fields.length != 7) {
                    throw new InvalidDatasetException(at + "expected 7 fields (" + COLUMNS + "), found " + fields.length);
                }
                String frame = fields[0];
                if (frame.isEmpty()) {
                    throw new InvalidDatasetException(at + "no frame name");
                }
                double xmin = number(fields[1], "xmin", at);
                double ymin = number(fields[2], "ymin", at);
                double xmax = number(fields[3], "xmax", at);
                double ymax = number(fields[4], "ymax", at);
                double gx = number(fields[5], "gaze_x", at);
                double gy = number(fields[6], "gaze_y", at);
                if (xmax <= xmin || ymax <= ymin) {
                    throw new InvalidDatasetException(at + "the head box " + fields[1] + "," + fields[2] + " - " + fields[3]
                            + "," + fields[4] + " is empty (xmax must be above xmin, ymax above ymin)");
                }
                String file = clip.find(frame);
                if (file == null) {
                    throw new InvalidDatasetException(at + "frame " + frame + " has no image in " + clip.describe()
                            + (ImageDecoding.isImageName(frame) ? "" : " (tried " + frame + "." + String.join("|", FRAME_EXTENSIONS) + ")"));
                }
                boolean inFrame = !(gx == -1 && gy == -1);
                frames.add(new GazeFrame(clipKey + "/" + file, frame, xmin, ymin, xmax, ymax,
                        inFrame ? gx : Double.NaN, inFrame ? gy : Double.NaN, inFrame));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException(where + " does not exist");
        }
        return frames;
    }

    /** A first row is a header when it has fields after the frame and none of its box fields is a number. */
    private static boolean isHeader(String[] fields) {
        if (fields.length < 2) {
            return false;
        }
        for (int i = 1; i <= 4 && i < fields.length; i++) {
            if (parse(fields[i]) != null) {
                return false;
            }
        }
        return true;
    }

    private static double number(String field, String column, String at) {
        Double value = parse(field);
        if (value == null) {
            throw new InvalidDatasetException(at + column + " '" + field + "' is not a number");
        }
        return value;
    }

    private static Double parse(String field) {
        if (field.isEmpty() || !Character.isDigit(field.charAt(field.length() - 1)) && field.charAt(field.length() - 1) != '.') {
            return null; // refuses "NaN", "Infinity", "1e", "2d", "3f" that Double.parseDouble would take
        }
        try {
            double value = Double.parseDouble(field);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The image files of one clip folder, listed once. */
    private static final class ClipImages {
        private final GazeLayout layout;
        private final String folder;
        private Set<String> files;
        private Map<String, String> byLowerName;

        ClipImages(GazeLayout layout, String clipKey) {
            this.layout = layout;
            this.folder = "images/" + clipKey + "/";
        }

        String describe() {
            return layout.describe(folder);
        }

        /** The file name of the frame's image in this clip, or null. */
        String find(String frame) throws IOException {
            if (files == null) {
                files = new LinkedHashSet<>();
                byLowerName = new LinkedHashMap<>();
                for (String path : layout.files(folder)) {
                    String file = path.substring(folder.length());
                    if (!file.contains("/")) {
                        files.add(file);
                        byLowerName.putIfAbsent(file.toLowerCase(Locale.ROOT), file);
                    }
                }
            }
            if (ImageDecoding.isImageName(frame)) {
                return files.contains(frame) ? frame : null;
            }
            for (String extension : FRAME_EXTENSIONS) {
                if (files.contains(frame + "." + extension)) {
                    return frame + "." + extension;
                }
                String other = byLowerName.get((frame + "." + extension).toLowerCase(Locale.ROOT));
                if (other != null && other.startsWith(frame + ".")) {
                    return other;
                }
            }
            return null;
        }
    }

    public String name() {
        return name;
    }

    public String split() {
        return split;
    }

    public List<GazeTrack> tracks() {
        return tracks;
    }

    /** Reads a frame's image by its {@link GazeFrame#imageKey()}. */
    public ImageSource images() {
        return images;
    }

    public int frameCount() {
        return tracks.stream().mapToInt(t -> t.frames().size()).sum();
    }

    /** The same data under another name (before {@link #concat}ing two datasets whose folders have the same name). */
    public GazeDataset named(String newName) {
        return new GazeDataset(newName, split, tracks, images);
    }

    /**
     * Runs of {@code chunkSize} consecutive frames of each track, in track order; a track's last, shorter run is
     * kept (a temporal model masks the missing steps), so every frame is in exactly one chunk.
     */
    public List<GazeChunk> chunks(int chunkSize) {
        return chunks(chunkSize, true);
    }

    /** As {@link #chunks(int)}; with {@code keepShorterLast} false a track's last run shorter than the size is dropped. */
    public List<GazeChunk> chunks(int chunkSize, boolean keepShorterLast) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("the chunk size must be positive, not " + chunkSize);
        }
        List<GazeChunk> chunks = new ArrayList<>();
        for (GazeTrack track : tracks) {
            List<GazeFrame> frames = track.frames();
            for (int start = 0; start < frames.size(); start += chunkSize) {
                int end = Math.min(frames.size(), start + chunkSize);
                if (end - start == chunkSize || keepShorterLast) {
                    chunks.add(new GazeChunk(track, start, frames.subList(start, end)));
                }
            }
        }
        return chunks;
    }

    /**
     * Several datasets as one: each track's show becomes {@code <dataset name>/<show>} and each image key
     * {@code <dataset name>/<key>}, so equal show and clip names of two datasets stay apart, and
     * {@link #images()} sends each key to its own dataset. Names must differ (see {@link #named}) and have no
     * {@code /}. The result is named {@code a+b}; its split is the parts' split if they share one, else {@code a+b}
     * of theirs.
     */
    public static GazeDataset concat(GazeDataset... parts) {
        return concat(List.of(parts));
    }

    public static GazeDataset concat(List<GazeDataset> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Map<String, ImageSource> sources = new LinkedHashMap<>();
        List<GazeTrack> tracks = new ArrayList<>();
        Set<String> splits = new LinkedHashSet<>();
        for (GazeDataset part : parts) {
            String prefix = part.name();
            if (prefix.isEmpty() || prefix.contains("/")) {
                throw new IllegalArgumentException("dataset name '" + prefix + "' cannot prefix its shows: give it a name without '/' (named(...))");
            }
            if (sources.putIfAbsent(prefix, part.images()) != null) {
                throw new IllegalArgumentException("two datasets are named '" + prefix + "': rename one (named(...)) to keep their shows apart");
            }
            splits.add(part.split());
            for (GazeTrack track : part.tracks()) {
                tracks.add(new GazeTrack(prefix + "/" + track.show(), track.clip(), track.track(),
                        track.frames().stream().map(f -> f.under(prefix)).toList()));
            }
        }
        ImageSource images = key -> {
            int slash = key.indexOf('/');
            ImageSource source = slash < 0 ? null : sources.get(key.substring(0, slash));
            if (source == null) {
                throw new NoSuchFileException(key + " names none of the datasets " + String.join(", ", sources.keySet()));
            }
            return source.read(key.substring(slash + 1));
        };
        return new GazeDataset(String.join("+", sources.keySet()), String.join("+", splits), tracks, images);
    }
}
