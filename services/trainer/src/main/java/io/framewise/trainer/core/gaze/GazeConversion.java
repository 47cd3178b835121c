package io.framewise.trainer.core.gaze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.image.ImageDecoding;
import io.framewise.trainer.core.InvalidDatasetException;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a folder of frames and their LabelMe labels into the VideoAttentionTarget layout {@link GazeDataset} reads.
 *
 * <p><b>Input.</b> Each subfolder of the frames folder is a <i>setting</i> (one camera position, say) and becomes
 * a clip: {@code images/<show>/<setting>/<frame file>} and {@code annotations/<split>/<show>/<setting>/<track>.txt}.
 * (A frames folder with images and no subfolder is one setting named after the folder.) Frames are the JPEG, PNG,
 * PPM... files of a setting, in natural name order ({@code f2} before {@code f10}); names are kept as they are.
 *
 * <p><b>Labels.</b> LabelMe JSON: {@code <frame stem>.json} in the setting's folder (or in the same-named subfolder
 * of a separate labels folder). Its {@code shapes} hold, per person, one {@code rectangle} labelled {@code head}
 * and at most one {@code point} labelled {@code gaze}. Several people: give each person's pair a LabelMe
 * {@code group_id}, or number the labels ({@code head1}/{@code gaze1}, {@code head2}/{@code gaze2}); the person's
 * number is the group id, else the label's number, else 0 (both given must agree). Any other label is an error.
 * A head without a gaze point means the person looks outside the frame ({@code -1,-1}); a gaze point without a
 * head is an error; a label file with no shapes says nobody is labelled in that frame. Person {@code n} becomes
 * track {@code s<nn>} ({@code s00}, {@code s01}...). {@code imageWidth}/{@code imageHeight} are not used.
 *
 * <p><b>One label for many frames.</b> A frame without its own label file takes the labels of the nearest earlier
 * labelled frame of its setting; frames before the first labelled one take the first. A setting without any label
 * file is an error (leave it out with {@link Options#settings}).
 *
 * <p>Rows are written without a header, {@code frame,xmin,ymin,xmax,ymax,gaze_x,gaze_y} with the frame's file name.
 * Existing annotation files of a converted clip are refused unless {@link Options#overwrite}, which replaces that
 * clip's track files; images are copied (or linked) over whatever is there.
 */
public final class GazeConversion {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("(head|gaze)[ _-]?(\\d*)");

    private GazeConversion() {
    }

    /** How frames get into {@code images/}. */
    public enum Transfer { COPY, SYMLINK, HARDLINK }

    /**
     * @param split the annotations' split folder ({@code train}, {@code test})
     * @param show the show the settings become clips of; null: the frames folder's name
     * @param settings the settings (subfolder names) to convert; empty: all
     * @param labels where the LabelMe files are (same subfolders as the frames); null: next to the frames
     */
    public record Options(String split, String show, List<String> settings, Path labels, Transfer transfer, boolean overwrite) {

        public Options {
            settings = List.copyOf(settings);
        }

        /** Split {@code train}, show named after the frames folder, all settings, labels next to frames, copied. */
        public static Options defaults() {
            return new Options("train", null, List.of(), null, Transfer.COPY, false);
        }

        public Options withSplit(String value) {
            return new Options(value, show, settings, labels, transfer, overwrite);
        }

        public Options withShow(String value) {
            return new Options(split, value, settings, labels, transfer, overwrite);
        }

        public Options withSettings(List<String> value) {
            return new Options(split, show, value, labels, transfer, overwrite);
        }

        public Options withLabels(Path value) {
            return new Options(split, show, settings, value, transfer, overwrite);
        }

        public Options withTransfer(Transfer value) {
            return new Options(split, show, settings, labels, value, overwrite);
        }

        public Options withOverwrite(boolean value) {
            return new Options(split, show, settings, labels, transfer, value);
        }
    }

    /** What was written: per setting (clip) its frames, label files and tracks. */
    public record Result(String show, String split, List<Clip> clips) {

        public record Clip(String setting, int frames, int labelFiles, List<String> tracks, int rows) {
        }

        public int rows() {
            return clips.stream().mapToInt(Clip::rows).sum();
        }
    }

    /** One person in one label file: head box, and gaze point or null. */
    private record Person(double xmin, double ymin, double xmax, double ymax, double[] gaze) {
    }

    public static Result convert(Path frames, Path output, Options options) throws IOException {
        if (!Files.isDirectory(frames)) {
            throw new IllegalArgumentException(frames + " is not a folder");
        }
        Path framesRoot = frames.toAbsolutePath().normalize();
        String show = options.show() != null ? options.show() : framesRoot.getFileName().toString();
        folderName(show, "show");
        folderName(options.split(), "split");
        Path labelsRoot = options.labels() == null ? framesRoot : options.labels().toAbsolutePath().normalize();

        Map<String, Path> all = settings(framesRoot);
        List<String> chosen = options.settings().isEmpty() ? List.copyOf(all.keySet()) : options.settings();
        for (String s : chosen) {
            if (!all.containsKey(s)) {
                throw new IllegalArgumentException("no setting '" + s + "' in " + framesRoot + "; the settings are "
                        + String.join(", ", all.keySet()));
            }
        }
        // Every label is read and every target checked before anything is written.
        List<Plan> plans = new ArrayList<>();
        for (String setting : chosen) {
            Path folder = all.get(setting);
            Path labelFolder = folder.equals(framesRoot) ? labelsRoot : labelsRoot.resolve(setting);
            plans.add(plan(setting, folder, labelFolder));
        }
        for (Plan plan : plans) {
            List<Path> existing = trackFiles(annotations(output, options, show, plan.setting()));
            if (!existing.isEmpty() && !options.overwrite()) {
                throw new IllegalArgumentException(existing.get(0).getParent() + " already has track files ("
                        + existing.get(0).getFileName() + "...); convert into another folder, or overwrite");
            }
        }
        List<Result.Clip> clips = new ArrayList<>();
        for (Plan plan : plans) {
            clips.add(write(plan, output, show, options));
        }
        return new Result(show, options.split(), clips);
    }

    /** The settings by name: the subfolders with frames, or the frames folder itself if it has frames and no such subfolder. */
    private static Map<String, Path> settings(Path root) throws IOException {
        Map<String, Path> settings = new TreeMap<>(GazeConversion::natural);
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.sorted().toList();
        }
        boolean topFrames = false;
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                if (!frameFiles(entry).isEmpty()) {
                    settings.put(entry.getFileName().toString(), entry);
                }
            } else if (ImageDecoding.isImageName(entry.getFileName().toString())) {
                topFrames = true;
            }
        }
        if (topFrames && !settings.isEmpty()) {
            throw new InvalidDatasetException(root + " has frames both directly in it and in setting subfolders ("
                    + String.join(", ", settings.keySet()) + "); move the loose frames into a setting folder");
        }
        if (topFrames) {
            settings.put(root.getFileName().toString(), root);
        }
        if (settings.isEmpty()) {
            throw new InvalidDatasetException("no frames (JPEG, PNG, PPM...) in " + root + " or its subfolders");
        }
        return settings;
    }

    private static List<Path> frameFiles(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> Files.isRegularFile(p) && ImageDecoding.isImageName(p.getFileName().toString()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), GazeConversion::natural)).toList();
        }
    }

    /** A setting read and labelled, not yet written: rows per person number. */
    private record Plan(String setting, List<Path> frames, int labelFiles, Map<Integer, StringBuilder> rows, int rowCount) {
    }

    private static Path annotations(Path output, Options options, String show, String setting) {
        return output.resolve("annotations").resolve(options.split()).resolve(show).resolve(setting);
    }

    private static List<Path> trackFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }

    private static Plan plan(String setting, Path folder, Path labelFolder) throws IOException {
        List<Path> frames = frameFiles(folder);
        Map<String, Integer> indexOfStem = new LinkedHashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            String stem = stem(frames.get(i).getFileName().toString());
            if (indexOfStem.putIfAbsent(stem, i) != null) {
                indexOfStem.put(stem, -1); // two frames share a stem: a label file cannot tell which
            }
        }
        // Label files by frame index.
        TreeMap<Integer, Map<Integer, Person>> labelled = new TreeMap<>();
        if (Files.isDirectory(labelFolder)) {
            List<Path> jsons;
            try (Stream<Path> list = Files.list(labelFolder)) {
                jsons = list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                        .sorted().toList();
            }
            for (Path json : jsons) {
                String stem = stem(json.getFileName().toString());
                Integer index = indexOfStem.get(stem);
                if (index == null) {
                    throw new InvalidDatasetException(json + " labels frame " + stem + ", which is not in " + folder);
                }
                if (index < 0) {
                    throw new InvalidDatasetException(json + " could label several frames named " + stem + ".* in " + folder
                            + "; keep one image per frame name");
                }
                labelled.put(index, readLabelMe(json));
            }
        }
        if (labelled.isEmpty()) {
            throw new InvalidDatasetException("setting " + setting + " has no LabelMe file (<frame>.json) in " + labelFolder
                    + "; label at least one frame or leave the setting out");
        }
        // Rows per person, frames in order.
        Map<Integer, StringBuilder> rows = new TreeMap<>();
        int rowCount = 0;
        for (int i = 0; i < frames.size(); i++) {
            Map.Entry<Integer, Map<Integer, Person>> label = labelled.floorEntry(i);
            if (label == null) {
                label = labelled.firstEntry();
            }
            String frame = frames.get(i).getFileName().toString();
            for (Map.Entry<Integer, Person> e : label.getValue().entrySet()) {
                Person p = e.getValue();
                rows.computeIfAbsent(e.getKey(), k -> new StringBuilder()).append(frame).append(',')
                        .append(number(p.xmin())).append(',').append(number(p.ymin())).append(',')
                        .append(number(p.xmax())).append(',').append(number(p.ymax())).append(',')
                        .append(p.gaze() == null ? "-1" : number(p.gaze()[0])).append(',')
                        .append(p.gaze() == null ? "-1" : number(p.gaze()[1])).append('\n');
                rowCount++;
            }
        }
        return new Plan(setting, frames, labelled.size(), rows, rowCount);
    }

    private static Result.Clip write(Plan plan, Path output, String show, Options options) throws IOException {
        String setting = plan.setting();
        Path annotations = annotations(output, options, show, setting);
        for (Path old : trackFiles(annotations)) {
            Files.delete(old); // only reached with overwrite: a previous conversion may have had more people
        }
        Path images = output.resolve("images").resolve(show).resolve(setting);
        Files.createDirectories(images);
        for (Path frame : plan.frames()) {
            transfer(frame, images.resolve(frame.getFileName().toString()), options.transfer());
        }
        Files.createDirectories(annotations);
        List<String> tracks = new ArrayList<>();
        for (Map.Entry<Integer, StringBuilder> e : plan.rows().entrySet()) {
            String track = String.format(Locale.ROOT, "s%02d", e.getKey());
            tracks.add(track);
            try (Writer out = Files.newBufferedWriter(annotations.resolve(track + ".txt"), StandardCharsets.UTF_8)) {
                out.write(e.getValue().toString());
            }
        }
        return new Result.Clip(setting, plan.frames().size(), plan.labelFiles(), tracks, plan.rowCount());
    }

    /** The people of a LabelMe file by person number. */
    private static Map<Integer, Person> readLabelMe(Path json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidDatasetException(json + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("shapes").isArray()) {
            throw new InvalidDatasetException(json + " is not a LabelMe file (no 'shapes' list)");
        }
        Map<Integer, double[]> heads = new TreeMap<>();
        Map<Integer, double[]> gazes = new TreeMap<>();
        int index = 0;
        for (JsonNode shape : root.path("shapes")) {
            String at = json + ": shape " + index++ + " ";
            String label = shape.path("label").asText("").trim();
            Matcher m = LABEL.matcher(label.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new InvalidDatasetException(at + "is labelled '" + label + "'; the labels are head and gaze "
                        + "(with a group_id per person, or numbered: head1, gaze1, head2...)");
            }
            boolean head = m.group(1).equals("head");
            JsonNode group = shape.path("group_id");
            Integer fromGroup = group.isIntegralNumber() ? group.asInt() : null;
            Integer fromLabel = m.group(2).isEmpty() ? null : Integer.valueOf(m.group(2));
            if (fromGroup != null && fromLabel != null && !fromGroup.equals(fromLabel)) {
                throw new InvalidDatasetException(at + "'" + label + "' has group_id " + fromGroup + ": they name different people");
            }
            int person = fromGroup != null ? fromGroup : fromLabel != null ? fromLabel : 0;
            if (person < 0) {
                throw new InvalidDatasetException(at + "has a negative group_id " + person);
            }
            String type = shape.path("shape_type").asText("");
            JsonNode points = shape.path("points");
            if (head) {
                if (!type.equals("rectangle") || points.size() != 2) {
                    throw new InvalidDatasetException(at + "'" + label + "' must be a rectangle (two corner points), not a "
                            + (type.isEmpty() ? "shape without shape_type" : type));
                }
                double[] a = point(points.get(0), at);
                double[] b = point(points.get(1), at);
                double[] box = {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])};
                if (box[2] <= box[0] || box[3] <= box[1]) {
                    throw new InvalidDatasetException(at + "'" + label + "' is an empty rectangle");
                }
                if (heads.put(person, box) != null) {
                    throw new InvalidDatasetException(json + ": person " + person + " has two heads; give each person its own group_id or number");
                }
            } else {
                if (!type.equals("point") || points.size() != 1) {
                    throw new InvalidDatasetException(at + "'" + label + "' must be a point, not a "
                            + (type.isEmpty() ? "shape without shape_type" : type));
                }
                if (gazes.put(person, point(points.get(0), at)) != null) {
                    throw new InvalidDatasetException(json + ": person " + person + " has two gaze points");
                }
            }
        }
        for (Integer person : gazes.keySet()) {
            if (!heads.containsKey(person)) {
                throw new InvalidDatasetException(json + ": person " + person + " has a gaze point but no head rectangle");
            }
        }
        Map<Integer, Person> people = new TreeMap<>();
        heads.forEach((person, b) -> people.put(person, new Person(b[0], b[1], b[2], b[3], gazes.get(person))));
        return people;
    }

    private static double[] point(JsonNode point, String at) {
        if (point == null || !point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
            throw new InvalidDatasetException(at + "has a point that is not [x, y]");
        }
        return new double[] {point.get(0).asDouble(), point.get(1).asDouble()};
    }

    private static void transfer(Path from, Path to, Transfer how) throws IOException {
        switch (how) {
            case COPY -> Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            case SYMLINK -> {
                Files.deleteIfExists(to);
                Files.createSymbolicLink(to, from.toAbsolutePath());
            }
            case HARDLINK -> {
                Files.deleteIfExists(to);
                Files.createLink(to, from);
            }
        }
    }

    private static void folderName(String name, String what) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("the " + what + " must be a folder name, not '" + name + "'");
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot <= 0 ? file : file.substring(0, dot);
    }

    /** Pixels as short as they are exact: {@code 12}, {@code 12.5}. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Natural order: digit runs compared as numbers ({@code f2} before {@code f10}), then the plain string order. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String da = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
