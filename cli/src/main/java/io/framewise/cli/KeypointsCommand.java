package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.image.ImageDecoding;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Keypoint;
import io.framewise.common.model.keypoints.LoadedPoseModel;
import io.framewise.common.model.keypoints.ModelArchive;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.PoseDataset;
import io.framewise.trainer.core.PoseInputCheck;
import io.framewise.trainer.core.PoseSigmas;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The pose (keypoint) family's offline tools. */
@Command(name = "keypoints", mixinStandardHelpOptions = true,
        header = "Offline tools of the pose family: sigmas, input check, MARS conversion, predict, export.",
        description = {"A pose model (family stacked-hourglass) is trained like any other: 'framewise train-file --family",
            "stacked-hourglass --train keypoints.json --set sigmas=...' offline, or 'framewise train' in the service.",
            "These commands prepare its data and use its checkpoints on local files:",
            "  sigmas        per-part OKS sigmas from repeated annotations, for --set sigmas=...",
            "  check         training inputs after augmentation, with their target heatmaps, as pictures",
            "  convert-mars  MARS per-image records (normalized parts and boxes) to a COCO keypoints file",
            "  predict       poses inside the ground truth's boxes, as COCO keypoint results for 'eval-file --keypoints'",
            "  export        a checkpoint as one self-contained model archive (.zip)"},
        subcommands = {KeypointsCommand.Sigmas.class, KeypointsCommand.Check.class, KeypointsCommand.ConvertMars.class,
            KeypointsCommand.Predict.class, KeypointsCommand.Export.class})
