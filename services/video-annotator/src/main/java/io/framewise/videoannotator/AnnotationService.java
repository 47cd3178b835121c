package io.framewise.videoannotator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Keypoint;
import io.framewise.common.image.ImageDecoding;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.AnnotationRequest;
import io.framewise.events.BoundingBox;
import io.framewise.events.FrameDetections;
import io.framewise.events.ObjectRef;
import io.framewise.events.VideoAnnotated;
import io.framewise.videoannotator.core.AnnotatedFrame;
import io.framewise.videoannotator.core.AnnotationOptions;
import io.framewise.videoannotator.core.AnnotationSummary;
import io.framewise.videoannotator.core.FrameListener;
import io.framewise.videoannotator.core.ImageSetAnnotation;
import io.framewise.videoannotator.core.PipelineMonitor;
import io.framewise.videoannotator.core.PoseFamily;
import io.framewise.videoannotator.core.VideoAnnotation;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Carries out one annotation: model (promoted or pinned), video from the store to a local file, the
 * pipeline (one {@code detections} message per frame while it runs, keyed by the video id), then the mp4
 * and the COCO results JSON into the store; or, for an image set (a source prefix ending in '/'), each image
 * read from the store in turn and its annotated copy written below the output prefix as it is drawn; then {@code video.annotated}, then a completion marker. The
 * marker (source eTag, settings, model version) makes the same request again a no-op. Failures become
 * {@code jobs.failed} events and nothing is left in the store. One annotation at a time per instance: the
 * pipeline already keeps the cores busy.
 */
@ApplicationScoped
public class AnnotationService {

