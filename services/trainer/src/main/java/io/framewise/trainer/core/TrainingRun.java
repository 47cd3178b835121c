package io.framewise.trainer.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.model.Weights;
import io.framewise.common.work.WorkFolder;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * The training loop, the same for every model family: data from the {@link Prefetcher}, one
 * {@link TrainingTask#step} per iteration with the scheduled learning rate, a progress report every
 * {@code logInterval} iterations (also appended to {@code metrics.csv}), a picture every
 * {@code previewInterval}, and checkpoints (weights, optimizer state, iteration) every
 * {@code snapshotInterval} iterations, at each epoch's end and at the end. Resuming from a checkpoint
 * continues at its iteration with its weights and optimizer state; the data order and augmentation depend
 * only on the seed, the epoch and the sample, so the run goes on as if it had never stopped.
 */
public final class TrainingRun {

    public static final String COMPLETE_MARKER = "_complete";
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Outcome { COMPLETED, STOPPED, FAILED, PREEMPTED }

    public record Result(Outcome outcome, long iterations, String lastCheckpoint, String reason, int skippedImages) {
    }

    private final TrainingTask<?> task;
    private final Hyperparameters hyper;
    private final RunStorage storage;
    private final RunListener listener;
    private final RunControl control;
    private final Path work;
    private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
    private final int iterationsPerEpoch;
    private final long totalIterations;
    private final LearningRateSchedule schedule;
    private String lastCheckpoint;
    private List<String> metricColumns;

    public TrainingRun(TrainingTask<?> task, Hyperparameters hyper, RunStorage storage, RunListener listener,
            RunControl control, Path work) {
        if (task.samples() < hyper.batchSize()) {
            throw new InvalidDatasetException("the training set has " + task.samples() + " images, fewer than one batch of "
                    + hyper.batchSize());
        }
        this.task = task;
        this.hyper = hyper;
        this.storage = storage;
        this.listener = listener;
        this.control = control;
        this.work = work;
        this.iterationsPerEpoch = hyper.iterationsPerEpoch(task.samples());
        this.totalIterations = hyper.totalIterations(task.samples());
        this.schedule = LearningRateSchedule.of(hyper, iterationsPerEpoch, totalIterations);
    }

    public long totalIterations() {
        return totalIterations;
    }

    /** Seeds libtorch's generator (weight initialization); call before opening the task. */
    public static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /** Runs from {@code start} (0, or a checkpoint's iteration after {@link #restore}) to the end or a stop. */
    public Result run(NDManager manager) throws IOException {
        for (Map.Entry<String, Block> b : task.blocks().entrySet()) {
            optimizers.computeIfAbsent(b.getKey(), k -> new Optimizer(hyper.optimizer(), hyper.momentum(),
                    hyper.weightDecay(), b.getValue(), manager));
        }
        long iteration = restored;
        Files.createDirectories(work);
        Path metrics = work.resolve("metrics.csv");
        try (Prefetcher<?> data = new Prefetcher<>(task, hyper.batchSize(), hyper.loaderThreads(), hyper.prefetchBatches(),
                hyper.seed())) {
            Map<String, Double> sums = new LinkedHashMap<>();
            int summed = 0;
            long windowStart = System.nanoTime();
            int windowImages = 0;
            double lastRate = 0;
            report("STARTED", iteration, Map.of(), 0, 0, data);
            while (iteration < totalIterations) {
                RunControl.Request request = control.current();
                if (request == RunControl.Request.PAUSE) {
                    report("PAUSED", iteration, Map.of(), 0, data.takeWaitSeconds(), data);
                    try {
                        request = control.awaitUnpaused();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        request = RunControl.Request.PREEMPT;
                    }
                    if (request == RunControl.Request.NONE) {
                        report("RESUMED", iteration, Map.of(), 0, 0, data);
                        windowStart = System.nanoTime();
                        windowImages = 0;
                    }
                }
                if (request == RunControl.Request.STOP || request == RunControl.Request.PREEMPT) {
                    report("STOPPING", iteration, Map.of(), 0, 0, data);
                    checkpoint(iteration);
                    return new Result(request == RunControl.Request.STOP ? Outcome.STOPPED : Outcome.PREEMPTED, iteration,
                            lastCheckpoint, null, data.skipped());
                }
                int epoch = (int) (iteration / iterationsPerEpoch);
                int position = (int) (iteration % iterationsPerEpoch);
                @SuppressWarnings("unchecked")
                List<Object> batch = (List<Object>) data.batch(epoch, position);
                if (batch.isEmpty()) {
                    throw new InvalidDatasetException("no image of a whole batch could be read; skipped so far: "
                            + data.skipped() + " " + data.skipReasons());
                }
                double lr = schedule.at(iteration);
                Map<String, Double> losses;
                try {
                    losses = step(task, batch, optimizers, lr);
                } catch (NonFiniteLossException e) {
                    String reason = e.getMessage() + " at iteration " + (iteration + 1) + "; the weights were not updated"
                            + (lastCheckpoint == null ? "" : ", the last good checkpoint is " + lastCheckpoint);
                    LOG.error(reason);
                    return new Result(Outcome.FAILED, iteration, lastCheckpoint, reason, data.skipped());
                }
                iteration++;
                windowImages += batch.size();
                losses.forEach((k, v) -> sums.merge(k, v, Double::sum));
                summed++;
                boolean last = iteration == totalIterations;
                if (iteration % hyper.logInterval() == 0 || last) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    lastRate = windowImages / Math.max(seconds, 1e-9);
                    Map<String, Double> mean = new LinkedHashMap<>();
                    int n = summed;
                    sums.forEach((k, v) -> mean.put(k, v / n));
                    RunListener.Progress p = report("RUNNING", iteration, mean, lastRate, data.takeWaitSeconds(), data);
                    appendMetrics(metrics, p);
                    storage.save("metrics.csv", metrics);
                    sums.clear();
                    summed = 0;
                    windowStart = System.nanoTime();
                    windowImages = 0;
                }
                if (hyper.previewInterval() > 0 && (iteration % hyper.previewInterval() == 0 || last)) {
                    preview(iteration);
                }
                boolean epochEnd = iteration % iterationsPerEpoch == 0;
                if (last || (hyper.snapshotInterval() > 0 && iteration % hyper.snapshotInterval() == 0)
                        || (hyper.snapshotAtEpochEnd() && epochEnd)) {
                    checkpoint(iteration);
                }
            }
            return new Result(Outcome.COMPLETED, iteration, lastCheckpoint, null, data.skipped());
        } finally {
            optimizers.values().forEach(Optimizer::close);
        }
    }

    /**
     * One {@link TrainingTask#step} whose updates refuse losses that are not finite (before any weight changes)
     * and otherwise step each block's optimizer at {@code lr}.
     */
    static Map<String, Double> step(TrainingTask<?> task, List<Object> batch, Map<String, Optimizer> optimizers,
            double lr) {
        @SuppressWarnings("unchecked")
        TrainingTask<Object> t = (TrainingTask<Object>) task;
        return t.step(batch, (block, losses) -> {
            for (Map.Entry<String, Double> e : losses.entrySet()) {
                if (!Double.isFinite(e.getValue())) {
                    throw new NonFiniteLossException("the " + e.getKey() + " loss of " + block + " became " + e.getValue());
                }
            }
            optimizers.get(block).step(lr);
        });
    }

    private long restored;

    /**
     * Loads a checkpoint folder written by this class (weights, optimizer state, iteration). Returns the
     * iteration the run continues from.
     */
    public long restore(Path checkpoint, NDManager manager) throws IOException {
        JsonNode state = JSON.readTree(checkpoint.resolve("state.json").toFile());
        for (Map.Entry<String, Block> b : task.blocks().entrySet()) {
            try (InputStream in = Files.newInputStream(checkpoint.resolve(b.getKey() + ".params"))) {
                List<String> untouched = Weights.load(b.getValue(), in, manager);
                if (!untouched.isEmpty()) {
                    throw new IOException("checkpoint " + checkpoint.getFileName() + " does not fit this model: "
                            + untouched.size() + " parameters differ, first " + untouched.get(0));
                }
            }
            Optimizer o = new Optimizer(hyper.optimizer(), hyper.momentum(), hyper.weightDecay(), b.getValue(), manager);
            try (InputStream in = Files.newInputStream(checkpoint.resolve(b.getKey() + ".optimizer"))) {
                o.load(in);
            }
            optimizers.put(b.getKey(), o);
        }
        restored = state.path("iteration").asLong();
        keepMetricsUpTo(restored);
        lastCheckpoint = state.path("location").asText(null);
        LOG.infof("resuming at iteration %d of %d from %s", restored, totalIterations, checkpoint);
        return restored;
    }

    /** The metric log continues: lines logged after the checkpoint (and lost with the weights) are dropped. */
    private void keepMetricsUpTo(long iteration) throws IOException {
        Files.createDirectories(work);
        Path metrics = work.resolve("metrics.csv");
        if (!storage.fetch("metrics.csv", metrics)) {
            return;
        }
        List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            int comma = line.indexOf(',');
            String first = comma < 0 ? line : line.substring(0, comma);
            if (kept.isEmpty() || !first.chars().allMatch(Character::isDigit) || Long.parseLong(first) <= iteration) {
                kept.add(line);
            }
        }
        Files.write(metrics, kept, StandardCharsets.UTF_8);
        if (!kept.isEmpty()) {
            metricColumns = new ArrayList<>(List.of(kept.get(0).split(",")).subList(3, kept.get(0).split(",").length - 4));
        }
    }

    private void checkpoint(long iteration) throws IOException {
        String name = RunStorage.checkpointName(iteration);
        if (lastCheckpoint != null && lastCheckpoint.endsWith(name)) {
            return;
        }
        Path dir = work.resolve("checkpoint-" + name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), task.spec().toJson());
        for (Map.Entry<String, Block> b : task.blocks().entrySet()) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(b.getKey() + ".params"))) {
                Weights.save(b.getValue(), out);
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve(b.getKey() + ".optimizer"))) {
                optimizers.get(b.getKey()).save(out);
            }
        }
        int epoch = (int) (iteration / iterationsPerEpoch);
        ObjectNode state = JSON.createObjectNode();
        state.put("iteration", iteration);
        state.put("epoch", epoch);
        state.put("seed", hyper.seed());
        Files.writeString(dir.resolve("state.json"), state.toPrettyString());
        String location = storage.saveCheckpoint(name, dir);
        lastCheckpoint = location;
        WorkFolder.delete(dir);
        LOG.infof("checkpoint at iteration %d: %s", iteration, location);
        listener.checkpoint(new RunListener.Checkpoint(name, location, iteration, epoch));
    }

    private void preview(long iteration) throws IOException {
        Optional<BufferedImage> picture = task.preview(hyper.minScore());
        if (picture.isEmpty()) {
            return;
        }
        Path file = work.resolve("preview.jpg");
        ImageIO.write(picture.get(), "jpg", file.toFile());
        String name = "bboxes/" + RunStorage.checkpointName(iteration) + ".jpg";
        storage.save(name, file);
        listener.preview(iteration, name);
    }

    private RunListener.Progress report(String state, long iteration, Map<String, Double> losses, double rate,
            double wait, Prefetcher<?> data) {
        Double eta = rate > 0 ? (totalIterations - iteration) * hyper.batchSize() / rate : null;
        RunListener.Progress p = new RunListener.Progress(state, iteration, totalIterations,
                (int) (iteration / iterationsPerEpoch), losses, schedule.at(Math.min(iteration, totalIterations - 1)),
                rate, wait, eta, data.skipped());
        if (!losses.isEmpty()) {
            LOG.infof("iteration %d/%d epoch %d %s lr %.3g, %.1f images/s%s", iteration, totalIterations, p.epoch(),
                    format(losses), p.learningRate(), rate,
                    eta == null ? "" : String.format(Locale.ROOT, ", eta %.0f s", eta));
        }
        listener.progress(p);
        return p;
    }

    private static String format(Map<String, Double> losses) {
        StringBuilder b = new StringBuilder();
        losses.forEach((k, v) -> b.append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)).append(", "));
        return b.toString();
    }

    private void appendMetrics(Path file, RunListener.Progress p) throws IOException {
        boolean header = metricColumns == null && !Files.exists(file);
        if (metricColumns == null) {
            metricColumns = new ArrayList<>(p.losses().keySet());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (header) {
                out.write("iteration,epoch,learning_rate," + String.join(",", metricColumns)
                        + ",images_per_second,data_wait_seconds,skipped_images,time\n");
            }
            StringBuilder line = new StringBuilder();
            line.append(p.iteration()).append(',').append(p.epoch()).append(',')
                    .append(String.format(Locale.ROOT, "%.6g", p.learningRate()));
            for (String c : metricColumns) {
                line.append(',').append(String.format(Locale.ROOT, "%.6f", p.losses().getOrDefault(c, Double.NaN)));
            }
            line.append(String.format(Locale.ROOT, ",%.2f,%.3f,%d,%d%n", p.imagesPerSecond(), p.dataWaitSeconds(),
                    p.skippedImages(), System.currentTimeMillis()));
            out.write(line.toString());
        }
    }
}
