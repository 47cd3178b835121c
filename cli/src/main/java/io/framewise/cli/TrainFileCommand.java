package io.framewise.cli;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Weights;
import io.framewise.trainer.core.Families;
import io.framewise.trainer.core.FolderData;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.LearningRateFinder;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingFamily;
import io.framewise.trainer.core.TrainingRun;
import io.framewise.trainer.core.TrainingTask;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-file", mixinStandardHelpOptions = true,
        header = "Train a model on local files, with no broker or store (the trainer's core).",
        description = {"Trains a model family on local data: one-stage-detector on a COCO file; loans on a frames",
            "manifest (or a frames dataset folder, or a LoANs gt.csv) with --assessor images.csv; stacked-hourglass (pose) on a",
            "COCO keypoints file or MARS records (a JSON array; name the parts with --set parts=a,b,...); gaze-target (VTD) on a",
            "gaze index (see 'framewise gaze'). The run folder (--out) gets what the",
            "trainer writes in the store: run.json, metrics.csv, bboxes/iter-N.jpg and checkpoints/iter-N/.",
            "Ctrl-C checkpoints and stops; --resume continues from the newest checkpoint in --out.",
            "Hyperparameters are --set KEY=VALUE (repeatable): batchSize, learningRate, optimizer (adam|sgd),",
            "momentum, weightDecay, schedule (fixed|step|exponential|polynomial), epochsPerDecay, decayFactor,",
            "power, epochs, iterations, snapshotInterval, snapshotAtEpochEnd, logInterval, previewInterval, seed,",
            "device, loaderThreads, prefetchBatches, minScore; and the family's model settings",
            "(one-stage-detector: backbone resnet18|resnet50, width, imageSize such as 224 or 320x224;",
            "loans: backbone, width, imageSize, targetSize such as 75x100, assessorWidth;",
            "stacked-hourglass: stacks, depth, features, imageSize, padFactor, parts, flipPairs (a:b,c:d), sigmas (s1,s2,..),",
            "skeleton (a:b,..); gaze-target: backbone, width, imageSize, temporal) and options (loans: object, target, augmentation simple|rich, outOfImageWeight, mirrorWeight,",
            "assessorWeights, testImage; stacked-hourglass: randomPadFrequency/Min/Max, boxShift, rotationFrequency,",
            "rotationMaxDegrees, flipFrequency, colorFrequency, colorStrength, blurFrequency, blurMaxKernel, noiseFrequency,",
            "noiseScale, jpegFrequency, jpegQualityMin/Max; see 'framewise keypoints check' to look at them;",
            "gaze-target: chunkSize, heatmapWeight, inOutWeight, flipFrequency, headJitter, colorStrength).",
            "--find-lr runs the learning-rate range test instead and writes lr-find.csv and lr-find.png.",
            "Prints a JSON summary on its last line.",
            "Example: framewise train-file --train data/instances.json --out runs/shapes \\",
            "           --set imageSize=224 --set epochs=20 --set batchSize=8"})