final class KeypointsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        System.err.println("framewise keypoints: name a command: sigmas, check, convert-mars, predict or export"
                + " (framewise keypoints --help)");
        return 2;
    }

    private static List<String> names(String text) {
        return text == null ? null : Arrays.stream(text.split(",")).map(String::trim).toList();
    }

    private static PoseDataset read(Path file, String parts) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return PoseDataset.read(in, file.toString(), names(parts));
        }
    }

    @Command(name = "sigmas", mixinStandardHelpOptions = true,
            header = "Per-part OKS sigmas from repeated annotations of the same objects.",
            description = {"Reads a COCO keypoints file in which every object is annotated several times (by several",
                "annotators): annotations of the same image and category are one object, unless an instance_id (or",
                "track_id) tells objects apart. A part's sigma is the standard deviation of the clicks about their mean,",
                "per axis, divided by the object's scale sqrt(area): what COCO's kpt_oks_sigmas are.",
                "Prints one line per part and the --set value to train with; --out writes the numbers as JSON."})
    static final class Sigmas implements Callable<Integer> {

        @Parameters(paramLabel = "ANNOTATIONS.json", description = "COCO keypoints file with repeated annotations.")
        Path annotations;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write {parts, sigmas, objects, clicks} as JSON.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PoseSigmas.Result r;
            try (InputStream in = Files.newInputStream(annotations)) {
                r = PoseSigmas.compute(in, annotations.toString());
            }
            List<String> values = new ArrayList<>();
            for (int p = 0; p < r.parts().size(); p++) {
                System.out.printf(Locale.ROOT, "%-20s sigma %.4f  (%d objects, %d clicks)%n", r.parts().get(p),
                        r.sigmas()[p], r.objects()[p], r.clicks()[p]);
                values.add(String.format(Locale.ROOT, "%.4f", r.sigmas()[p]));
            }
            System.out.println("--set sigmas=" + String.join(",", values));
            if (out != null) {
                ObjectNode json = JSON.createObjectNode();
                r.parts().forEach(json.putArray("parts")::add);
                Arrays.stream(r.sigmas()).forEach(json.putArray("sigmas")::add);
                Arrays.stream(r.objects()).forEach(json.putArray("objects")::add);
                Arrays.stream(r.clicks()).forEach(json.putArray("clicks")::add);
                JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Render training inputs after augmentation with their target heatmaps.",
            description = {"For each of the first --instances annotated objects, writes one PNG strip to --out: the plain",
                "crop the network sees, then --variants augmented ones, each with the heatmap targets (red) and the",
                "keypoints and skeleton drawn where the targets put them. Look at them before a long run: a",
                "misaligned dot, a flip that does not swap left and right, or a crop that cuts the object shows here.",
                "--set takes the same model settings and augmentation options as train-file (imageSize, padFactor,",
                "sigmas, flipPairs, rotationMaxDegrees, flipFrequency, ...)."})
    static final class Check implements Callable<Integer> {

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "COCO keypoints file or MARS records.")
        Path data;

        @Option(names = "--images", paramLabel = "DIR", description = "Folder the file names are relative to (default: the file's folder).")
        Path images;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the PNG strips go.")
        Path out;

        @Option(names = "--instances", defaultValue = "8", description = "Objects to render (default: ${DEFAULT-VALUE}).")
        int instances;

        @Option(names = "--variants", defaultValue = "5", description = "Augmented tiles per object (default: ${DEFAULT-VALUE}).")
        int variants;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the augmentation (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A model setting or augmentation option (repeatable).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            PoseDataset dataset = read(data, settings.get("parts"));
            Path root = images != null ? images : data.toAbsolutePath().getParent();
            List<PoseInputCheck.Strip> strips = PoseInputCheck.render(dataset, ImageSource.folder(root), settings,
                    instances, variants, seed);
            Files.createDirectories(out);
            for (PoseInputCheck.Strip strip : strips) {
                ImageIO.write(strip.image(), "png", out.resolve(strip.name() + ".png").toFile());
            }
            System.out.printf(Locale.ROOT, "{\"strips\":%d,\"variants\":%d,\"out\":\"%s\"}%n", strips.size(), variants,
                    out);
            return 0;
        }
    }

    @Command(name = "convert-mars", mixinStandardHelpOptions = true,
            header = "Convert MARS per-image pose records to a COCO keypoints file.",
            description = {"MARS records are a JSON array, one per image: filename, width, height and object.bbox",
                "(xmin, xmax, ymin, ymax lists, normalized, one value per instance) and object.parts (x, y, v lists,",
                "normalized, each instance's parts in turn; v 0 outside the image, 1 occluded, 2 visible), optionally",
                "object.area. Writes pixel coordinates, boxes, areas and num_keypoints, with --parts as the part names."})
    static final class ConvertMars implements Callable<Integer> {

        @Parameters(paramLabel = "RECORDS.json", description = "The MARS records.")
        Path records;

        @Option(names = "--parts", required = true, paramLabel = "a,b,...", description = "Part names, in the records' order.")
        String parts;

        @Option(names = "--category", defaultValue = "mouse", description = "The category's name (default: ${DEFAULT-VALUE}).")
        String category;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The COCO keypoints file to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            JsonNode root = JSON.readTree(records.toFile());
            ObjectNode coco = PoseDataset.marsToCoco(root, records.toString(), names(parts), category);
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            JSON.writeValue(out.toFile(), coco);
            System.out.printf(Locale.ROOT, "{\"images\":%d,\"annotations\":%d,\"parts\":%d,\"out\":\"%s\"}%n",
                    coco.path("images").size(), coco.path("annotations").size(), names(parts).size(), out);
            return 0;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            header = "Poses inside the ground truth's boxes, as COCO keypoint results.",
            description = {"Runs a pose checkpoint (folder or exported .zip) on every annotated object of a COCO",
                "keypoints file, inside its box, and writes COCO keypoint results ([{image_id, category_id,",
                "keypoints: [x, y, confidence, ...], score}]) for 'framewise eval-file --keypoints --sigmas ...'.",
                "The evaluator service does the same for every checkpoint of a run."})
    static final class Predict implements Callable<Integer> {

        @Option(names = "--model", required = true, paramLabel = "PATH", description = "Checkpoint folder or model archive.")
        Path model;

        @Option(names = "--gt", required = true, paramLabel = "FILE", description = "COCO keypoints file with the boxes.")
        Path gt;

        @Option(names = "--images", paramLabel = "DIR", description = "Folder the file names are relative to (default: the file's folder).")
        Path images;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The results file to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            io.framewise.common.model.Djl.offline();
            JsonNode root = JSON.readTree(gt.toFile());
            Path folder = images != null ? images : gt.toAbsolutePath().getParent();
            Map<Long, String> files = new LinkedHashMap<>();
            root.path("images").forEach(i -> files.put(i.path("id").asLong(), i.path("file_name").asText()));
            ArrayNode results = JSON.createArrayNode();
            try (LoadedPoseModel pose = LoadedPoseModel.load(model)) {
                String category = pose.spec().categories().get(0);
                long categoryId = -1;
                for (JsonNode c : root.path("categories")) {
                    if (c.path("name").asText().equals(category)) {
                        categoryId = c.path("id").asLong();
                    }
                }
                if (categoryId < 0) {
                    throw new IllegalArgumentException(gt + " has no category '" + category + "' (the model's)");
                }
                Map<Long, List<JsonNode>> byImage = new LinkedHashMap<>();
                for (JsonNode a : root.path("annotations")) {
                    JsonNode b = a.path("bbox");
                    if (a.path("category_id").asLong() == categoryId && a.path("iscrowd").asInt(0) == 0
                            && b.path(2).asDouble() > 0 && b.path(3).asDouble() > 0) {
                        byImage.computeIfAbsent(a.path("image_id").asLong(), k -> new ArrayList<>()).add(a);
                    }
                }
                int done = 0;
                for (Map.Entry<Long, List<JsonNode>> e : byImage.entrySet()) {
                    String file = files.get(e.getKey());
                    if (file == null) {
                        throw new IllegalArgumentException(gt + ": annotations name image " + e.getKey()
                                + ", which is not in 'images'");
                    }
                    BufferedImage image = ImageDecoding.decode(file, Files.readAllBytes(folder.resolve(file)),
                            ImageDecoding.DEFAULT_MAX_PIXELS);
                    List<StackedHourglass.Query> queries = new ArrayList<>();
                    for (JsonNode a : e.getValue()) {
                        JsonNode b = a.path("bbox");
                        queries.add(new StackedHourglass.Query(image, b.get(0).asDouble(), b.get(1).asDouble(),
                                b.get(2).asDouble(), b.get(3).asDouble()));
                    }
                    for (Detection d : pose.predict(queries)) {
                        ObjectNode r = results.addObject();
                        r.put("image_id", e.getKey());
                        r.put("category_id", categoryId);
                        ArrayNode kp = r.putArray("keypoints");
                        for (Keypoint k : d.keypoints()) {
                            kp.add(round(k.x())).add(round(k.y())).add(round(k.confidence()));
                        }
                        r.put("score", round(d.score()));
                    }
                    done++;
                    if (done % 100 == 0) {
                        System.err.printf(Locale.ROOT, "%d of %d images%n", done, byImage.size());
                    }
                }
            }
            JSON.writeValue(out.toFile(), results);
            System.out.printf(Locale.ROOT, "{\"poses\":%d,\"out\":\"%s\"}%n", results.size(), out);
            return 0;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            header = "Export a checkpoint as a self-contained model archive (.zip).",
            description = {"The archive holds model.json (family, architecture settings, part names, flip pairs,",
                "skeleton, sigmas, category) and the weights (DJL's NDList format, arrays named by parameter path).",
                "framewise annotate-file --model ARCHIVE.zip, the video-annotator and any DJL program with the",
                "framewise-common jar load it: LoadedPoseModel.load(Path.of(\"pose.zip\")). Works for every family."})
    static final class Export implements Callable<Integer> {

        @Parameters(paramLabel = "CHECKPOINT", description = "A checkpoint folder (run/checkpoints/iter-N).")
        Path checkpoint;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "The archive to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            io.framewise.common.model.Djl.offline();
            ModelArchive.export(checkpoint, out);
            try (var loaded = io.framewise.common.model.Predictor.load(out)) {
                System.out.printf(Locale.ROOT, "{\"archive\":\"%s\",\"family\":\"%s\",\"bytes\":%d}%n", out,
                        loaded.spec().family(), Files.size(out));
            }
            return 0;
        }
    }
}
