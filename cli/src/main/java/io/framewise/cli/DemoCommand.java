package io.framewise.cli;

import io.framewise.cli.demo.SampleData;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.CocoFiltered;
import io.framewise.events.EvaluationResults;
import io.framewise.events.FrameDetections;
import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ModelPromoted;
import io.framewise.events.RunOutcome;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.TrainingProgress;
import io.framewise.events.VideoAnnotated;
import io.framewise.localstack.LocalStack;
import io.framewise.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "The main job: the whole workflow on generated sample data, on the embedded stack.",
        description = {"The main job on the embedded default: starts the embedded stack (Kafka, S3, bucket-event",
            "bridge) and all six services, generates sample data (training videos of a skater moving over a",
            "rink, a COCO-style image set) and runs the workflow through the services, printing progress and",
            "a summary of every artifact. Stops everything at the end unless --keep-running.",
            "Runs today: frames extracted from the videos, the COCO set filtered and balanced, a short",
            "detector training run on the filtered set with every checkpoint evaluated on a validation set and",
            "the best promoted, and a test video annotated with the promoted model."})
final class DemoCommand implements Callable<Integer> {

    private static final String DATASET = "demo-skater";

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".framewise/demo",
            description = "The demo's own data folder, emptied first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--videos", defaultValue = "2", description = "Training videos to generate (default: ${DEFAULT-VALUE}).")
    int videos;

    @Option(names = "--seconds", defaultValue = "4", description = "Length of each video in seconds at 25 fps (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--images", defaultValue = "60", description = "Images in the COCO-style set (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--train-iterations", defaultValue = "60",
            description = "Iterations of the demo's training run (default: ${DEFAULT-VALUE}).")
    int trainIterations;

    @Option(names = "--keep-running", description = "Leave the stack and services running at the end (Ctrl-C stops them).")
    boolean keepRunning;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds each step may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    private final Map<String, String> artifacts = new LinkedHashMap<>();
    private long started;

    @Override
    public Integer call() throws Exception {
        started = System.nanoTime();
        WorkFolder.delete(dataDir);
        Path samples = Files.createDirectories(dataDir.resolve("samples"));
        LocalStack.Settings settings = LocalStack.Settings.ephemeral(dataDir.resolve("stack"));
        step("starting the embedded stack and the six services");
        try (StackSession session = StackSession.start(settings, List.copyOf(ServiceProcesses.PORTS.keySet()))) {
            LocalStack stack = session.stack();
            ObjectStore store = stack.store();
            step("kafka " + stack.bootstrapServers() + ", s3 " + stack.s3Endpoint() + ", services ready");

            extractFrames(stack, store, samples);
            filterCoco(stack, store, samples);
            train(stack);
            annotate(stack, store, samples);

            printSummary(stack);
            if (keepRunning) {
                System.out.println("The stack keeps running (Ctrl-C stops it). Kafka " + stack.bootstrapServers()
                        + ", S3 " + stack.s3Endpoint() + ".");
                Thread.currentThread().join();
            }
        }
        return 0;
    }

    private void extractFrames(LocalStack stack, ObjectStore store, Path samples) throws Exception {
        step("generating " + videos + " training videos (" + seconds + " s each) and dropping them into videos/train/" + DATASET + "/");
        List<String> keys = new ArrayList<>();
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.FRAMES_EXTRACTED, Topic.JOBS_FAILED))) {
            for (int i = 1; i <= videos; i++) {
                Path video = SampleData.video(samples.resolve("skater-" + i + ".mp4"), seconds * 25, i);
                String key = "train/" + DATASET + "/skater-" + i + ".mp4";
                store.put(Buckets.VIDEOS, key, video, "video/mp4");
                keys.add(key);
            }
            step("waiting for the frame-extractor (bucket event -> frames dataset)");
            int done = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (done < keys.size()) {
                SpecificRecord event = waiter.poll(Duration.ofMillis(500), e -> EventWaiter.isAbout(e, DATASET));
                if (event instanceof FramesExtracted f) {
                    done++;
                    step(String.format(Locale.ROOT, "  %s: %d frames %dx%d -> %s/%s", f.getVideo().getKey(), f.getFrameCount(),
                            f.getWidth(), f.getHeight(), f.getFrames().getBucket(), f.getFrames().getKey()));
                } else if (event instanceof JobFailed failed) {
                    throw new IllegalStateException("extraction failed: " + failed.getReason());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("frames not extracted within " + timeoutSeconds + " s");
                }
            }
            long frames;
            try (Stream<ObjectInfo> objects = store.list(Buckets.DATASETS, "frames/" + DATASET + "/")) {
                frames = objects.filter(o -> o.key().endsWith(".jpg")).count();
            }
            artifacts.put("frames dataset", Buckets.DATASETS + "/frames/" + DATASET + "/  (" + frames + " JPEGs, a manifest.csv per video)");
        }
    }

    private void filterCoco(LocalStack stack, ObjectStore store, Path samples) throws Exception {
        step("generating a COCO-style set of " + images + " images (skater, ball, cone) and uploading it to inputs/demo/coco/");
        upload(store, SampleData.cocoSet(samples.resolve("coco"), images, 7), "demo/coco/");
        step("asking the coco-filter for skater + ball, balanced on the rarest class, kept images copied");
        filter(stack, "demo/coco/", "demo/coco-skater-ball", "keep-rarest", true);
        int validationImages = Math.max(4, images / 4);
        step("generating a validation set of " + validationImages + " images and filtering it to the same two classes");
        upload(store, SampleData.cocoSet(samples.resolve("coco-val"), validationImages, 1007), "demo/coco-val/");
        filter(stack, "demo/coco-val/", "demo/coco-val-skater-ball", "none", false);
    }

    private static void upload(ObjectStore store, Path instances, String prefix) throws Exception {
        store.put(Buckets.INPUTS, prefix + "instances.json", instances, "application/json");
        try (Stream<Path> files = Files.list(instances.resolveSibling("images"))) {
            for (Path image : (Iterable<Path>) files.sorted()::iterator) {
                store.put(Buckets.INPUTS, prefix + "images/" + image.getFileName(), image, "image/jpeg");
            }
        }
    }

    /** Filters {@code inputs/<input>instances.json} to skater + ball into {@code datasets/<output>.json} and its images. */
    private void filter(LocalStack stack, String input, String output, String balance, boolean report) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("input", "inputs/" + input + "instances.json");
        request.put("output", "datasets/" + output + ".json");
        request.put("categories", List.of("skater", "ball"));
        request.put("balance", balance);
        request.put("imagesSource", "inputs/" + input + "images/");
        request.put("imagesTarget", "datasets/" + output + "/images/");
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.COCO_FILTERED, Topic.JOBS_FAILED))) {
            String correlationId = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("coco-filter")).post("/filters", request).path("correlationId").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (true) {
                SpecificRecord event = waiter.poll(Duration.ofMillis(500), e -> EventWaiter.isAbout(e, correlationId));
                if (event instanceof CocoFiltered f) {
                    step(String.format(Locale.ROOT, "  filtered: images %d -> %d, annotations %d -> %d", f.getImagesBefore(),
                            f.getImagesAfter(), f.getAnnotationsBefore(), f.getAnnotationsAfter()));
                    if (report) {
                        f.getCategories().forEach(c -> step(String.format(Locale.ROOT, "    %-7s id %d -> %s, instances %d -> %d",
                                c.getName(), c.getOriginalId(), c.getNewId() == null ? "dropped" : c.getNewId().toString(),
                                c.getInstancesBefore(), c.getInstancesAfter())));
                        artifacts.put("filtered COCO", f.getOutput().getBucket() + "/" + f.getOutput().getKey()
                                + "  (images in datasets/" + output + "/images/)");
                    }
                    return;
                }
                if (event instanceof JobFailed failed) {
                    throw new IllegalStateException("filtering failed: " + failed.getReason());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the COCO file was not filtered within " + timeoutSeconds + " s");
                }
            }
        }
    }

    /** A short run of the one-stage detector on the filtered set, through the trainer service. */
    private void train(LocalStack stack) throws Exception {
        step("asking the trainer for a short one-stage-detector run on the filtered set (" + trainIterations
                + " iterations, a small ResNet-18 at 160x128: a demonstration, not a useful model)");
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("width", 16);
        hyper.put("imageSize", "160x128");
        hyper.put("batchSize", 8);
        hyper.put("learningRate", 0.003);
        hyper.put("iterations", trainIterations);
        hyper.put("logInterval", 10);
        hyper.put("snapshotInterval", Math.max(1, trainIterations / 2));
        hyper.put("previewInterval", Math.max(1, trainIterations / 2));
        hyper.put("snapshotAtEpochEnd", false);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("family", "one-stage-detector");
        request.put("modelName", "demo-detector");
        request.put("train", "datasets/demo/coco-skater-ball.json");
        request.put("trainImages", "datasets/demo/coco-skater-ball/images/");
        request.put("validation", "datasets/demo/coco-val-skater-ball.json");
        request.put("validationImages", "datasets/demo/coco-val-skater-ball/images/");
        request.put("hyperparameters", hyper);
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.TRAINING_PROGRESS, Topic.CHECKPOINT_SAVED,
                Topic.TRAINING_COMPLETED, Topic.EVALUATION_RESULTS, Topic.MODELS_PROMOTED, Topic.JOBS_FAILED))) {
            String runId = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("trainer")).post("/runs", request)
                    .path("runId").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            int checkpoints = 0;
            int evaluated = 0;
            boolean completed = false;
            ModelPromoted promoted = null;
            while (!completed || evaluated < checkpoints) {
                for (SpecificRecord event : waiter.pollAll(Duration.ofMillis(500), e -> EventWaiter.isAbout(e, runId))) {
                    if (event instanceof TrainingProgress p && !p.getLosses().isEmpty()) {
                        step(String.format(Locale.ROOT, "  iteration %d/%d: loss %.4f, %.1f images/s", p.getIteration(),
                                p.getTotalIterations(), p.getLosses().get("total"), p.getImagesPerSecond()));
                    } else if (event instanceof CheckpointSaved c) {
                        checkpoints++;
                        step("  checkpoint at iteration " + c.getIteration() + ": " + c.getCheckpoint().getBucket() + "/"
                                + c.getCheckpoint().getKey());
                    } else if (event instanceof TrainingCompleted done) {
                        if (done.getOutcome() != RunOutcome.COMPLETED) {
                            throw new IllegalStateException("training ended " + done.getOutcome() + ": " + done.getReason());
                        }
                        step("  run " + runId + " completed after " + done.getIterations() + " iterations");
                        artifacts.put("training run", Buckets.RUNS + "/" + runId + "/  (run.json, metrics.csv, " + checkpoints
                                + " checkpoints, bboxes/ pictures)");
                        completed = true;
                    } else if (event instanceof EvaluationResults r) {
                        evaluated++;
                        step(String.format(Locale.ROOT, "  evaluated iteration %d on the validation set: AP50 %.3f, AP %.3f%s",
                                r.getIteration(), r.getMetrics().get("AP50"), r.getMetrics().get("AP"),
                                r.getBestSoFar() ? " (best so far)" : ""));
                    } else if (event instanceof ModelPromoted p) {
                        promoted = p;
                        step(String.format(Locale.ROOT, "  promoted %s: iteration %d, %s %.3f", p.getModelName(), p.getIteration(),
                                p.getMetric(), p.getValue()));
                    } else if (event instanceof JobFailed failed) {
                        throw new IllegalStateException("training failed: " + failed.getReason());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the training run and its evaluations did not end within "
                            + timeoutSeconds + " s");
                }
            }
            artifacts.put("evaluations", Buckets.RUNS + "/" + runId + "/evaluations/  (" + evaluated
                    + " records; plot.png, best.json beside them)");
            if (promoted != null) {
                artifacts.put("promoted model", promoted.getCheckpoint().getBucket() + "/" + promoted.getCheckpoint().getKey()
                        + "  (" + promoted.getModelName() + ", iteration " + promoted.getIteration() + ")");
            }
        }
    }

    /** A fresh video dropped under videos/inference/: the video-annotator runs the promoted model on every frame. */
    private void annotate(LocalStack stack, ObjectStore store, Path samples) throws Exception {
        String videoId = "demo/skater-test.mp4";
        step("generating a 2 s test video and dropping it into videos/inference/" + videoId
                + " (the video-annotator runs the promoted demo-detector on it)");
        Path video = SampleData.video(samples.resolve("skater-test.mp4"), 50, 99);
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.DETECTIONS, Topic.VIDEO_ANNOTATED,
                Topic.JOBS_FAILED))) {
            store.put(Buckets.VIDEOS, "inference/" + videoId, video, "video/mp4");
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            int frames = 0;
            long boxes = 0;
            while (true) {
                for (SpecificRecord event : waiter.pollAll(Duration.ofMillis(500), e -> EventWaiter.isAbout(e, videoId))) {
                    if (event instanceof FrameDetections d) {
                        frames++;
                        boxes += d.getDetections().size();
                    } else if (event instanceof VideoAnnotated a) {
                        step(String.format(Locale.ROOT, "  annotated %d frames at %.0f fps with %s (run %s); %d detection messages,"
                                + " %d boxes", a.getFrames(), a.getFps(), a.getModelName(), a.getRunId(), frames, boxes));
                        artifacts.put("annotated video", a.getOutput().getBucket() + "/" + a.getOutput().getKey()
                                + "  (H.264; detections in " + a.getDetectionsJson().getBucket() + "/"
                                + a.getDetectionsJson().getKey() + ", per frame on the detections topic)");
                        return;
                    } else if (event instanceof JobFailed failed) {
                        throw new IllegalStateException("annotation failed: " + failed.getReason());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the video was not annotated within " + timeoutSeconds + " s");
                }
            }
        }
    }

    private void step(String message) {
        System.out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
        System.out.flush();
    }

    private void printSummary(LocalStack stack) {
        System.out.println();
        System.out.println("Summary");
        artifacts.forEach((what, where) -> System.out.printf("  %-16s %s%n", what, where));
        System.out.printf("  %-16s %s%n", "samples", dataDir.resolve("samples").toAbsolutePath());
        System.out.printf("  %-16s %s%n", "service logs", dataDir.resolve("stack/logs").toAbsolutePath());
        System.out.printf(Locale.ROOT, "  %-16s %.0f s%n", "total", (System.nanoTime() - started) / 1e9);
        System.out.println(keepRunning
                ? "Watch events with: ./framewise tail frames.extracted --from-beginning --kafka " + stack.bootstrapServers()
                : "Run with --keep-running to look around afterwards (./framewise tail, any S3 client).");
    }
}
