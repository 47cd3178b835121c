package io.framewise.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.StoreSettings;
import io.framewise.events.ObjectRef;
import io.framewise.trainer.core.DetectorTraining;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.Optimizer;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingRun;
import io.framewise.trainer.core.TrainingTask;
import io.framewise.trainer.store.StoreData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Training throughput of the one-stage detector (ResNet-18, width 64, 224 px, batch 8, Adam) for
 * {@code bench/train-detector.sh}. Two commands:
 *
 * <pre>
 * generate --out DIR [--count 512] [--width 320] [--height 240] [--seed 11]
 *     COCO dataset of shapes on noise: DIR/instances.json and DIR/images/N.jpg (JPEG quality 90)
 * run --mode memory|folder|store --data DIR --work DIR [--warmup 8] [--iterations 40] [--threads 2]
 *     [--loader-threads 2] [--distinct 64]
 *     memory  samples decoded and augmented once before the run and held in memory; the loader hands them out
 *     folder  the JPEGs from the local disk through the normal Prefetcher (decode + augmentation per step)
 *     store   the same JPEGs uploaded to an s3proxy server started in this JVM and read through StoreData
 *             with an empty disk cache, so every image of the run is streamed from the store
 * profile --data DIR --out TRACE.json [--warmup 3] [--iterations 3]
 *     DetectorTraining.step on in-memory samples with libtorch's profiler on for the last iterations; writes
 *     its Chrome trace and prints the step times and libtorch's build features
 * </pre>
 *
 * Every mode runs the real loop ({@link TrainingRun}, hence {@link DetectorTraining#step}, libtorch's Adam).
 * The first {@code warmup} iterations are excluded; the time is taken between the loop's progress reports
 * after iteration {@code warmup} and after iteration {@code warmup + iterations} (one report per
 * iteration), so the final checkpoint is outside it. Prints one JSON line on stdout. The store mode needs
 * {@code io.framewise.localstack.EmbeddedS3} (deploy/local-stack) on the class path; it is looked up by
 * reflection so that the trainer does not depend on the local stack.
 */
public final class TrainingBenchmark {

    private static final String[] CATEGORIES = {"square", "disk", "triangle"};
    private static final String BUCKET = "bench";
    private static final String PREFIX = "train-detector/";

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: TrainingBenchmark generate --out DIR [--count N] | run --mode memory|folder|store "
                    + "--data DIR --work DIR [--warmup N] [--iterations N] [--threads N]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        // Before anything loads the engine: libtorch's intra-op threads, and no download attempts.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intOption(options, "threads", 2)));
        System.setProperty("ai.djl.offline", "true");
        switch (args[0]) {
            case "generate" -> generate(Path.of(required(options, "out")), intOption(options, "count", 512),
                    intOption(options, "width", 320), intOption(options, "height", 240),
                    Long.parseLong(options.getOrDefault("seed", "11")));
            case "run" -> run(options);
            case "profile" -> profile(options);
            default -> throw new IllegalArgumentException("unknown command " + args[0] + ": generate or run");
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- the measurement

    private static void run(Map<String, String> o) throws Exception {
        String mode = required(o, "mode");
        Path data = Path.of(required(o, "data")).toAbsolutePath();
        Path work = Path.of(required(o, "work")).toAbsolutePath();
        int warmup = intOption(o, "warmup", 8);
        int iterations = intOption(o, "iterations", 40);
        int loaderThreads = intOption(o, "loader-threads", 2);
        int distinct = intOption(o, "distinct", 64);

        WorkFolder.clear(work);
        Files.createDirectories(work);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("batchSize", "8");
        settings.put("learningRate", "0.001");
        settings.put("optimizer", "adam");
        settings.put("iterations", Integer.toString(warmup + iterations));
        settings.put("backbone", "resnet18");
        settings.put("width", "64");
        settings.put("imageSize", "224");
        settings.put("logInterval", "1");
        settings.put("previewInterval", "0");
        settings.put("snapshotAtEpochEnd", "false");
        settings.put("seed", "1");
        settings.put("loaderThreads", Integer.toString(loaderThreads));
        settings.put("prefetchBatches", "4");
        Hyperparameters h = Hyperparameters.parse(settings, DetectorTraining.FAMILY.modelSettings());

        AutoCloseable s3 = null;
        ObjectStore store = null;
        TaskSetup.Data train;
        long setupStart = System.nanoTime();
        switch (mode) {
            case "memory", "folder" -> train = new Folder(data);
            case "store" -> {
                s3 = startEmbeddedS3(work.resolve("s3"));
                String endpoint = (String) s3.getClass().getMethod("endpoint").invoke(s3);
                store = ObjectStore.connect(new StoreSettings(endpoint, "bench", "bench-secret", null));
                store.ensureBuckets(List.of(BUCKET));
                store.put(BUCKET, PREFIX + "instances.json", data.resolve("instances.json"), "application/json");
                try (Stream<Path> files = Files.list(data.resolve("images"))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        store.put(BUCKET, PREFIX + "images/" + f.getFileName(), f, "image/jpeg");
                    }
                }
                Path cache = work.resolve("cache");
                Files.createDirectories(cache);
                train = new StoreData(store, new ObjectRef(BUCKET, PREFIX + "instances.json"), null, cache);
            }
            default -> throw new IllegalArgumentException("mode is memory, folder or store, was " + mode);
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        Measure measure = new Measure(warmup, warmup + iterations);
        Map<String, Object> result = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            DetectorTraining detector = (DetectorTraining) DetectorTraining.FAMILY.open(new TaskSetup(h, train, null,
                    manager));
            TrainingTask<?> task = detector;
            double preloadSeconds = 0;
            if (mode.equals("memory")) {
                long t0 = System.nanoTime();
                task = new InMemory<>(detector, Math.min(distinct, detector.samples()));
                preloadSeconds = (System.nanoTime() - t0) / 1e9;
            }
            TrainingRun run = new TrainingRun(task, h, RunStorage.directory(work.resolve("run")), measure,
                    new RunControl(), work.resolve("loop"));
            TrainingRun.Result r = run.run(manager);
            task.close();
            if (r.outcome() != TrainingRun.Outcome.COMPLETED) {
                throw new IllegalStateException("the run ended " + r.outcome() + ": " + r.reason());
            }
            result.put("mode", mode);
            result.put("steps_per_second", round(iterations / measure.seconds(), 4));
            result.put("images_per_second", round(iterations * h.batchSize() / measure.seconds(), 2));
            result.put("seconds", round(measure.seconds(), 3));
            result.put("warmup", warmup);
            result.put("iterations", iterations);
            result.put("batch", h.batchSize());
            result.put("image_size", 224);
            result.put("intra_op_threads", JniUtils.getNumThreads());
            result.put("loader_threads", loaderThreads);
            result.put("median_step_seconds", round(measure.quantile(0.5), 4));
            result.put("p90_step_seconds", round(measure.quantile(0.9), 4));
            result.put("max_step_seconds", round(measure.quantile(1), 4));
            result.put("data_wait_seconds", round(measure.dataWait, 3));
            result.put("first_loss", round(measure.firstLoss, 4));
            result.put("last_loss", round(measure.lastLoss, 4));
            result.put("samples", detector.samples());
            result.put("skipped", r.skippedImages());
            if (mode.equals("memory")) {
                result.put("distinct_samples", Math.min(distinct, detector.samples()));
                result.put("preload_seconds", round(preloadSeconds, 2));
            }
            if (mode.equals("store")) {
                result.put("upload_seconds", round(setupSeconds, 2));
                long cached;
                try (Stream<Path> files = Files.walk(work.resolve("cache"))) {
                    cached = files.filter(p -> p.toString().endsWith(".jpg")).count();
                }
                result.put("images_downloaded", cached);
            }
            // Where the CPU went during the measured iterations (2 cores shared by everything).
            result.put("process_cpu_seconds", round(measure.processCpu, 2));
            // CPU that other processes took meanwhile: a figure measured while they ran is disturbed.
            result.put("other_processes_cpu_seconds", round(Math.max(0, measure.machineCpu - measure.processCpu), 2));
            Map<String, Object> cpu = new LinkedHashMap<>();
            double javaThreads = 0;
            for (Map.Entry<String, Double> e : measure.threadCpu.entrySet()) {
                javaThreads += e.getValue();
            }
            measure.threadCpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(e -> e.getValue() >= 0.05).forEach(e -> cpu.put(e.getKey(), round(e.getValue(), 2)));
            cpu.put("native (libtorch OpenMP workers, not Java threads)", round(measure.processCpu - javaThreads, 2));
            result.put("cpu_seconds_by_thread", cpu);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
        System.out.println(json(result));
    }

    /** The training step alone (no loader, no loop) under libtorch's profiler, to see where a step's time goes. */
    private static void profile(Map<String, String> o) throws Exception {
        Path data = Path.of(required(o, "data")).toAbsolutePath();
        Path trace = Path.of(required(o, "out")).toAbsolutePath();
        int warmup = intOption(o, "warmup", 3);
        int iterations = intOption(o, "iterations", 3);
        Map<String, String> settings = Map.of("batchSize", "8", "backbone", "resnet18", "width", "64", "imageSize", "224",
                "previewInterval", "0");
        Hyperparameters h = Hyperparameters.parse(settings, DetectorTraining.FAMILY.modelSettings());
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(1);
            DetectorTraining detector = (DetectorTraining) DetectorTraining.FAMILY.open(new TaskSetup(h, new Folder(data),
                    null, manager));
            InMemory<DetectorTraining.Sample> task = new InMemory<>(detector, 8);
            List<DetectorTraining.Sample> batch = task.samples;
            Optimizer adam = new Optimizer("adam", 0.9, 0, detector.blocks().get("model"), manager);
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                if (i == warmup) {
                    JniUtils.startProfile(false, true, false);
                }
                long t0 = System.nanoTime();
                detector.step(batch, (block, losses) -> adam.step(0.001));
                seconds.add((System.nanoTime() - t0) / 1e9);
            }
            JniUtils.stopProfile(trace.toString());
            adam.close();
            task.close();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("step_seconds", seconds.toString());
            result.put("intra_op_threads", JniUtils.getNumThreads());
            result.put("features", String.valueOf(JniUtils.getFeatures()));
            result.put("trace", trace.toString());
            System.out.println(json(result));
        }
    }

    /** Records the time, data wait and CPU between the reports after iteration {@code from} and {@code to}. */
    static final class Measure implements RunListener {
        private final long from;
        private final long to;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final List<Double> steps = new ArrayList<>();
        private long start;
        private long end;
        private long last;
        private long cpuStart;
        private Map<Long, Long> threadStart = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        double dataWait;
        double processCpu;
        double machineCpu;
        private double machineStart;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        final Map<String, Double> threadCpu = new TreeMap<>();

        Measure(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void progress(Progress p) {
            if (!"RUNNING".equals(p.state())) {
                return;
            }
            long now = System.nanoTime();
            if (p.iteration() == 1) {
                firstLoss = p.losses().getOrDefault("total", Double.NaN);
            }
            if (p.iteration() == from) {
                start = now;
                cpuStart = processCpu();
                machineStart = machineCpu();
                threadStart = threadTimes();
            } else if (p.iteration() > from && p.iteration() <= to) {
                steps.add((now - last) / 1e9);
                dataWait += p.dataWaitSeconds();
            }
            if (p.iteration() == to) {
                end = now;
                processCpu = (processCpu() - cpuStart) / 1e9;
                machineCpu = machineCpu() - machineStart;
                Map<Long, Long> now2 = threadTimes();
                for (Map.Entry<Long, Long> e : now2.entrySet()) {
                    long before = threadStart.getOrDefault(e.getKey(), 0L);
                    threadCpu.merge(group(names.get(e.getKey())), (e.getValue() - before) / 1e9, Double::sum);
                }
                lastLoss = p.losses().getOrDefault("total", Double.NaN);
            }
            last = now;
        }

        double seconds() {
            return (end - start) / 1e9;
        }

        double quantile(double q) {
            List<Double> sorted = new ArrayList<>(steps);
            sorted.sort(Double::compare);
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
        }

        /** Busy CPU seconds of the whole machine so far, from /proc/stat (user to steal, in 1/100 s). */
        private static double machineCpu() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        private Map<Long, Long> threadTimes() {
            Map<Long, Long> times = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    times.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
            return times;
        }

        private static String group(String name) {
            if (name == null) {
                return "?";
            }
            if (name.equals("main")) {
                return "main (training step: Java and libtorch's share)";
            }
            if (name.startsWith("loader-")) {
                return "loader threads (decode, augmentation, download)";
            }
            return name.replaceAll("[-_ #]*\\d+$", "");
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    /**
     * A task with {@code distinct} samples loaded (decoded, augmented) once, up front and handed out in turn;
     * {@code step} is the task's own.
     */
    static final class InMemory<S> implements TrainingTask<S> {
        private final TrainingTask<S> task;
        private final List<S> samples;

        InMemory(TrainingTask<S> task, int distinct) throws IOException {
            this.task = task;
            this.samples = new ArrayList<>(distinct);
            for (int i = 0; i < distinct; i++) {
                samples.add(task.load(i, new SplittableRandom(i)));
            }
        }

        @Override
        public ModelSpec spec() {
            return task.spec();
        }

        @Override
        public Map<String, Block> blocks() {
            return task.blocks();
        }

        @Override
        public int samples() {
            return task.samples();
        }

        @Override
        public S load(int index, SplittableRandom random) {
            return samples.get(index % samples.size());
        }

        @Override
        public Map<String, Double> step(List<S> batch, Updates updates) {
            return task.step(batch, updates);
        }

        @Override
        public Optional<BufferedImage> preview(double minScore) {
            return Optional.empty();
        }

        @Override
        public int freezeUpTo(String layer) {
            return task.freezeUpTo(layer);
        }

        @Override
        public void close() {
            task.close();
        }
    }

    /** A COCO dataset on the local disk: {@code instances.json} and the images relative to its folder. */
    private record Folder(Path root) implements TaskSetup.Data {
        @Override
        public String name() {
            return root.resolve("instances.json").toString();
        }

        @Override
        public InputStream openIndex() throws IOException {
            return Files.newInputStream(root.resolve("instances.json"));
        }

        @Override
        public ImageSource images() {
            return ImageSource.folder(root);
        }
    }

    private static AutoCloseable startEmbeddedS3(Path dir) throws Exception {
        Class<?> type;
        try {
            type = Class.forName("io.framewise.localstack.EmbeddedS3");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the store mode needs deploy/local-stack (EmbeddedS3) on the class path", e);
        }
        Method start = type.getMethod("start", Path.class, int.class, String.class, String.class);
        return (AutoCloseable) start.invoke(null, dir, 0, "bench", "bench-secret");
    }

    // ---------------------------------------------------------------- the dataset

    /** Bright squares, disks and triangles (1 to 3 per image) on coloured noise, as COCO with JPEG images. */
    static void generate(Path out, int count, int width, int height, long seed) throws IOException {
        Files.createDirectories(out.resolve("images"));
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        int annotationId = 1;
        int side = Math.min(width, height);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[width * height];
            int base = random.nextInt(40, 120);
            for (int p = 0; p < rgb.length; p++) {
                int v = base + random.nextInt(50);
                rgb[p] = (v << 16) | (Math.min(255, v + random.nextInt(20)) << 8) | Math.max(0, v - random.nextInt(20));
            }
            image.setRGB(0, 0, width, height, rgb, 0, width);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int objects = 1 + random.nextInt(3);
            for (int o = 0; o < objects; o++) {
                int category = random.nextInt(CATEGORIES.length);
                int w = side / 6 + random.nextInt(side / 3);
                int h = category == 0 ? w : side / 6 + random.nextInt(side / 3);
                int x = random.nextInt(width - w);
                int y = random.nextInt(height - h);
                g.setColor(Color.getHSBColor((float) random.nextDouble(), 0.7f, 1f));
                switch (category) {
                    case 0 -> g.fillRect(x, y, w, h);
                    case 1 -> g.fillOval(x, y, w, h);
                    default -> g.fillPolygon(new Polygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3));
                }
                annotations.append(annotations.length() > 0 ? ",\n" : "").append(String.format(Locale.ROOT,
                        "{\"id\":%d,\"image_id\":%d,\"category_id\":%d,\"bbox\":[%d,%d,%d,%d],\"area\":%d,\"iscrowd\":0}",
                        annotationId++, i + 1, category + 1, x, y, w, h, w * h));
            }
            g.dispose();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out.resolve("images/" + i + ".jpg").toFile())) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            images.append(images.length() > 0 ? ",\n" : "").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"file_name\":\"images/%d.jpg\",\"width\":%d,\"height\":%d}", i + 1, i, width, height));
        }
        writer.dispose();
        StringBuilder categories = new StringBuilder();
        for (int c = 0; c < CATEGORIES.length; c++) {
            categories.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"id\":%d,\"name\":\"%s\"}", c + 1,
                    CATEGORIES[c]));
        }
        Files.writeString(out.resolve("instances.json"), "{\"images\":[\n" + images + "],\n\"annotations\":[\n"
                + annotations + "],\n\"categories\":[" + categories + "]}\n");
        System.out.println("{\"generated\":" + count + ",\"width\":" + width + ",\"height\":" + height + "}");
    }

    // ---------------------------------------------------------------- small helpers

    static final class WorkFolder {
        static void clear(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Times {@code task} through {@link TrainingRun} on its first {@code distinct} samples, made once and held in
     * memory, warm-up excluded ({@code h} holds warm-up + measured iterations and one progress report per
     * iteration); returns the fields every training benchmark reports, the parameter counts among them.
     */
    static <S> Map<String, Object> timeInMemory(TrainingTask<S> task, Hyperparameters h, int distinct, int warmup,
            int iterations, Path work, NDManager manager) throws Exception {
        long[] counts = parameterCounts(task);
        Measure measure = new Measure(warmup, warmup + iterations);
        long t0 = System.nanoTime();
        InMemory<S> held = new InMemory<>(task, distinct);
        double preloadSeconds = (System.nanoTime() - t0) / 1e9;
        TrainingRun.Result r = new TrainingRun(held, h, RunStorage.directory(work.resolve("run")), measure,
                new RunControl(), work.resolve("loop")).run(manager);
        held.close();
        if (r.outcome() != TrainingRun.Outcome.COMPLETED) {
            throw new IllegalStateException("the run ended " + r.outcome() + ": " + r.reason());
        }
        double seconds = measure.seconds();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "framewise");
        result.put("steps_per_second", round(iterations / seconds, 4));
        result.put("images_per_second", round(iterations * h.batchSize() / seconds, 2));
        result.put("seconds", round(seconds, 3));
        result.put("warmup", warmup);
        result.put("iterations", iterations);
        result.put("batch", h.batchSize());
        result.put("learning_rate", h.learningRate());
        result.put("intra_op_threads", JniUtils.getNumThreads());
        result.put("median_step_seconds", round(measure.quantile(0.5), 4));
        result.put("p90_step_seconds", round(measure.quantile(0.9), 4));
        result.put("max_step_seconds", round(measure.quantile(1), 4));
        result.put("data_wait_seconds", round(measure.dataWait, 3));
        result.put("process_cpu_seconds", round(measure.processCpu, 2));
        // CPU that other processes took meanwhile: a figure measured while they ran is disturbed.
        result.put("other_processes_cpu_seconds", round(Math.max(0, measure.machineCpu - measure.processCpu), 2));
        result.put("first_loss", round(measure.firstLoss, 4));
        result.put("last_loss", round(measure.lastLoss, 4));
        result.put("distinct_samples", distinct);
        result.put("preload_seconds", round(preloadSeconds, 2));
        result.put("parameters", counts[0]);
        result.put("running_statistics", counts[1]);
        return result;
    }

    /** Trainable parameters and BatchNorm's running statistics (parameters without gradients in DJL) of a task. */
    static long[] parameterCounts(TrainingTask<?> task) {
        long trainable = 0;
        long running = 0;
        for (Block block : task.blocks().values()) {
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
                long n = p.getValue().getArray().size();
                if (p.getValue().requiresGradient()) {
                    trainable += n;
                } else {
                    running += n;
                }
            }
        }
        return new long[] {trainable, running};
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    static int intOption(Map<String, String> o, String name, int fallback) {
        return o.containsKey(name) ? Integer.parseInt(o.get(name)) : fallback;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String json(Map<String, Object> map) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : map.entrySet()) {
            b.append(b.length() > 1 ? "," : "").append('"').append(e.getKey().replace("\"", "\\\"")).append("\":");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) m;
                b.append(json(inner));
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v instanceof Double d && !Double.isFinite(d) ? "null" : v.toString());
            } else {
                b.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return b.append('}').toString();
    }
}