final class TrainFileCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "COCO instances file.")
    Path train;

    @Option(names = "--images", paramLabel = "DIR", description = "Folder the file_name values are relative to (default: the file's folder).")
    Path images;

    @Option(names = "--validation", paramLabel = "FILE", description = "Validation COCO file (its first image is the preview image).")
    Path validation;

    @Option(names = "--validation-images", paramLabel = "DIR", description = "Folder of the validation images.")
    Path validationImages;

    @Option(names = "--assessor", paramLabel = "FILE", description = "LoANs: the assessor dataset's images.csv.")
    Path assessor;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run folder.")
    Path out;

    @Option(names = "--family", defaultValue = "one-stage-detector", description = "Model family: one-stage-detector, loans, stacked-hourglass or gaze-target (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --out.")
    boolean resume;

    @Option(names = "--initial-weights", paramLabel = "PATH", description = "Start from these weights (a checkpoint folder or a .params file).")
    Path initialWeights;

    @Option(names = "--freeze-up-to", paramLabel = "LAYER", description = "Keep stem, stage1 .. stage4 (stacked-hourglass: stem, stack0 ..; gaze-target: scene, head, attention, encoder ..) as loaded.")
    String freezeUpTo;

    @Option(names = "--find-lr", description = "Run the learning-rate range test instead of training.")
    boolean findLr;

    @Option(names = "--lr-min", defaultValue = "1e-6", description = "Range test: lowest rate (default: ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-max", defaultValue = "1", description = "Range test: highest rate (default: ${DEFAULT-VALUE}).")
    double lrMax;

    @Option(names = "--lr-steps", defaultValue = "100", description = "Range test: rates tried (default: ${DEFAULT-VALUE}).")
    int lrSteps;

    @Override
    public Integer call() throws Exception {
        io.framewise.common.model.Djl.offline();
        TrainingFamily f = Families.byName(family);
        Hyperparameters h = Hyperparameters.parse(settings, f);
        io.framewise.trainer.core.Devices.check(h.device());
        Files.createDirectories(out);
        TaskSetup.Data trainData = images == null ? new FolderData(train) : new FolderData(train, images);
        TaskSetup.Data validationData = validation == null ? null
                : validationImages == null ? new FolderData(validation) : new FolderData(validation, validationImages);
        RunStorage storage = RunStorage.directory(out);
        RunControl control = new RunControl();
        Thread hook = new Thread(control::stop, "stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            Map<String, TaskSetup.Data> auxiliary = assessor == null ? Map.of() : Map.of("assessor", new FolderData(assessor));
            try (TrainingTask<?> task = f.open(new TaskSetup(h, trainData, validationData, manager, auxiliary,
                    TaskSetup.Resources.FILES))) {
                if (freezeUpTo != null) {
                    task.freezeUpTo(freezeUpTo);
                }
                if (initialWeights != null && !resume) {
                    loadWeights(task, manager);
                }
                if (findLr) {
                    LearningRateFinder.Result r = LearningRateFinder.run(task, h, manager, lrMin, lrMax, lrSteps, out);
                    System.out.printf(Locale.ROOT, "{\"suggestedLearningRate\":%.3g,\"ratesTried\":%d,\"csv\":\"%s\",\"plot\":\"%s\"}%n",
                            r.suggested(), r.points().size(), out.resolve("lr-find.csv"), out.resolve("lr-find.png"));
                    return 0;
                }
                Path work = out.resolve(".work");
                TrainingRun run = new TrainingRun(task, h, storage, new RunListener() { }, control, work);
                if (resume) {
                    Optional<Path> latest = storage.latestCheckpoint(work);
                    if (latest.isEmpty()) {
                        throw new IllegalArgumentException("--resume: " + out + " has no complete checkpoint");
                    }
                    run.restore(latest.get(), manager);
                }
                TrainingRun.Result result = run.run(manager);
                io.framewise.common.work.WorkFolder.delete(work);
                System.out.printf(Locale.ROOT, "{\"outcome\":\"%s\",\"iterations\":%d,\"lastCheckpoint\":%s,\"skippedImages\":%d,"
                        + "\"reason\":%s,\"seconds\":%.1f}%n", result.outcome(), result.iterations(),
                        quote(result.lastCheckpoint()), result.skippedImages(), quote(result.reason()),
                        (System.nanoTime() - started) / 1e9);
                return result.outcome() == TrainingRun.Outcome.FAILED ? 1 : 0;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: that is how we got here
            }
        }
    }

    private void loadWeights(TrainingTask<?> task, NDManager manager) throws Exception {
        for (Map.Entry<String, ai.djl.nn.Block> b : task.blocks().entrySet()) {
            Path file = Files.isDirectory(initialWeights) ? initialWeights.resolve(b.getKey() + ".params") : initialWeights;
            try (InputStream in = Files.newInputStream(file)) {
                List<String> fresh = Weights.load(b.getValue(), in, manager);
                System.err.printf("initial weights %s: %d parameters kept fresh%n", file, fresh.size());
            }
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
