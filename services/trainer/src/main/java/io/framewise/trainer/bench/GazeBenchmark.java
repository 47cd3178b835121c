package io.framewise.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.framewise.trainer.core.FolderData;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingRun;
import io.framewise.trainer.core.gaze.GazeTraining;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Training throughput and memory of the spatial gaze-target network (VTD) for {@code bench/train-gaze.sh}. Three
 * commands:
 *
 * <pre>
 * speed --work DIR [--warmup 3] [--iterations 20] [--threads 2] [--batch 8] [--size 224] [--width 64]
 *     [--backbone resnet18] [--distinct 16]
 *     GazeScenes samples (320x240 frames) loaded and augmented once by GazeTraining, held in memory, and the real
 *     loop (TrainingRun: GazeTraining.step, the trainer's Adam at the family's default learning rate 0.00025)
 * generate --data DIR [--tracks 64] [--length 8] [--frame-width 1280] [--frame-height 720]
 *     a GazeScenes data set for the memory mode (PNG frames and gaze.csv); kept if DIR already holds one of the same
 *     settings
 * memory --data DIR --work DIR [--epochs 1] [--threads 2] [--loader-threads 2] [--batch 8] [--size 224] [--width 64]
 *     [--backbone resnet18]
 *     a real run over that data set: FolderData and GazeTraining.load read and decode every frame from the disk as
 *     batches need it, through the normal Prefetcher; for whole epochs, so that every frame is read at least once
 * </pre>
 *
 * The speed mode excludes the first {@code warmup} iterations and takes the time between the loop's progress reports
 * after iteration {@code warmup} and after the last one, so the final checkpoint is outside it (as
 * {@link HourglassBenchmark}). The memory mode reports the JVM's heap limit, the peak heap in use (the larger of a
 * sample every 20 ms and the heap in use before each collection, from the collectors' notifications), the peak heap
 * still live after a collection, the process's peak resident set ({@code VmHWM} in {@code /proc/self/status}: the
 * heap, libtorch's native memory and everything else), the frames' decoded size (width x height x 3 bytes each) and
 * how many distinct frames the run read. Each command prints one JSON line on stdout.
 */
public final class GazeBenchmark {

