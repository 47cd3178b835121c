package io.framewise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.model.Weights;
import io.framewise.common.model.gaze.GazeIndex;
import io.framewise.common.model.gaze.LoadedGazeModel;
import io.framewise.evaluator.GazeEvaluation;
import io.framewise.trainer.core.FolderData;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingRun;
import io.framewise.trainer.core.gaze.GazeConversion;
import io.framewise.trainer.core.gaze.GazeDataset;
import io.framewise.trainer.core.gaze.GazeFrame;
import io.framewise.trainer.core.gaze.GazeTrack;
import io.framewise.trainer.core.gaze.GazeTraining;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The gaze-target family's offline tools. */
@Command(name = "gaze", mixinStandardHelpOptions = true,
        header = "Offline tools of the gaze-target family: index, convert, sweep, evaluate.",
        description = {"A gaze-target model (family gaze-target, VTD) trains from a gaze index, one CSV row per annotated",
            "head per frame (track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y; gaze -1 -1 when looking outside the frame):",
            "  index     a gaze index from VideoAttentionTarget folders (several folders are mixed into one set)",
            "  convert   frames plus LabelMe labels into the VideoAttentionTarget layout (one labelled frame may stand",
            "            for its whole setting)",
            "  sweep     fine-tune one run per batch size x chunk size, evaluate every epoch's weights by AUC, distance",
            "            and in/out AP, and plot them in one picture",
            "  evaluate  one checkpoint on a gaze index",
            "Train one run with 'framewise train-file --family gaze-target --train gaze.csv'."},
        subcommands = {GazeCommand.Index.class, GazeCommand.Convert.class, GazeCommand.Sweep.class,
            GazeCommand.Evaluate.class})
