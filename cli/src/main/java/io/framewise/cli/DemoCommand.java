package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.cli.demo.SampleData;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.CocoFiltered;
import io.framewise.events.DatasetKind;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.EvaluationResults;
import io.framewise.events.FrameDetections;
import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ModelPromoted;
import io.framewise.events.ObjectRef;
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
        description = {"The main job on the embedded default: starts the embedded stack (Kafka,",
            "S3, bucket-event bridge) and all six services, generates sample data",
            "(training videos of a skater moving over a rink, RGBA templates of the",
            "skater and empty rinks, a hand-labelled-style set of held-out frames with",
            "the skater's box, a COCO-style image set) and runs the workflow through the",
            "services:",
            "  frames extracted from the videos; an assessor and a detection dataset",
            "  synthesized from the templates and rinks; the COCO set filtered and",
            "  balanced; a short LoANs run (localizer and assessor, on the frames and",
            "  the assessor dataset) and a short one-stage-detector run (on the filtered",
            "  set), every checkpoint of each evaluated on its validation set and the",
            "  best promoted; a test video annotated with the promoted detector.",
            "Short runs: a demonstration of the runs, their events and checkpoints, not",
            "useful models. Prints progress and, at the end, a summary: datasets, runs",
            "with their best metrics, where every artifact lies and how to watch the",
            "detections topic. Stops everything at the end unless --keep-running."})
final class DemoCommand implements Callable<Integer> {