    private GazeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: GazeBenchmark speed --work DIR [...] | generate --data DIR [...] "
                    + "| memory --data DIR --work DIR [...]");
            System.exit(2);
        }
        Map<String, String> o = TrainingBenchmark.options(Arrays.copyOfRange(args, 1, args.length));
        // Before anything loads the engine: libtorch's intra-op threads, and no download attempts.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(TrainingBenchmark.intOption(o, "threads", 2)));
        System.setProperty("ai.djl.offline", "true");
        Map<String, Object> result = switch (args[0]) {
            case "speed" -> speed(o);
            case "generate" -> generate(o);
            case "memory" -> memory(o);
            default -> throw new IllegalArgumentException("unknown command " + args[0] + ": speed, generate or memory");
        };
        System.out.println(TrainingBenchmark.json(result));
        // Idle OkHttp threads (the store client's) would otherwise keep the JVM alive.
        System.exit(0);
    }

    private static Map<String, String> settings(Map<String, String> o, int batch, long iterations) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("batchSize", Integer.toString(batch));
        settings.put("optimizer", "adam");   // learningRate: the family's default (0.00025)
        settings.put("iterations", Long.toString(iterations));
        settings.put("backbone", o.getOrDefault("backbone", "resnet18"));
        settings.put("width", o.getOrDefault("width", "64"));
        settings.put("imageSize", o.getOrDefault("size", "224"));
        settings.put("temporal", "false");
        settings.put("logInterval", "1");          // one progress report per iteration: the timing marks
        settings.put("previewInterval", "0");
        settings.put("snapshotAtEpochEnd", "false");
        settings.put("seed", "1");
        return settings;
    }

    // ---------------------------------------------------------------- speed

    private static Map<String, Object> speed(Map<String, String> o) throws Exception {
        Path work = Path.of(TrainingBenchmark.required(o, "work")).toAbsolutePath();
        int warmup = TrainingBenchmark.intOption(o, "warmup", 3);
        int iterations = TrainingBenchmark.intOption(o, "iterations", 20);
        int batch = TrainingBenchmark.intOption(o, "batch", 8);
        int distinct = Math.max(batch, TrainingBenchmark.intOption(o, "distinct", 16));

        TrainingBenchmark.WorkFolder.clear(work);
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        // 4-frame clips of 320x240: enough tracks for the distinct samples.
        Path index = GazeScenes.write(work.resolve("data"), (distinct + 3) / 4, 4, 320, 240, 0.6f, 11);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, String> settings = settings(o, batch, warmup + iterations);
        settings.put("loaderThreads", "1");        // hands out the samples held in memory
        settings.put("prefetchBatches", "4");
        Hyperparameters h = Hyperparameters.parse(settings, GazeTraining.FAMILY);

        Map<String, Object> result = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            GazeTraining gaze = (GazeTraining) GazeTraining.FAMILY.open(new TaskSetup(h, new FolderData(index), null,
                    manager));
            result.putAll(TrainingBenchmark.timeInMemory(gaze, h, distinct, warmup, iterations, work, manager));
            result.put("image_size", gaze.model().imageSize());
            result.put("width", Integer.parseInt(settings.get("width")));
            result.put("backbone", settings.get("backbone"));
            result.put("generate_seconds", TrainingBenchmark.round(generateSeconds, 2));
        }
        return result;
    }

    // ---------------------------------------------------------------- the memory data set

    private static Map<String, Object> generate(Map<String, String> o) throws IOException {
        Path data = Path.of(TrainingBenchmark.required(o, "data")).toAbsolutePath();
        int tracks = TrainingBenchmark.intOption(o, "tracks", 64);
        int length = TrainingBenchmark.intOption(o, "length", 8);
        int width = TrainingBenchmark.intOption(o, "frame-width", 1280);
        int height = TrainingBenchmark.intOption(o, "frame-height", 720);
        String stamp = "GazeScenes tracks=" + tracks + " length=" + length + " width=" + width + " height=" + height
                + " hue=0.6 seed=7\n";
        Path marker = data.resolve("generated.txt");
        Map<String, Object> result = new LinkedHashMap<>();
        boolean kept = Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)
                && Files.isRegularFile(data.resolve("gaze.csv"));
        long t0 = System.nanoTime();
        if (!kept) {
            TrainingBenchmark.WorkFolder.clear(data);
            GazeScenes.write(data, tracks, length, width, height, 0.6f, 7);
            Files.writeString(marker, stamp);
        }
        result.put("generated", !kept);
        result.put("frames", (long) tracks * length);
        result.put("frame_width", width);
        result.put("frame_height", height);
        result.put("decoded_bytes", (long) tracks * length * width * height * 3);
        result.put("disk_bytes", diskBytes(data.resolve("images")));
        result.put("generate_seconds", TrainingBenchmark.round((System.nanoTime() - t0) / 1e9, 2));
        return result;
    }

    private static long diskBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    // ---------------------------------------------------------------- memory

    private static Map<String, Object> memory(Map<String, String> o) throws Exception {
        Path data = Path.of(TrainingBenchmark.required(o, "data")).toAbsolutePath();
        Path work = Path.of(TrainingBenchmark.required(o, "work")).toAbsolutePath();
        int batch = TrainingBenchmark.intOption(o, "batch", 8);
        int epochs = TrainingBenchmark.intOption(o, "epochs", 1);
        Path index = data.resolve("gaze.csv");
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException(index + " does not exist: run 'generate --data " + data + "' first");
        }
        TrainingBenchmark.WorkFolder.clear(work);
        Files.createDirectories(work);

        HeapWatch heap = new HeapWatch();
        Map<String, Object> result = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, String> settings = settings(o, batch, 0);
            settings.remove("iterations");
            settings.put("epochs", Integer.toString(epochs));   // whole epochs: every frame is read
            settings.put("loaderThreads", o.getOrDefault("loader-threads", "2"));
            settings.put("prefetchBatches", "4");
            Hyperparameters h = Hyperparameters.parse(settings, GazeTraining.FAMILY);
            Counting train = new Counting(new FolderData(index));
            TrainingRun.seed(h.seed());
            GazeTraining gaze = (GazeTraining) GazeTraining.FAMILY.open(new TaskSetup(h, train, null, manager));
            int frames = gaze.samples();   // spatial model: one sample per annotated frame
            long parameters = TrainingBenchmark.parameterCounts(gaze)[0];
            long total = h.totalIterations(frames);
            TrainingRun run = new TrainingRun(gaze, h, RunStorage.directory(work.resolve("run")), new RunListener() {
                @Override
                public void progress(Progress p) {
                    if ("RUNNING".equals(p.state()) && (p.iteration() % 16 == 0 || p.iteration() == total)) {
                        System.err.printf("iteration %d/%d: heap in use %d MB (peak %d MB), %d frames read%n",
                                p.iteration(), total, heap.current() >> 20, heap.peak() >> 20, train.distinct());
                    }
                }
            }, new RunControl(), work.resolve("loop"));
            long t0 = System.nanoTime();
            TrainingRun.Result r = run.run(manager);
            double seconds = (System.nanoTime() - t0) / 1e9;
            gaze.close();
            long limit = Runtime.getRuntime().maxMemory();
            long width = 0;
            long height = 0;
            long decoded = 0;
            // the decoded size of the distinct frames read, from their PNG headers (3 bytes a pixel)
            for (String name : train.names()) {
                int[] size = pngSize(data.resolve(name));
                width = size[0];
                height = size[1];
                decoded += 3L * size[0] * size[1];
            }
            heap.stop();
            result.put("mode", "memory");
            result.put("outcome", r.outcome().toString());
            result.put("completed", r.outcome() == TrainingRun.Outcome.COMPLETED);
            result.put("iterations", r.iterations());
            result.put("epochs", epochs);
            result.put("batch", batch);
            result.put("image_size", gaze.model().imageSize());
            result.put("width", Integer.parseInt(settings.get("width")));
            result.put("backbone", settings.get("backbone"));
            result.put("loader_threads", h.loaderThreads());
            result.put("intra_op_threads", JniUtils.getNumThreads());
            result.put("seconds", TrainingBenchmark.round(seconds, 2));
            result.put("steps_per_second", TrainingBenchmark.round(r.iterations() / seconds, 4));
            result.put("frames", frames);
            result.put("frames_read", train.distinct());
            result.put("reads", train.reads());
            result.put("skipped", r.skippedImages());
            result.put("frame_width", width);
            result.put("frame_height", height);
            result.put("decoded_bytes_read", decoded);
            result.put("disk_bytes", diskBytes(data.resolve("images")));
            result.put("heap_limit_bytes", limit);
            result.put("decoded_over_heap_limit", TrainingBenchmark.round((double) decoded / limit, 2));
            result.put("peak_heap_used_bytes", heap.peak());
            result.put("peak_heap_live_after_gc_bytes", heap.peakAfterGc());
            result.put("collections", heap.collections());
            result.put("peak_rss_bytes", vmHwm());
            result.put("parameters", parameters);
        }
        return result;
    }

    /** Width and height from a PNG's IHDR chunk (bytes 16 to 23), without decoding it. */
    private static int[] pngSize(Path png) throws IOException {
        byte[] head = new byte[24];
        try (InputStream in = Files.newInputStream(png)) {
            if (in.readNBytes(head, 0, 24) < 24) {
                throw new IOException(png + " is not a PNG");
            }
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
        return new int[] {b.getInt(16), b.getInt(20)};
    }

    /** The process's peak resident set so far, in bytes ({@code VmHWM}), or -1 off Linux. */
    static long vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A data set whose image source counts the frames read (all reads, and distinct names). */
    private static final class Counting implements TaskSetup.Data {
        private final TaskSetup.Data data;
        private final Set<String> names = ConcurrentHashMap.newKeySet();
        private final AtomicLong reads = new AtomicLong();

        Counting(TaskSetup.Data data) {
            this.data = data;
        }

        @Override
        public String name() {
            return data.name();
        }

        @Override
        public InputStream openIndex() throws IOException {
            return data.openIndex();
        }

        @Override
        public ImageSource images() {
            ImageSource images = data.images();
            return fileName -> {
                BufferedImage image = images.read(fileName);
                reads.incrementAndGet();
                names.add(fileName);
                return image;
            };
        }

        int distinct() {
            return names.size();
        }

        long reads() {
            return reads.get();
        }

        Set<String> names() {
            return new HashSet<>(names);
        }
    }

    /**
     * The heap in use: sampled every 20 ms, and before and after every collection from the collectors'
     * notifications (the moments the heap is fullest, and what stays live).
     */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();
        private final Thread sampler;
        private volatile boolean running = true;

        HeapWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, handback) -> {
                        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                            return;
                        }
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) n.getUserData());
                        collections.incrementAndGet();
                        peak.accumulateAndGet(heapSum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                        peakAfterGc.accumulateAndGet(heapSum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                    }, null, null);
                }
            }
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(current(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private long heapSum(Map<String, MemoryUsage> usage) {
            long sum = 0;
            for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    sum += e.getValue().getUsed();
                }
            }
            return sum;
        }

        long current() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        long peak() {
            return Math.max(peak.get(), current());
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }

        long collections() {
            return collections.get();
        }

        void stop() {
            running = false;
            sampler.interrupt();
        }
    }
}