final class GazeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        System.err.println("framewise gaze: name a command: index, convert, sweep or evaluate (framewise gaze --help)");
        return 2;
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            header = "Write a gaze index from VideoAttentionTarget folders.",
            description = {"Each ROOT holds images/<show>/<clip>/<frames> and annotations/<split>/<show>/<clip>/<track>.txt",
                "(rows frame,xmin,ymin,xmax,ymax,gaze_x,gaze_y, with or without a header; frame names kept as written;",
                "JPEG, PNG and PPM frames may be mixed). Several roots are mixed into one index, their image paths",
                "written relative to the index's folder, so train-file finds them without --images."})
    static final class Index implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "ROOT", description = "VideoAttentionTarget folders.")
        List<Path> roots;

        @Option(names = "--split", defaultValue = "train", description = "Annotation split (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The gaze index to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path folder = out.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            List<GazeIndex.Row> rows = new ArrayList<>();
            int tracks = 0;
            for (Path root : roots) {
                GazeDataset data = GazeDataset.read(root, split);
                for (GazeTrack track : data.tracks()) {
                    tracks++;
                    String id = root.getFileName() + "/" + track.key();
                    for (GazeFrame f : track.frames()) {
                        String image = folder.relativize(root.toAbsolutePath().resolve("images").resolve(f.imageKey()))
                                .toString().replace('\\', '/');
                        rows.add(new GazeIndex.Row(id, image, f.xmin(), f.ymin(), f.xmax(), f.ymax(),
                                f.inFrame() ? f.gazeX() : -1, f.inFrame() ? f.gazeY() : -1));
                    }
                }
            }
            try (Writer w = Files.newBufferedWriter(out)) {
                GazeIndex.write(rows, w);
            }
            long inFrame = rows.stream().filter(GazeIndex.Row::inFrame).count();
            System.out.printf(Locale.ROOT, "{\"rows\":%d,\"tracks\":%d,\"inFrame\":%d,\"out\":\"%s\"}%n", rows.size(),
                    tracks, inFrame, out);
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            header = "Frames plus LabelMe labels into the VideoAttentionTarget layout.",
            description = {"FRAMES holds one subfolder per setting (a camera position, say) of frames. A LabelMe JSON",
                "<frame>.json beside a frame labels it: per person a rectangle 'head' and a point 'gaze' (several",
                "people: group_id, or head1/gaze1 ...). A frame without its own label takes the labels of the nearest",
                "earlier labelled frame of its setting; a head without a gaze point looks outside the frame."})
    static final class Convert implements Callable<Integer> {

        @Parameters(paramLabel = "FRAMES", description = "Folder of settings of frames.")
        Path frames;

        @Option(names = "--out", required = true, paramLabel = "ROOT", description = "The VideoAttentionTarget folder to write.")
        Path out;

        @Option(names = "--labels", paramLabel = "DIR", description = "Where the LabelMe files are (default: beside the frames).")
        Path labels;

        @Option(names = "--split", defaultValue = "train", description = "Annotation split (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--show", paramLabel = "NAME", description = "Show name (default: the frames folder's name).")
        String show;

        @Option(names = "--settings", split = ",", paramLabel = "a,b", description = "Only these settings (default: all).")
        List<String> settings;

        @Option(names = "--overwrite", description = "Replace the clips' existing track files.")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            GazeConversion.Options options = GazeConversion.Options.defaults().withSplit(split).withOverwrite(overwrite);
            if (show != null) {
                options = options.withShow(show);
            }
            if (labels != null) {
                options = options.withLabels(labels);
            }
            if (settings != null) {
                options = options.withSettings(settings);
            }
            GazeConversion.Result r = GazeConversion.convert(frames, out, options);
            System.out.printf(Locale.ROOT, "{\"show\":\"%s\",\"split\":\"%s\",\"clips\":%d,\"rows\":%d,\"out\":\"%s\"}%n",
                    r.show(), r.split(), r.clips().size(), r.rows(), out);
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            header = "Fine-tune one run per batch size x chunk size; evaluate every epoch; plot AUC and distance.",
            description = {"Each run of the sweep trains the gaze-target family on --train (from --initial-weights with the",
                "layers up to --freeze-up-to kept as loaded, when given), evaluates the weights at the end of every epoch",
                "on --validation (AUC, distance, in/out AP, as the VideoAttentionTarget evaluation computes them), and",
                "writes its run folder under --out (<out>/b<batch>-c<chunk>/). The sweep writes sweep.json and",
                "sweep.png: AUC and distance per epoch, one line per run. Chunk sizes apply to the temporal model",
                "(--set temporal=true); for the spatial model give --chunk-sizes 1. --set passes settings as train-file."})
    static final class Sweep implements Callable<Integer> {

        @Option(names = "--train", required = true, paramLabel = "FILE", description = "Gaze index to train on.")
        Path train;

        @Option(names = "--validation", required = true, paramLabel = "FILE", description = "Gaze index to evaluate on.")
        Path validation;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep folder.")
        Path out;

        @Option(names = "--batch-sizes", split = ",", defaultValue = "8", paramLabel = "a,b", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> batchSizes;

        @Option(names = "--chunk-sizes", split = ",", defaultValue = "1", paramLabel = "a,b", description = "Chunk sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> chunkSizes;

        @Option(names = "--initial-weights", paramLabel = "FILE", description = "Weights to start from (a checkpoint folder or a .params file).")
        Path initialWeights;

        @Option(names = "--freeze-up-to", paramLabel = "LAYER", description = "Keep scene, head, attention, encoder ... up to this one as loaded.")
        String freezeUpTo;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter or model setting (repeatable).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            io.framewise.common.model.Djl.offline();
            Files.createDirectories(out);
            List<GazeIndex.Row> rows;
            try (InputStream in = Files.newInputStream(validation)) {
                rows = GazeIndex.read(in, validation.toString());
            }
            ImageSource validationImages = new FolderData(validation).images();
            Map<String, SortedMap<Integer, Map<String, Double>>> runs = new LinkedHashMap<>();
            ObjectNode summary = JSON.createObjectNode();
            ArrayNode list = summary.putArray("runs");
            for (int batch : batchSizes) {
                for (int chunk : chunkSizes) {
                    String name = "b" + batch + "-c" + chunk;
                    Map<String, String> s = new LinkedHashMap<>(settings);
                    s.put("batchSize", Integer.toString(batch));
                    s.put("chunkSize", Integer.toString(chunk));
                    SortedMap<Integer, Map<String, Double>> byEpoch = runOne(name, s, rows, validationImages);
                    runs.put("batch " + batch + ", chunk " + chunk, byEpoch);
                    ObjectNode r = list.addObject();
                    r.put("name", name);
                    r.put("batchSize", batch);
                    r.put("chunkSize", chunk);
                    r.set("epochs", io.framewise.evaluator.SweepEpochs.toJson(byEpoch));
                }
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("sweep.json").toFile(), summary);
            BufferedImage plot = io.framewise.evaluator.GazeSweepPlot.draw("gaze sweep: AUC and distance per epoch", runs);
            ImageIO.write(plot, "png", out.resolve("sweep.png").toFile());
            System.out.printf(Locale.ROOT, "{\"runs\":%d,\"summary\":\"%s\",\"plot\":\"%s\"}%n", runs.size(),
                    out.resolve("sweep.json"), out.resolve("sweep.png"));
            return 0;
        }

        private SortedMap<Integer, Map<String, Double>> runOne(String name, Map<String, String> s,
                List<GazeIndex.Row> rows, ImageSource images) throws Exception {
            Hyperparameters h = Hyperparameters.parse(s, GazeTraining.FAMILY);
            SortedMap<Integer, Map<String, Double>> byEpoch = new TreeMap<>();
            try (NDManager manager = NDManager.newBaseManager()) {
                TrainingRun.seed(h.seed());
                try (GazeTraining task = (GazeTraining) GazeTraining.FAMILY.open(new TaskSetup(h, new FolderData(train),
                        null, manager))) {
                    if (initialWeights != null) {
                        Path file = Files.isDirectory(initialWeights) ? initialWeights.resolve("model.params")
                                : initialWeights;
                        try (InputStream in = Files.newInputStream(file)) {
                            Weights.load(task.network(), in, manager);
                        }
                    }
                    if (freezeUpTo != null) {
                        task.freezeUpTo(freezeUpTo);
                    }
                    Path folder = out.resolve(name);
                    TrainingRun run = new TrainingRun(task, h, RunStorage.directory(folder), new RunListener() {
                        @Override
                        public void checkpoint(Checkpoint c) {
                            Map<String, Double> metrics = evaluate(folder.resolve("checkpoints").resolve(c.name()), rows,
                                    images, task.chunkSize());
                            byEpoch.put(c.epoch(), metrics);
                            System.err.printf(Locale.ROOT, "%s epoch %d: AUC %.4f, distance %.4f, in/out AP %.4f%n",
                                    name, c.epoch(), metrics.get("auc"), metrics.get("distance"), metrics.get("inOutAP"));
                        }
                    }, new RunControl(), folder.resolve(".work"));
                    TrainingRun.Result result = run.run(manager);
                    io.framewise.common.work.WorkFolder.delete(folder.resolve(".work"));
                    if (result.outcome() == TrainingRun.Outcome.FAILED) {
                        throw new IllegalStateException("run " + name + " failed: " + result.reason());
                    }
                }
            }
            return byEpoch;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            header = "Evaluate one gaze checkpoint on a gaze index: AUC, distance, in/out AP.",
            description = {"Runs every row's head of --data through the checkpoint (folder or model archive; temporal",
                "models in chunks of --chunk-size consecutive frames of a track) and prints the VideoAttentionTarget",
                "metrics as JSON, as the evaluator service computes them."})
    static final class Evaluate implements Callable<Integer> {

        @Option(names = "--model", required = true, paramLabel = "PATH", description = "A gaze checkpoint folder or archive.")
        Path model;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "Gaze index to evaluate on.")
        Path data;

        @Option(names = "--chunk-size", defaultValue = "3", description = "Temporal models: frames per chunk (default: ${DEFAULT-VALUE}).")
        int chunkSize;

        @Override
        public Integer call() throws Exception {
            List<GazeIndex.Row> rows;
            try (InputStream in = Files.newInputStream(data)) {
                rows = GazeIndex.read(in, data.toString());
            }
            System.out.println(JSON.writeValueAsString(evaluate(model, rows, new FolderData(data).images(), chunkSize)));
            return 0;
        }
    }

    /** A checkpoint's VideoAttentionTarget metrics on index rows, through the evaluator service's own code. */
    static Map<String, Double> evaluate(Path checkpoint, List<GazeIndex.Row> rows, ImageSource images, int chunk) {
        io.framewise.common.model.Djl.offline();
        try (LoadedGazeModel model = LoadedGazeModel.load(checkpoint)) {
            return new LinkedHashMap<>(GazeEvaluation.evaluate(model, rows, images::read, chunk, 8,
                    checkpoint.toString()).metrics().values());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