    private static final String DATASET = "demo-skater";
    private static final String SYNTH = "demo/synth/";
    private static final String LOANS_VALIDATION = "demo/loans-val/";
    /** The held-out clip whose frames are the LoANs validation set; never dropped for training. */
    static final long VALIDATION_CLIP_SEED = 77;

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
            description = "Iterations of the demo's detector run (default: ${DEFAULT-VALUE}).")
    int trainIterations;

    @Option(names = "--samples", defaultValue = "600",
            description = "Crops in the synthesized assessor dataset; the detection dataset gets a tenth as many images, at"
                    + " least 10 (default: ${DEFAULT-VALUE}).")
    int synthSamples;

    @Option(names = "--loans-iterations", defaultValue = "300",
            description = "Iterations of the demo's LoANs run (default: ${DEFAULT-VALUE}).")
    int loansIterations;

    @Option(names = "--keep-running", description = "Leave the stack and services running at the end (Ctrl-C stops them).")
    boolean keepRunning;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds each step may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** What the summary lists: the datasets, the runs, and where every other artifact lies. */
    private final Map<String, String> datasets = new LinkedHashMap<>();
    private final List<RunResult> runs = new ArrayList<>();
    private final Map<String, String> artifacts = new LinkedHashMap<>();
    private ObjectRef assessorIndex;
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
            synthesize(stack, store, samples);
            labelValidationFrames(store, samples);
            filterCoco(stack, store, samples);
            // LoANs first: a video dropped for annotation gets the newest promoted model, which must be the detector.
            trainLoans(stack);
            trainDetector(stack);
            annotate(stack, store, samples);

            printSummary(stack);
            if (keepRunning) {
                // Ctrl-C ends the JVM without leaving this block: the hook stops the services and the stack.
                Runtime.getRuntime().addShutdownHook(new Thread(session::close, "framewise-demo-stop"));
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
            datasets.put("frames dataset", Buckets.DATASETS + "/frames/" + DATASET + "/  (" + frames + " JPEGs, a manifest.csv per video)");
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
                        datasets.put("filtered COCO", f.getOutput().getBucket() + "/" + f.getOutput().getKey()
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

    /**
     * RGBA templates of the skater and empty rinks into the store, then an assessor dataset (crops labelled with
     * their IoU, for the LoANs run) and a detection dataset (COCO) from the dataset-synthesizer, both requested
     * at once.
     */
    private void synthesize(LocalStack stack, ObjectStore store, Path samplesDir) throws Exception {
        int poses = 4;
        int rinks = 8;
        step("drawing " + poses * 3 + " RGBA templates of the skater (" + poses + " poses, upright and leaning) and " + rinks
                + " empty rinks; uploading them to inputs/" + SYNTH);
        Path synth = samplesDir.resolve("synth");
        for (Path template : SampleData.templates(synth.resolve("templates"), poses)) {
            store.put(Buckets.INPUTS, SYNTH + "templates/skater/" + template.getFileName(), template, "image/png");
        }
        for (Path background : SampleData.backgrounds(synth.resolve("backgrounds"), rinks, 500)) {
            store.put(Buckets.INPUTS, SYNTH + "backgrounds/" + background.getFileName(), background, "image/jpeg");
        }
        store.put(Buckets.INPUTS, SYNTH + "base-boxes.json", SampleData.baseBoxes(synth.resolve("base-boxes.json")),
                "application/json");
        int detectionImages = Math.max(10, synthSamples / 10);
        step("asking the dataset-synthesizer for an assessor dataset (" + synthSamples + " crops at IoU buckets, labelled with"
                + " their IoU) and a detection dataset (" + detectionImages + " rinks with skaters pasted, COCO)");
        Map<String, Map<String, Object>> requests = new LinkedHashMap<>();
        requests.put("assessor", synthesisRequest("assessor", synthSamples, List.of(32, 48), true, 7));
        requests.put("detection", synthesisRequest("detection", detectionImages, List.of(SampleData.WIDTH, SampleData.HEIGHT),
                false, 8));
        ServiceClient service = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("dataset-synthesizer"));
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.DATASET_SYNTHESIZED, Topic.JOBS_FAILED))) {
            Map<String, String> pending = new LinkedHashMap<>();
            for (var request : requests.entrySet()) {
                JsonNode answer = service.post("/syntheses", request.getValue());
                if (answer.path("alreadySynthesized").asBoolean()) {
                    throw new IllegalStateException("the " + request.getKey() + " dataset was already there: the demo's data"
                            + " folder should have been empty");
                }
                pending.put(answer.path("correlationId").asText(), request.getKey());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            long nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!pending.isEmpty()) {
                SpecificRecord event = waiter.poll(Duration.ofMillis(500), e -> pending.keySet().stream()
                        .anyMatch(id -> EventWaiter.isAbout(e, id)));
                if (event instanceof DatasetSynthesized d) {
                    String kind = pending.remove(d.getCorrelationId());
                    step(String.format(Locale.ROOT, "  %s dataset: %d samples, %d skipped -> %s/%s", kind, d.getSamples(),
                            d.getSkipped(), d.getIndex().getBucket(), d.getIndex().getKey()));
                    if (d.getKind() == DatasetKind.ASSESSOR) {
                        assessorIndex = d.getIndex();
                        datasets.put("assessor set", d.getIndex().getBucket() + "/" + d.getIndex().getKey() + "  (" + d.getSamples()
                                + " crops 32x48 labelled with their IoU, images/ beside it)");
                    } else {
                        datasets.put("detection set", d.getIndex().getBucket() + "/" + d.getIndex().getKey() + "  ("
                                + d.getSamples() + " images with their skaters' boxes, images/ beside it)");
                    }
                } else if (event instanceof JobFailed failed) {
                    throw new IllegalStateException("the " + pending.get(failed.getCorrelationId()) + " dataset was not"
                            + " synthesized: " + failed.getReason());
                }
                if (!pending.isEmpty() && System.nanoTime() > nextProgress) {
                    nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    List<String> counts = new ArrayList<>();
                    pending.forEach((id, kind) -> counts.add(String.format(Locale.ROOT, "%s %.0f/%s", kind,
                            service.metric("framewise_synthesizer_samples", "dataset", id).orElse(0),
                            requests.get(kind).get("numSamples"))));
                    step("  synthesizing: " + String.join(", ", counts));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + String.join(" and ", pending.values()) + " dataset(s) not"
                            + " synthesized within " + timeoutSeconds + " s");
                }
            }
        }
    }

    private static Map<String, Object> synthesisRequest(String kind, int count, List<Integer> outputSize, boolean zoomMode,
            long seed) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("backgrounds", Buckets.INPUTS + "/" + SYNTH + "backgrounds/");
        request.put("templates", Buckets.INPUTS + "/" + SYNTH + "templates/");
        request.put("output", Buckets.DATASETS + "/" + SYNTH + kind + "/");
        request.put("kind", kind);
        request.put("numSamples", count);
        request.put("outputSize", outputSize);
        // The rinks keep their size, so the skaters are pasted at the base boxes' sizes, as in the videos.
        request.put("imageSize", List.of(SampleData.WIDTH, SampleData.HEIGHT));
        request.put("baseBboxes", Buckets.INPUTS + "/" + SYNTH + "base-boxes.json");
        request.put("zoomMode", zoomMode);
        request.put("seed", seed);
        return request;
    }

    /** The LoANs run's validation set: frames of a clip never used for training, with the skater's true box. */
    private void labelValidationFrames(ObjectStore store, Path samplesDir) throws Exception {
        int frames = seconds * 25;
        int every = 4;
        int labelled = (frames + every - 1) / every;
        step("labelling the skater's box in " + labelled + " frames of a held-out clip (a hand-labelled-style COCO"
                + " validation set for the LoANs run) and uploading it to inputs/" + LOANS_VALIDATION);
        upload(store, SampleData.labelledFrames(samplesDir.resolve("loans-val"), frames, every, VALIDATION_CLIP_SEED),
                LOANS_VALIDATION);
        datasets.put("LoANs validation", Buckets.INPUTS + "/" + LOANS_VALIDATION + "instances.json  (" + labelled
                + " frames of a held-out clip, the skater's box in each)");
    }

    /**
     * A short LoANs run through the trainer: the localizer learns on the extracted frames (no boxes) against the
     * assessor, which learns on the synthesized assessor dataset. Small networks and inputs, so it runs in a
     * minute or two on a laptop's CPU; a learning rate of 1e-4 (at 1e-3 the localizer's crop runs off the image).
     */
    private void trainLoans(LocalStack stack) throws Exception {
        step("asking the trainer for a short LoANs run (" + loansIterations + " iterations: a localizer at 96x96 and its"
                + " assessor on 32x48 crops) on the frames dataset and the assessor dataset");
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("width", 16);
        hyper.put("assessorWidth", 8);
        hyper.put("imageSize", 96);
        hyper.put("targetSize", "32x48");
        hyper.put("object", "skater");
        hyper.put("batchSize", 16);
        hyper.put("learningRate", 0.0001);
        hyper.put("seed", 3);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("family", "loans");
        request.put("modelName", "demo-loans");
        request.put("train", Buckets.DATASETS + "/frames/" + DATASET + "/");
        request.put("assessor", assessorIndex.getBucket() + "/" + assessorIndex.getKey());
        request.put("validation", Buckets.INPUTS + "/" + LOANS_VALIDATION + "instances.json");
        request.put("validationImages", Buckets.INPUTS + "/" + LOANS_VALIDATION + "images/");
        RunResult run = trainAndEvaluate(stack, request, hyper, loansIterations, List.of("localizer", "assessor"),
                List.of("AP50", "recall", "missedIoU", "assessorPearson"));
        artifacts.put("LoANs run", Buckets.RUNS + "/" + run.runId() + "/  (run.json, metrics.csv, " + run.checkpoints()
                + " checkpoints with localizer and assessor, bboxes/ pictures)");
        artifacts.put("LoANs evaluated", Buckets.RUNS + "/" + run.runId() + "/evaluations/  (" + run.evaluated()
                + " records; plot.png, best.json beside them)");
        if (run.promoted() != null) {
            artifacts.put("LoANs model", promotedWhere(run.promoted()));
        }
    }

    /** A short run of the one-stage detector on the filtered set, through the trainer service. */
    private void trainDetector(LocalStack stack) throws Exception {
        step("asking the trainer for a short one-stage-detector run on the filtered set (" + trainIterations
                + " iterations, a small ResNet-18 at 160x128: a demonstration, not a useful model)");
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("width", 16);
        hyper.put("imageSize", "160x128");
        hyper.put("batchSize", 8);
        hyper.put("learningRate", 0.003);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("family", "one-stage-detector");
        request.put("modelName", "demo-detector");
        request.put("train", "datasets/demo/coco-skater-ball.json");
        request.put("trainImages", "datasets/demo/coco-skater-ball/images/");
        request.put("validation", "datasets/demo/coco-val-skater-ball.json");
        request.put("validationImages", "datasets/demo/coco-val-skater-ball/images/");
        RunResult run = trainAndEvaluate(stack, request, hyper, trainIterations, List.of(), List.of("AP50", "AP"));
        artifacts.put("training run", Buckets.RUNS + "/" + run.runId() + "/  (run.json, metrics.csv, " + run.checkpoints()
                + " checkpoints, bboxes/ pictures)");
        artifacts.put("evaluations", Buckets.RUNS + "/" + run.runId() + "/evaluations/  (" + run.evaluated()
                + " records; plot.png, best.json beside them)");
        if (run.promoted() != null) {
            artifacts.put("promoted model", promotedWhere(run.promoted()));
        }
    }

    private static String promotedWhere(ModelPromoted p) {
        return p.getCheckpoint().getBucket() + "/" + p.getCheckpoint().getKey() + "  (" + p.getModelName() + ", iteration "
                + p.getIteration() + ")";
    }

    /** How a run went: its checkpoints, their evaluations, the best one on the promotion metric, the last promotion. */
    record RunResult(String modelName, String family, String runId, long iterations, int checkpoints, int evaluated,
            String metric, long bestIteration, double bestValue, ModelPromoted promoted) {
    }

    /**
     * Asks the trainer for a run of {@code iterations} (checkpoints at the half and the end), then follows it to
     * the end: its progress (with the {@code losses} named besides the total), its checkpoints, each checkpoint's
     * evaluation on the validation set (the {@code metrics} named) and the evaluator's promotions. Returns once
     * the run completed, every checkpoint was evaluated and every promotion those evaluations earned was announced.
     */
    private RunResult trainAndEvaluate(LocalStack stack, Map<String, Object> request, Map<String, Object> hyper,
            int iterations, List<String> losses, List<String> metrics) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>(hyper);
        settings.put("iterations", iterations);
        settings.put("logInterval", Math.max(1, Math.min(10, iterations / 4)));
        settings.put("snapshotInterval", Math.max(1, iterations / 2));
        settings.put("previewInterval", Math.max(1, iterations / 2));
        settings.put("snapshotAtEpochEnd", false);
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.put("hyperparameters", settings);
        String metric = String.valueOf(body.getOrDefault("promotionMetric", "AP50"));
        try (var waiter = new EventWaiter(stack.bootstrapServers(), List.of(Topic.TRAINING_PROGRESS, Topic.CHECKPOINT_SAVED,
                Topic.TRAINING_COMPLETED, Topic.EVALUATION_RESULTS, Topic.MODELS_PROMOTED, Topic.JOBS_FAILED))) {
            String runId = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("trainer")).post("/runs", body)
                    .path("runId").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            int checkpoints = 0;
            int evaluated = 0;
            long ranIterations = -1;
            long bestIteration = -1;
            double bestValue = Double.NaN;
            // The evaluator promotes a checkpoint that beats the model's promoted value (the first one with a value).
            int promotionsDue = 0;
            int promotionsSeen = 0;
            double promotedValue = Double.NaN;
            ModelPromoted promoted = null;
            while (ranIterations < 0 || evaluated < checkpoints || promotionsSeen < promotionsDue) {
                for (SpecificRecord event : waiter.pollAll(Duration.ofMillis(500), e -> EventWaiter.isAbout(e, runId))) {
                    if (event instanceof TrainingProgress p && !p.getLosses().isEmpty()) {
                        StringBuilder parts = new StringBuilder();
                        for (String loss : losses) {
                            Double value = p.getLosses().get(loss);
                            if (value != null) {
                                parts.append(String.format(Locale.ROOT, ", %s %.4f", loss, value));
                            }
                        }
                        step(String.format(Locale.ROOT, "  iteration %d/%d: loss %.4f%s, %.1f images/s", p.getIteration(),
                                p.getTotalIterations(), p.getLosses().get("total"), parts, p.getImagesPerSecond()));
                    } else if (event instanceof CheckpointSaved c) {
                        checkpoints++;
                        step("  checkpoint at iteration " + c.getIteration() + ": " + c.getCheckpoint().getBucket() + "/"
                                + c.getCheckpoint().getKey());
                    } else if (event instanceof TrainingCompleted done) {
                        if (done.getOutcome() != RunOutcome.COMPLETED) {
                            throw new IllegalStateException("training ended " + done.getOutcome() + ": " + done.getReason());
                        }
                        step("  run " + runId + " completed after " + done.getIterations() + " iterations");
                        ranIterations = done.getIterations();
                    } else if (event instanceof EvaluationResults r) {
                        evaluated++;
                        StringBuilder parts = new StringBuilder();
                        for (String name : metrics) {
                            Double value = r.getMetrics().get(name);
                            parts.append(parts.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", name,
                                    value == null ? Double.NaN : value));
                        }
                        step(String.format(Locale.ROOT, "  evaluated iteration %d on the validation set: %s%s", r.getIteration(),
                                parts, r.getBestSoFar() ? " (best so far)" : ""));
                        Double value = r.getMetrics().get(metric);
                        if (value != null && Double.isFinite(value)) {
                            if (Double.isNaN(bestValue) || value > bestValue) {
                                bestValue = value;
                                bestIteration = r.getIteration();
                            }
                            if (Double.isNaN(promotedValue) || value > promotedValue) {
                                promotedValue = value;
                                promotionsDue++;
                            }
                        }
                    } else if (event instanceof ModelPromoted p) {
                        promotionsSeen++;
                        promoted = p;
                        step(String.format(Locale.ROOT, "  promoted %s: iteration %d, %s %.3f", p.getModelName(), p.getIteration(),
                                p.getMetric(), p.getValue()));
                    } else if (event instanceof JobFailed failed) {
                        throw new IllegalStateException("run " + runId + " failed: " + failed.getReason());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the training run " + runId + " and its evaluations did not end within "
                            + timeoutSeconds + " s");
                }
            }
            RunResult result = new RunResult(String.valueOf(request.get("modelName")), String.valueOf(request.get("family")),
                    runId, ranIterations, checkpoints, evaluated, metric, bestIteration, bestValue, promoted);
            runs.add(result);
            return result;
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
        System.out.println(" Datasets");
        datasets.forEach((what, where) -> System.out.printf("  %-16s %s%n", what, where));
        System.out.println(" Runs (every checkpoint evaluated on the run's validation set, the best promoted)");
        System.out.printf("  %-14s %-19s %10s %10s  %-22s %s%n", "model", "family", "iterations", "evaluated", "best checkpoint",
                "promoted");
        for (RunResult run : runs) {
            String best = run.bestIteration() < 0 ? "-" : String.format(Locale.ROOT, "%s %.3f @ %d", run.metric(), run.bestValue(),
                    run.bestIteration());
            String promoted = run.promoted() == null ? "-" : String.format(Locale.ROOT, "iteration %d, %s %.3f",
                    run.promoted().getIteration(), run.promoted().getMetric(), run.promoted().getValue());
            System.out.printf(Locale.ROOT, "  %-14s %-19s %10d %10s  %-22s %s%n", run.modelName(), run.family(), run.iterations(),
                    run.evaluated() + "/" + run.checkpoints(), best, promoted);
        }
        System.out.println(" Artifacts");
        artifacts.forEach((what, where) -> System.out.printf("  %-16s %s%n", what, where));
        System.out.printf("  %-16s %s%n", "samples", dataDir.resolve("samples").toAbsolutePath());
        System.out.printf("  %-16s %s%n", "service logs", dataDir.resolve("stack/logs").toAbsolutePath());
        System.out.printf(Locale.ROOT, "  %-16s %.0f s%n", "total", (System.nanoTime() - started) / 1e9);
        System.out.println("Watch the detections topic (one message per annotated frame, JSON lines):");
        if (keepRunning) {
            System.out.println("  ./framewise tail detections --from-beginning --kafka " + stack.bootstrapServers());
        } else {
            System.out.println("  run the demo with --keep-running, then: ./framewise tail detections --from-beginning"
                    + " --kafka <its Kafka address>");
            System.out.println("  or on a stack of your own (./framewise up --services all): ./framewise tail detections");
        }
    }
}