    private static final Logger LOG = Logger.getLogger(AnnotationService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DETECTIONS_IN_FLIGHT = 256;

    @Inject
    ObjectStore store;

    @Inject
    AnnotatorConfig config;

    @Inject
    ModelRegistry models;

    @Inject
    FailureReporter failures;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("detections")
    Emitter<Record<String, FrameDetections>> detections;

    @Inject
    @Channel("video-annotated")
    Emitter<Record<String, VideoAnnotated>> annotated;

    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final AtomicLong framesPerSecond = new AtomicLong();
    private final AtomicLong inferenceQueue = new AtomicLong();
    private final AtomicLong encodingQueue = new AtomicLong();
    private Timer inference;
    private DistributionSummary detectionsPerFrame;

    @PostConstruct
    void meters() {
        metrics.gauge("framewise.annotator.frames.per.second", framesPerSecond);
        metrics.gauge("framewise.annotator.queue.depth", io.micrometer.core.instrument.Tags.of("queue", "inference"), inferenceQueue);
        metrics.gauge("framewise.annotator.queue.depth", io.micrometer.core.instrument.Tags.of("queue", "encoding"), encodingQueue);
        inference = Timer.builder("framewise.annotator.inference.latency").description("Time in the model per frame")
                .publishPercentiles(0.5, 0.95).register(metrics);
        detectionsPerFrame = DistributionSummary.builder("framewise.annotator.detections.per.frame").register(metrics);
    }

    /** The video id of a video: its path below the inference prefix, or bucket/key for a video elsewhere. */
    String videoId(ObjectRef video) {
        String key = video.getKey();
        return Buckets.VIDEOS.equals(video.getBucket()) && key.startsWith(config.inferencePrefix())
                ? key.substring(config.inferencePrefix().length()) : video.getBucket() + "/" + key;
    }

    /**
     * The output's key in the annotated bucket: the video id without its extension, plus {@code .mp4}; for an
     * image set, the set's id, a prefix.
     */
    String outputKey(ObjectRef video) {
        String id = videoId(video);
        if (isImageSet(video)) {
            return id;
        }
        int slash = id.lastIndexOf('/');
        int dot = id.lastIndexOf('.');
        return (dot > slash + 1 ? id.substring(0, dot) : id) + ".mp4";
    }

    /** A file beside the output: {@code a/b.mp4} or the image set {@code a/b/} give {@code a/b<suffix>}. */
    static String sibling(String output, String suffix) {
        String base = output.endsWith(".mp4") ? output.substring(0, output.length() - 4)
                : output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
        return base + suffix;
    }

    AnnotationOptions options(AnnotationRequest r) {
        return new AnnotationOptions(
                r.getScoreThreshold() != null ? r.getScoreThreshold() : config.minScore(),
                r.getNmsIou() != null ? r.getNmsIou() : config.nmsIou(),
                r.getMaxDetections() != null ? r.getMaxDetections() : config.maxDetections(),
                r.getClasses().stream().map(CharSequence::toString).toList(),
                r.getOutputMaxSide() != null ? r.getOutputMaxSide() : config.maxSide(),
                config.batchSize(),
                r.getAssessorThreshold() != null ? r.getAssessorThreshold() : config.assessorThreshold(),
                config.hideBelowAssessor(), config.queueCapacity());
    }

    public void annotate(AnnotationRequest request, String requestType) {
        oneAtATime.lock();
        try {
            run(request);
        } catch (Exception e) {
            metrics.counter("framewise.annotator.videos", "outcome", "failed").increment();
            failures.report(request.getCorrelationId(), requestType, request.getSource(), e);
        } finally {
            oneAtATime.unlock();
        }
    }

    private LoadedModel model(AnnotationRequest request) throws IOException {
        String name = request.getModelName() == null || request.getModelName().isBlank()
                ? (request.getCheckpoint() != null ? "pinned" : models.defaultModelName()) : request.getModelName();
        return request.getCheckpoint() != null ? models.pinned(name, request.getCheckpoint()) : models.promoted(name);
    }

    /** True when the request names a set of images (a prefix ending in '/') rather than a video. */
    static boolean isImageSet(ObjectRef source) {
        return source.getKey().endsWith("/");
    }

    /** The images of a set: every JPEG, PNG, BMP or GIF object below the prefix, in key order. */
    List<ObjectInfo> images(ObjectRef set) {
        try (Stream<ObjectInfo> objects = store.list(set.getBucket(), set.getKey())) {
            return objects.filter(o -> ImageDecoding.isImageName(o.key())).sorted(Comparator.comparing(ObjectInfo::key)).toList();
        }
    }

    /**
     * What a request reads: {@code object} is the video, or for an image set a stand-in whose eTag digests every
     * image's key and eTag (so a changed, added or removed image makes the set new); {@code images} is the set's
     * listing (empty for a video), taken once so the marker describes exactly the images annotated.
     */
    record Input(ObjectInfo object, List<ObjectInfo> images) {
    }

    Input input(ObjectRef source) {
        if (!isImageSet(source)) {
            return new Input(store.stat(source.getBucket(), source.getKey())
                    .orElseThrow(() -> new ObjectNotFoundException(source.getBucket(), source.getKey())), List.of());
        }
        List<ObjectInfo> images = images(source);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no JPEG, PNG, BMP or GIF image under " + source.getBucket() + "/"
                    + source.getKey());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            for (ObjectInfo o : images) {
                digest.update((o.key() + " " + o.etag() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                size += o.size();
            }
            return new Input(new ObjectInfo(source.getBucket(), source.getKey(), size,
                    HexFormat.of().formatHex(digest.digest()), null), images);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(AnnotationRequest request) throws Exception {
        ObjectRef source = request.getSource();
        String id = request.getCorrelationId();
        Input read = input(source);
        ObjectInfo input = read.object();
        AnnotationOptions options = options(request);
        LoadedModel model = model(request);
        try {
            ObjectRef output = request.getOutput();
            String markerKey = sibling(output.getKey(), ".annotated.json");
            String settings = options.fingerprint() + ",model=" + model.name + "@" + model.version;
            if (completed(output.getBucket(), markerKey, input, settings).isPresent()) {
                LOG.infof("%s/%s already annotated into %s/%s with the same model and settings; nothing to do",
                        source.getBucket(), source.getKey(), output.getBucket(), output.getKey());
                metrics.counter("framewise.annotator.videos", "outcome", "skipped").increment();
                return;
            }
            String jsonKey = sibling(output.getKey(), ".json");
            try (WorkFolder work = WorkFolder.create(config.workDir(), "annotate-")) {
                Path json = work.resolve("detections.json");
                List<String> categories = model.predictor.spec().categories();
                List<String> parts = PoseFamily.parts(model.predictor.spec());
                ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
                LOG.infof("annotating %s/%s (%d bytes) with model '%s' (run %s)", source.getBucket(), source.getKey(),
                        input.size(), model.name, model.runId);
                long started = System.nanoTime();
                List<ObjectInfo> images = read.images();
                FrameListener published = f -> {
                    String imageName = images.isEmpty() ? null : images.get((int) f.index()).key().substring(source.getKey().length());
                    inFlight.add(detections.send(Record.of(id, message(id, f, model, categories, parts, imageName))).toCompletableFuture());
                    while (inFlight.size() > DETECTIONS_IN_FLIGHT) {
                        inFlight.poll().get(60, TimeUnit.SECONDS);
                    }
                    if (f.index() % 100 == 99) {
                        double s = (System.nanoTime() - started) / 1e9;
                        framesPerSecond.set(Math.round((f.index() + 1) / Math.max(s, 1e-3)));
                        LOG.infof("%s: %d frames, %.1f frames/s", id, f.index() + 1, (f.index() + 1) / Math.max(s, 1e-3));
                    }
                };
                AnnotationSummary summary;
                if (images.isEmpty()) {
                    Path file = store.download(source.getBucket(), source.getKey(), work.resolve("video" + extension(source.getKey())));
                    Path mp4 = work.resolve("annotated.mp4");
                    summary = new VideoAnnotation(options, monitor()).run(file, model.predictor, mp4, json, published);
                    waitFor(inFlight);
                    store.put(output.getBucket(), output.getKey(), mp4, "video/mp4");
                } else {
                    List<ImageSetAnnotation.Image> inputs = images.stream().map(o -> new ImageSetAnnotation.Image(
                            o.key().substring(source.getKey().length()), () -> store.readAllBytes(o.bucket(), o.key()))).toList();
                    summary = new ImageSetAnnotation(options, monitor()).run(inputs, model.predictor,
                            (name, bytes, type) -> store.put(output.getBucket(), output.getKey() + name, bytes, type), json, published);
                    waitFor(inFlight);
                }
                framesPerSecond.set(Math.round(summary.framesPerSecond()));
                metrics.counter("framewise.annotator.frames").increment(summary.frames());
                store.put(output.getBucket(), jsonKey, json, "application/json");
                VideoAnnotated event = VideoAnnotated.newBuilder()
                        .setCorrelationId(id)
                        .setCompletedAt(Instant.now())
                        .setSource(source)
                        .setOutput(output)
                        .setDetectionsJson(new ObjectRef(output.getBucket(), jsonKey))
                        .setFrames(summary.frames())
                        .setFps(summary.fps())
                        .setModelName(model.name)
                        .setRunId(model.runId)
                        .build();
                annotated.send(Record.of(id, event)).toCompletableFuture().get(60, TimeUnit.SECONDS);
                store.put(output.getBucket(), markerKey, marker(input, settings, summary, event), "application/json");
                metrics.counter("framewise.annotator.videos", "outcome", "annotated").increment();
                LOG.infof("annotated %s: %s", id, summary.toJson());
            }
        } finally {
            model.release();
        }
    }

    private static void waitFor(ArrayDeque<CompletableFuture<Void>> inFlight) throws Exception {
        for (CompletableFuture<Void> f : inFlight) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    private PipelineMonitor monitor() {
        return new PipelineMonitor() {
            @Override
            public void inference(int frames, long nanos) {
                inference.record(nanos / Math.max(1, frames), TimeUnit.NANOSECONDS);
            }

            @Override
            public void queues(int waitingForInference, int waitingForEncoding) {
                inferenceQueue.set(waitingForInference);
                encodingQueue.set(waitingForEncoding);
            }

            @Override
            public void frameWritten(int count) {
                detectionsPerFrame.record(count);
            }
        };
    }

    /** A frame's message; {@code parts} names the keypoints of a pose model's detections (empty for other models). */
    static FrameDetections message(String id, AnnotatedFrame f, LoadedModel model, List<String> categories,
            List<String> parts, String imageName) {
        List<io.framewise.events.Detection> boxes = new ArrayList<>(f.detections().size());
        for (Detection d : f.detections()) {
            boxes.add(detection(d, categories, parts, f.assessorScores()));
        }
        return FrameDetections.newBuilder()
                .setCorrelationId(id)
                .setFrameIndex(f.index())
                .setPtsMillis(Math.round(f.timestampMicros() / 1000.0))
                .setWidth(f.width())
                .setHeight(f.height())
                .setModelName(model.name)
                .setRunId(model.runId)
                .setDetections(boxes)
                .setImageName(imageName)
                .build();
    }

    /**
     * One detection as published: category (1-based id and name), score, box, the assessor's score for a LoANs
     * model, and for a pose every keypoint named by its part ({@code keypoints} is null for a detection without).
     */
    static io.framewise.events.Detection detection(Detection d, List<String> categories, List<String> parts,
            boolean assessor) {
        List<io.framewise.events.Keypoint> keypoints = null;
        if (!d.keypoints().isEmpty()) {
            keypoints = new ArrayList<>(d.keypoints().size());
            for (int i = 0; i < d.keypoints().size(); i++) {
                Keypoint k = d.keypoints().get(i);
                keypoints.add(new io.framewise.events.Keypoint(i < parts.size() ? parts.get(i) : "part" + i,
                        (float) k.x(), (float) k.y(), (float) k.confidence()));
            }
        }
        return io.framewise.events.Detection.newBuilder()
                .setCategoryId(d.category() + 1)
                .setLabel(d.category() >= 0 && d.category() < categories.size() ? categories.get(d.category()) : "?")
                .setScore((float) d.score())
                .setBox(new BoundingBox(d.x(), d.y(), d.width(), d.height()))
                .setAssessorScore(assessor ? (float) d.score() : null)
                .setKeypoints(keypoints)
                .build();
    }

    /** The marker, when this video version was annotated with the same model version and settings. */
    Optional<JsonNode> completed(String bucket, String markerKey, ObjectInfo video, String settings) throws IOException {
        JsonNode recorded;
        try {
            recorded = JSON.readTree(store.readAllBytes(bucket, markerKey));
        } catch (ObjectNotFoundException notYet) {
            return Optional.empty();
        }
        boolean same = video.etag() != null && video.etag().equals(recorded.path("sourceEtag").asText(null))
                && settings.equals(recorded.path("settings").asText(""));
        return same ? Optional.of(recorded) : Optional.empty();
    }

    /** Answers a repeated REST request at once. */
    Optional<JsonNode> completed(AnnotationRequest request) throws IOException {
        Optional<ObjectInfo> video;
        try {
            video = Optional.of(input(request.getSource()).object());
        } catch (ObjectNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        }
        LoadedModel model;
        try {
            model = model(request);
        } catch (NoModelException e) {
            return Optional.empty();
        }
        try {
            String settings = options(request).fingerprint() + ",model=" + model.name + "@" + model.version;
            return completed(request.getOutput().getBucket(), sibling(request.getOutput().getKey(), ".annotated.json"),
                    video.get(), settings);
        } finally {
            model.release();
        }
    }

    private static byte[] marker(ObjectInfo source, String settings, AnnotationSummary summary, VideoAnnotated event)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceEtag", String.valueOf(source.etag()));
        m.put("sourceSize", source.size());
        m.put("settings", settings);
        m.put("frames", summary.frames());
        m.put("fps", summary.fps());
        m.put("width", summary.width());
        m.put("height", summary.height());
        m.put("detections", summary.detections());
        m.put("output", event.getOutput().getBucket() + "/" + event.getOutput().getKey());
        m.put("detectionsJson", event.getDetectionsJson().getBucket() + "/" + event.getDetectionsJson().getKey());
        m.put("modelName", event.getModelName());
        m.put("runId", event.getRunId());
        m.put("completedAt", event.getCompletedAt().toString());
        return JSON.writeValueAsBytes(m);
    }

    private static String extension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
