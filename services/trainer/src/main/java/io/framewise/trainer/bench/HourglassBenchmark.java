package io.framewise.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.framewise.trainer.core.FolderData;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.PoseTraining;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training throughput of the stacked hourglass pose network for {@code bench/train-keypoints.sh}:
 *
 * <pre>
 * --work DIR [--warmup 5] [--iterations 30] [--threads 2] [--batch 4] [--size 256] [--stacks 2] [--depth 4]
 *     [--features 256] [--distinct 16]
 * </pre>
 *
 * Writes a {@link PoseScenes} dataset ({@code distinct} images of {@code size} pixels, 4 parts) under DIR, opens
 * {@link PoseTraining} on it, loads and augments every sample once, holds them in memory, and runs the real loop
 * ({@link TrainingRun}: {@link PoseTraining#step}, the trainer's Adam at the family's default learning rate) for
 * {@code warmup + iterations} steps. As in {@link TrainingBenchmark}'s memory mode, the first {@code warmup}
 * iterations are excluded and the time is taken between the loop's progress reports after iteration
 * {@code warmup} and after the last one, so the final checkpoint is outside it. Prints one JSON line on stdout,
 * with the network's parameter count (trainable, and BatchNorm's running statistics apart) for comparing with
 * the PyTorch reference's.
 */
public final class HourglassBenchmark {

    private HourglassBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = TrainingBenchmark.options(args);
        // Before anything loads the engine: libtorch's intra-op threads, and no download attempts.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(TrainingBenchmark.intOption(o, "threads", 2)));
        System.setProperty("ai.djl.offline", "true");
        System.out.println(TrainingBenchmark.json(run(o)));
        // Idle OkHttp threads (the store client's) would otherwise keep the JVM alive.
        System.exit(0);
    }

    private static Map<String, Object> run(Map<String, String> o) throws Exception {
        Path work = Path.of(TrainingBenchmark.required(o, "work")).toAbsolutePath();
        int warmup = TrainingBenchmark.intOption(o, "warmup", 5);
        int iterations = TrainingBenchmark.intOption(o, "iterations", 30);
        int batch = TrainingBenchmark.intOption(o, "batch", 4);
        int size = TrainingBenchmark.intOption(o, "size", 256);
        int distinct = Math.max(batch, TrainingBenchmark.intOption(o, "distinct", 16));

        TrainingBenchmark.WorkFolder.clear(work);
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        // Scenes as large as the network's input, so the crops are about their own size.
        Path coco = PoseScenes.write(work.resolve("data"), distinct, size, 11);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("batchSize", Integer.toString(batch));
        settings.put("optimizer", "adam");   // learningRate: the family's default (0.00025)
        settings.put("iterations", Integer.toString(warmup + iterations));
        settings.put("stacks", o.getOrDefault("stacks", "2"));
        settings.put("depth", o.getOrDefault("depth", "4"));
        settings.put("features", o.getOrDefault("features", "256"));
        settings.put("imageSize", Integer.toString(size));
        settings.put("sigmas", PoseScenes.SIGMAS);
        settings.put("logInterval", "1");          // one progress report per iteration: the timing marks
        settings.put("previewInterval", "0");
        settings.put("snapshotAtEpochEnd", "false");
        settings.put("seed", "1");
        settings.put("loaderThreads", "1");        // hands out the samples held in memory
        settings.put("prefetchBatches", "4");
        Hyperparameters h = Hyperparameters.parse(settings, PoseTraining.FAMILY);

        Map<String, Object> result = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            PoseTraining pose = (PoseTraining) PoseTraining.FAMILY.open(new TaskSetup(h, new FolderData(coco), null,
                    manager));
            result.putAll(TrainingBenchmark.timeInMemory(pose, h, distinct, warmup, iterations, work, manager));
            result.put("image_size", size);
            result.put("stacks", Integer.parseInt(settings.get("stacks")));
            result.put("depth", Integer.parseInt(settings.get("depth")));
            result.put("features", Integer.parseInt(settings.get("features")));
            result.put("parts", pose.model().keypoints().size());
            result.put("generate_seconds", TrainingBenchmark.round(generateSeconds, 2));
        }
        return result;
    }
}
