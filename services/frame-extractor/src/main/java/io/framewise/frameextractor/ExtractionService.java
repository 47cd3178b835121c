package io.framewise.frameextractor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.ExtractionRequest;
import io.framewise.events.FramesExtracted;
import io.framewise.events.ObjectRef;
import io.framewise.frameextractor.core.ExtractionOptions;
import io.framewise.frameextractor.core.ExtractionSummary;
import io.framewise.frameextractor.core.FrameExtraction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Carries out one extraction: video from the store to a local work file, frames to the store while they
 * are decoded, then the manifest, then the {@code frames.extracted} event, then a completion marker.
 * The marker makes a redelivered request a no-op; a failed video's partial frames are deleted and a
 * {@code jobs.failed} event says why.
 */
@ApplicationScoped
public class ExtractionService {

    private static final Logger LOG = Logger.getLogger(ExtractionService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MARKER = "_extracted.json";
    static final String MANIFEST = "manifest.csv";

    @Inject
    ObjectStore store;

    @Inject
    ExtractorConfig config;

    @Inject
    FailureReporter failures;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("frames-extracted")
    Emitter<Record<String, FramesExtracted>> extracted;

    private ExecutorService uploads;

    /** What one running extraction has done so far; {@code GET /extractions/<dataset>} lists them. */
    public record Progress(String dataset, String video, long frames, long expectedFrames, double framesPerSecond,
            double seconds) {
    }

    /** The extractions running now, by dataset and video name. */
    private final Map<String, Progress> running = new ConcurrentHashMap<>();

    /** The running extractions of a dataset (empty when none runs here). */
    public List<Progress> progress(String dataset) {
        return running.values().stream().filter(p -> p.dataset().equals(dataset))
                .sorted(Comparator.comparing(Progress::video)).toList();
    }

    @jakarta.annotation.PostConstruct
    void start() {
        uploads = Executors.newFixedThreadPool(config.uploadsInFlight(), r -> {
            Thread t = new Thread(r, "frame-upload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where a video's frames go: {@code frames/<dataset>/<video name>/} in the datasets bucket. */
    String framesPrefix(String dataset, String videoName) {
        return config.framesPrefix() + dataset + "/" + videoName + "/";
    }

    public void extract(ExtractionRequest request) {
        ObjectRef video = request.getVideo();
        String dataset = request.getDataset();
        String name = videoName(request);
        String prefix = framesPrefix(dataset, name);
        Counter done = metrics.counter("framewise.extractor.videos", "outcome", "extracted");
        try {
            ObjectInfo source = store.stat(video.getBucket(), video.getKey())
                    .orElseThrow(() -> new ObjectNotFoundException(video.getBucket(), video.getKey()));
            ExtractionOptions options = options(request);
            if (completed(request, source, options).isPresent()) {
                LOG.infof("%s/%s already extracted into %s with the same settings; nothing to do", video.getBucket(),
                        video.getKey(), prefix);
                metrics.counter("framewise.extractor.videos", "outcome", "skipped").increment();
                return;
            }
            FramesExtracted event = run(request, source, prefix, options);
            extracted.send(Record.of(dataset, event)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            store.put(Buckets.DATASETS, prefix + MARKER, marker(source, options, event), "application/json");
            done.increment();
        } catch (Exception e) {
            metrics.counter("framewise.extractor.videos", "outcome", "failed").increment();
            deletePartialFrames(prefix);
            failures.report(request.getCorrelationId(), "ExtractionRequest", video, e);
        }
    }

    private FramesExtracted run(ExtractionRequest request, ObjectInfo source, String prefix, ExtractionOptions options)
            throws Exception {
        ObjectRef video = request.getVideo();
        try (WorkFolder work = WorkFolder.create(config.workDir(), "extract-")) {
            long queuedMillis = Duration.between(request.getRequestedAt(), Instant.now()).toMillis();
            long downloadStarted = System.nanoTime();
            Path file = store.download(video.getBucket(), video.getKey(), work.resolve("video" + extension(video.getKey())));
            long downloadMillis = (System.nanoTime() - downloadStarted) / 1_000_000;
            Path manifest = work.resolve(MANIFEST);
            Tags tags = Tags.of("dataset", request.getDataset(), "video", videoName(request));
            AtomicLong framesDone = metrics.gauge("framewise.extractor.video.frames", tags, new AtomicLong());
            AtomicLong fps = metrics.gauge("framewise.extractor.video.fps", tags, new AtomicLong());
            AtomicLong expected = metrics.gauge("framewise.extractor.video.expected.frames", tags, new AtomicLong());
            LOG.infof("extracting %s/%s (%d bytes; requested %d ms ago, downloaded in %d ms) into %s/%s", video.getBucket(),
                    video.getKey(), source.size(), queuedMillis, downloadMillis, Buckets.DATASETS, prefix);
            ExtractionSummary summary;
            String runningKey = request.getDataset() + "/" + videoName(request);
            running.put(runningKey, new Progress(request.getDataset(), video.getKey(), 0, 0, 0, 0));
            try (BufferedWriter rows = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
                StoreFrameSink sink = new StoreFrameSink(store, Buckets.DATASETS, prefix, uploads, config.uploadsInFlight());
                String rowPrefix = videoName(request) + "/";
                summary = new FrameExtraction(options, config.encodeThreads()).run(file, sink, rows, rowPrefix,
                        (written, decoded, declared, seconds) -> {
                            double rate = written / Math.max(seconds, 1e-3);
                            framesDone.set(written);
                            expected.set(declared);
                            fps.set(Math.round(rate));
                            running.put(runningKey, new Progress(request.getDataset(), video.getKey(), written, declared, rate, seconds));
                            LOG.infof("%s: %d frames written%s, %.0f frames/s", video.getKey(), written,
                                    declared > 0 ? String.format(" of ~%d", declared) : "", rate);
                        });
            } finally {
                running.remove(runningKey);
            }
            metrics.counter("framewise.extractor.frames").increment(summary.frames());
            store.put(Buckets.DATASETS, prefix + MANIFEST, manifest, "text/csv");
            LOG.infof("extracted %s: %s", video.getKey(), summary.toJson());
            return FramesExtracted.newBuilder()
                    .setCorrelationId(request.getCorrelationId())
                    .setCompletedAt(Instant.now())
                    .setDataset(request.getDataset())
                    .setVideo(video)
                    .setFrames(new ObjectRef(Buckets.DATASETS, prefix))
                    .setManifest(new ObjectRef(Buckets.DATASETS, prefix + MANIFEST))
                    .setFrameCount(summary.frames())
                    .setFps(summary.fps())
                    .setWidth(summary.width())
                    .setHeight(summary.height())
                    .setDurationSeconds(summary.seconds())
                    .build();
        }
    }

    /** Request settings first, then the dataset's {@code extraction.json} next to its videos, then the service's. */
    ExtractionOptions options(ExtractionRequest request) throws IOException {
        Integer maxSide = request.getMaxSide();
        Integer everyNth = request.getEveryNth();
        Double fps = request.getTargetFps();
        if (maxSide == null && everyNth == null && fps == null) {
            String datasetOptions = config.trainPrefix() + request.getDataset() + "/extraction.json";
            Optional<JsonNode> settings = store.exists(Buckets.VIDEOS, datasetOptions)
                    ? Optional.of(JSON.readTree(store.readAllBytes(Buckets.VIDEOS, datasetOptions)))
                    : Optional.empty();
            if (settings.isPresent()) {
                JsonNode s = settings.get();
                maxSide = s.hasNonNull("maxSide") ? s.get("maxSide").asInt() : null;
                everyNth = s.hasNonNull("everyNth") ? s.get("everyNth").asInt() : null;
                fps = s.hasNonNull("fps") ? s.get("fps").asDouble() : null;
            }
        }
        return new ExtractionOptions(maxSide != null ? maxSide : config.maxSide(), everyNth, fps, config.jpegQuality());
    }

    /**
     * The completion marker of this video, when it was extracted from the same object version with the
     * same settings: then there is nothing to redo.
     */
    Optional<JsonNode> completed(ExtractionRequest request, ObjectInfo source, ExtractionOptions options) throws IOException {
        String marker = framesPrefix(request.getDataset(), videoName(request)) + MARKER;
        JsonNode recorded;
        try {
            recorded = JSON.readTree(store.readAllBytes(Buckets.DATASETS, marker));
        } catch (ObjectNotFoundException notExtractedYet) {
            return Optional.empty();
        }
        boolean same = source.etag() != null && source.etag().equals(recorded.path("sourceEtag").asText(null))
                && recorded.path("settings").asText("").equals(settings(options));
        return same ? Optional.of(recorded) : Optional.empty();
    }

    private static String settings(ExtractionOptions o) {
        return "maxSide=" + o.maxSide() + ",everyNth=" + o.everyNth() + ",fps=" + o.targetFps() + ",quality=" + o.jpegQuality();
    }

    private static byte[] marker(ObjectInfo source, ExtractionOptions options, FramesExtracted event) throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("sourceEtag", String.valueOf(source.etag()));
        marker.put("sourceSize", source.size());
        marker.put("settings", settings(options));
        marker.put("frameCount", event.getFrameCount());
        marker.put("width", event.getWidth());
        marker.put("height", event.getHeight());
        marker.put("fps", event.getFps());
        marker.put("frames", event.getFrames().getKey());
        marker.put("manifest", event.getManifest().getKey());
        marker.put("completedAt", event.getCompletedAt().toString());
        return JSON.writeValueAsBytes(marker);
    }

    private void deletePartialFrames(String prefix) {
        try (Stream<io.framewise.common.store.ObjectInfo> objects = store.list(Buckets.DATASETS, prefix)) {
            objects.forEach(o -> store.delete(Buckets.DATASETS, o.key()));
        } catch (RuntimeException e) {
            LOG.warnf("could not delete the partial frames under %s: %s", prefix, e.getMessage());
        }
    }

    /**
     * The video's folder name in the dataset: its path below {@code train/<dataset>/} (sub-folders kept, so
     * equal file names in different folders do not collide), or its file name for a video elsewhere.
     */
    String videoName(ExtractionRequest request) {
        String key = request.getVideo().getKey();
        String datasetFolder = config.trainPrefix() + request.getDataset() + "/";
        return key.startsWith(datasetFolder) ? key.substring(datasetFolder.length()) : key.substring(key.lastIndexOf('/') + 1);
    }

    private static String extension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    @PreDestroy
    void stop() {
        uploads.shutdownNow();
    }
}
