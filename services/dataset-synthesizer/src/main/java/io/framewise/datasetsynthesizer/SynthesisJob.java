package io.framewise.datasetsynthesizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.datasetsynthesizer.core.AssessorSynthesis;
import io.framewise.datasetsynthesizer.core.Box;
import io.framewise.datasetsynthesizer.core.CocoDirectorySink;
import io.framewise.datasetsynthesizer.core.DetectionSynthesis;
import io.framewise.datasetsynthesizer.core.ImageLoader;
import io.framewise.datasetsynthesizer.core.LowIouRule;
import io.framewise.datasetsynthesizer.core.Size;
import io.framewise.datasetsynthesizer.core.SynthesisInputs;
import io.framewise.datasetsynthesizer.core.SynthesisOptions;
import io.framewise.datasetsynthesizer.core.TemplateCategory;
import io.framewise.events.DatasetKind;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.ObjectRef;
import io.framewise.events.SynthesisRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One synthesis request carried out: the inputs from the store into a work folder, the core run on them with
 * the samples streamed into the store ({@link StoreSampleSink}), then the index file(s) joined from the
 * checkpointed parts and uploaded. Resumable: {@code _progress/state.json} records the settings and inputs a
 * run is for; a run finding the same there continues after the last checkpointed part (the synthesis is
 * deterministic per seed and index, so the dataset is the same as an unbroken run's, with no duplicates),
 * while a run finding anything else first clears what an earlier run left under the output prefix.
 */
final class SynthesisJob {

    private static final Logger LOG = Logger.getLogger(SynthesisJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SAMPLES_GAUGE = "framewise.synthesizer.samples";
    static final String EXPECTED_GAUGE = "framewise.synthesizer.expected.samples";
    /** Sample indices drawn (produced, or skipped for want of a crop in their IoU bucket), all requests. */
    static final String DRAWN_COUNTER = "framewise.synthesizer.samples.drawn";

    private final ObjectStore store;
    private final SynthesizerConfig config;
    private final MeterRegistry metrics;
    private final ExecutorService uploads;
    private final SynthesisRequest request;
    private final DatasetLayout layout;
    private final String settings;

    SynthesisJob(ObjectStore store, SynthesizerConfig config, MeterRegistry metrics, ExecutorService uploads,
                 SynthesisRequest request) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.uploads = uploads;
        this.request = request;
        this.layout = new DatasetLayout(request.getOutput());
        this.settings = settings(request, config);
    }

    String settings() {
        return settings;
    }

    DatasetLayout layout() {
        return layout;
    }

    /** Everything in a request (and the service's settings) that changes what it writes; the id and time do not. */
    static String settings(SynthesisRequest r, SynthesizerConfig config) {
        return "kind=" + SynthesisRequestForm.spelling(r.getKind())
                + ";backgrounds=" + SynthesisRequestForm.name(r.getBackgrounds())
                + ";templates=" + SynthesisRequestForm.name(r.getTemplates())
                + ";numSamples=" + r.getNumSamples()
                + ";outputSize=" + r.getOutputWidth() + "x" + r.getOutputHeight()
                + ";imageSize=" + r.getImageWidth() + "x" + r.getImageHeight()
                + ";zoomMode=" + r.getZoomMode()
                + ";baseBboxes=" + (r.getBaseBboxes() == null ? "" : SynthesisRequestForm.name(r.getBaseBboxes()))
                + ";enlargeRegion=" + r.getEnlargeRegion()
                + ";seed=" + r.getSeed()
                + (r.getKind() == DatasetKind.DETECTION ? ";maxTemplatesPerImage=" + config.maxTemplatesPerImage() : "")
                + ";lowIouRule=" + LowIouRule.REACHABLE + ";cropAttempts=" + SynthesisOptions.SOURCE_CROP_ATTEMPTS
                + ";format=" + DatasetLayout.IMAGE_FORMAT;
    }

    /** The core's options for this request. */
    SynthesisOptions options(List<Size> baseBoxes) {
        SynthesisRequest r = request;
        SynthesisOptions options = SynthesisOptions.assessor(r.getNumSamples(), new Size(r.getOutputWidth(), r.getOutputHeight()),
                        r.getZoomMode(), r.getSeed())
                .withImageSize(new Size(r.getImageWidth(), r.getImageHeight()))
                .withLowIouRule(LowIouRule.REACHABLE)
                .withBaseBoxes(baseBoxes);
        List<Integer> m = r.getEnlargeRegion();
        if (m.size() == 4) {
            options = options.withEnlargeRegion(m.get(0), m.get(1), m.get(2), m.get(3));
        } else if (!m.isEmpty()) {
            throw new IllegalArgumentException("enlargeRegion needs four margins (left, top, right, bottom), not " + m);
        }
        return options;
    }

    /**
     * Runs the request to the point where the dataset and its index are in the store; the caller publishes the
     * event, writes the returned marker and then calls {@link #deleteProgress()}.
     *
     * @param stopAfterSamples tests: fail as a crash would after producing this many samples (negative: never)
     */
    CompletionMarker run(InputImages inputs, int stopAfterSamples) throws Exception {
        String id = request.getCorrelationId();
        long started = System.nanoTime();
        String fingerprint = inputs.fingerprint();
        // From here on the store changes: an old marker no longer describes what is under the output.
        if (store.exists(layout.bucket(), layout.markerKey())) {
            store.delete(layout.bucket(), layout.markerKey());
        }
        int start = resumePoint(fingerprint);
        int total = request.getNumSamples();
        List<String> warnings = new ArrayList<>();
        Tags tags = Tags.of("dataset", id);
        AtomicLong done = new AtomicLong(start);
        Gauge samplesGauge = Gauge.builder(SAMPLES_GAUGE, done, AtomicLong::get).tags(tags)
                .description("Sample indices of the running synthesis done so far").register(metrics);
        Gauge expectedGauge = Gauge.builder(EXPECTED_GAUGE, () -> total).tags(tags)
                .description("Sample indices of the running synthesis").register(metrics);
        try (WorkFolder work = WorkFolder.create(config.workDir(), "dataset-synthesizer-")) {
            SynthesisInputs decoded = inputs.load(store, work.path(), new ImageLoader(config.maxInputPixels()),
                    config.maxInputBytes(), warnings);
            warnings.forEach(w -> LOG.warnf("%s: %s", id, w));
            SynthesisOptions options = options(inputs.baseBoxes(store, config.maxInputBytes()));
            List<String> categories = request.getKind() == DatasetKind.DETECTION ? TemplateCategory.all(decoded) : List.of();
            int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
            LOG.infof("%s: synthesizing %d %s samples (%d backgrounds, %d templates, seed %d, %d threads) into %s%s",
                    id, total, SynthesisRequestForm.spelling(request.getKind()), inputs.backgroundCount(),
                    inputs.templateCount(), request.getSeed(), threads, SynthesisRequestForm.name(request.getOutput()),
                    start > 0 ? "; resuming at sample " + start : "");
            ProgressLog log = new ProgressLog(id, total, done, metrics.counter(DRAWN_COUNTER), stopAfterSamples);
            StoreSampleSink sink = new StoreSampleSink(store, layout, categories, uploads, config.uploadsInFlight(),
                    config.checkpointSamples(), config.checkpointSeconds(), start, log::sampleDone);
            try {
                if (start < total) {
                    if (request.getKind() == DatasetKind.DETECTION) {
                        DetectionSynthesis.run(decoded, options, config.maxTemplatesPerImage(), threads, sink, start);
                    } else {
                        AssessorSynthesis.run(decoded, options, threads, sink, start);
                    }
                }
                sink.finish(total);
            } finally {
                sink.awaitUploads();
            }
            log.finished();
            Counts counts = request.getKind() == DatasetKind.DETECTION
                    ? joinDetection(work.path(), total, categories)
                    : joinAssessor(work.path(), total);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("%s: %d samples%s in %s in %.1f s", id, counts.samples(),
                    counts.skipped() > 0 ? " (" + counts.skipped() + " skipped: no crop in their IoU bucket)" : "",
                    SynthesisRequestForm.name(request.getOutput()), seconds);
            DatasetSynthesized event = DatasetSynthesized.newBuilder()
                    .setCorrelationId(id)
                    .setCompletedAt(Instant.now())
                    .setKind(request.getKind())
                    .setOutput(request.getOutput())
                    .setIndex(layout.index(request.getKind()))
                    .setSamples(counts.samples())
                    .setSkipped(counts.skipped())
                    .build();
            return new CompletionMarker(id, settings, fingerprint, event, start, seconds, warnings);
        } finally {
            metrics.remove(samplesGauge);
            metrics.remove(expectedGauge);
        }
    }

    /** Removes the checkpoints once the marker is written. */
    void deleteProgress() {
        store.list(layout.bucket(), layout.progressPrefix()).map(ObjectInfo::key).toList()
                .forEach(key -> store.delete(layout.bucket(), key));
    }

    /**
     * Where this run starts: after the checkpointed parts when the progress state records these settings and
     * inputs; otherwise 0, after clearing what an earlier run left (images, index files, progress).
     */
    private int resumePoint(String fingerprint) throws IOException {
        Optional<JsonNode> state = readState();
        if (state.isPresent() && settings.equals(state.get().path("settings").asText())
                && fingerprint.equals(state.get().path("inputs").asText())) {
            int end = 0;
            for (int[] range : parts()) {
                if (range[0] == end) {
                    end = range[1];
                } else {
                    // not contiguous with what precedes it: left by a run that crashed between checkpoints
                    store.delete(layout.bucket(), layout.partKey(range[0], range[1]));
                }
            }
            return Math.min(end, request.getNumSamples());
        }
        List<String> stale = store.list(layout.bucket(), layout.prefix()).map(ObjectInfo::key)
                .filter(key -> layout.isImage(key) || key.startsWith(layout.progressPrefix())
                        || key.equals(layout.indexKey(DatasetKind.ASSESSOR)) || key.equals(layout.recordsKey())
                        || key.equals(layout.indexKey(DatasetKind.DETECTION)))
                .toList();
        if (!stale.isEmpty()) {
            LOG.infof("%s: removing %d objects an earlier synthesis with other settings or inputs left under %s",
                    request.getCorrelationId(), stale.size(), SynthesisRequestForm.name(request.getOutput()));
            stale.forEach(key -> store.delete(layout.bucket(), key));
        }
        ObjectNode fresh = JSON.createObjectNode();
        fresh.put("correlationId", request.getCorrelationId());
        fresh.put("startedAt", Instant.now().toString());
        fresh.put("settings", settings);
        fresh.put("inputs", fingerprint);
        store.put(layout.bucket(), layout.stateKey(), JSON.writeValueAsBytes(fresh), "application/json");
        return 0;
    }

    private Optional<JsonNode> readState() {
        try {
            return Optional.of(JSON.readTree(store.readAllBytes(layout.bucket(), layout.stateKey())));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring the unreadable progress state %s/%s: %s", layout.bucket(), layout.stateKey(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The checkpointed parts' index ranges, by start index. */
    private List<int[]> parts() {
        List<int[]> ranges = new ArrayList<>();
        store.list(layout.bucket(), layout.progressPrefix())
                .forEach(o -> layout.partRange(o.key()).ifPresent(ranges::add));
        ranges.sort(Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
        return ranges;
    }

    private record Counts(int samples, int skipped) {
    }

    /** Joins the parts into {@code images.csv} and {@code samples.tsv}, streamed through local files. */
    private Counts joinAssessor(Path work, int total) throws IOException {
        Path labels = work.resolve("images.csv");
        Path records = work.resolve("samples.tsv");
        int samples = 0;
        try (Writer l = Files.newBufferedWriter(labels, StandardCharsets.UTF_8);
             Writer r = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            for (int[] range : coveringParts(total)) {
                try (BufferedReader in = openPart(range)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("L\t")) {
                            l.write(line, 2, line.length() - 2);
                            l.write('\n');
                            samples++;
                        } else if (line.startsWith("R\t")) {
                            r.write(line, 2, line.length() - 2);
                            r.write('\n');
                        }
                    }
                }
            }
        }
        store.put(layout.bucket(), layout.recordsKey(), records, "text/tab-separated-values");
        store.put(layout.bucket(), layout.indexKey(DatasetKind.ASSESSOR), labels, "text/tab-separated-values");
        return new Counts(samples, total - samples);
    }

    /** Joins the parts into a COCO {@code instances.json}, byte for byte as the offline command writes it. */
    private Counts joinDetection(Path work, int total, List<String> categories) throws IOException {
        Path instances = work.resolve("instances.json");
        Path annotations = work.resolve("annotations.part");
        int images = 0;
        long annotationId = 1;
        try (Writer out = Files.newBufferedWriter(instances, StandardCharsets.UTF_8);
             Writer spool = Files.newBufferedWriter(annotations, StandardCharsets.UTF_8)) {
            out.write(CocoDirectorySink.DOCUMENT_START);
            for (int[] range : coveringParts(total)) {
                try (BufferedReader in = openPart(range)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("I\t")) {
                            out.write(images++ == 0 ? "" : CocoDirectorySink.ENTRY_SEPARATOR);
                            out.write(line, 2, line.length() - 2);
                        } else if (line.startsWith("A\t")) {
                            String[] f = line.split("\t");
                            int x = Integer.parseInt(f[3]);
                            int y = Integer.parseInt(f[4]);
                            Box box = new Box(x, y, x + Integer.parseInt(f[5]), y + Integer.parseInt(f[6]));
                            spool.write(annotationId == 1 ? "" : CocoDirectorySink.ENTRY_SEPARATOR);
                            spool.write(CocoDirectorySink.annotationEntry(annotationId++, Integer.parseInt(f[1]),
                                    Integer.parseInt(f[2]), box, Long.parseLong(f[7])));
                        }
                    }
                }
            }
            spool.close();
            out.write(CocoDirectorySink.DOCUMENT_MIDDLE);
            try (Reader in = Files.newBufferedReader(annotations, StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
            out.write(CocoDirectorySink.documentEnd(categories));
        }
        store.put(layout.bucket(), layout.indexKey(DatasetKind.DETECTION), instances, "application/json");
        return new Counts(images, total - images);
    }

    /** The parts covering indices 0..total-1 exactly, in order; a gap means the progress was tampered with. */
    private List<int[]> coveringParts(int total) {
        List<int[]> covering = new ArrayList<>();
        int end = 0;
        for (int[] range : parts()) {
            if (range[0] == end && range[1] <= total) {
                covering.add(range);
                end = range[1];
            }
        }
        if (end != total) {
            throw new IllegalStateException("the checkpoints under " + layout.bucket() + "/" + layout.progressPrefix()
                    + " cover samples 0.." + (end - 1) + ", not all " + total + "; request the dataset again");
        }
        return covering;
    }

    private BufferedReader openPart(int[] range) {
        InputStream in = store.open(layout.bucket(), layout.partKey(range[0], range[1]));
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Progress on the gauge and, every few seconds, in the log. */
    private static final class ProgressLog {
        private static final long EVERY_NANOS = 5_000_000_000L;
        private final String id;
        private final int total;
        private final AtomicLong done;
        private final Counter drawn;
        private final int stopAfter;
        private final long started = System.nanoTime();
        private long lastLog = started;
        private int produced;

        ProgressLog(String id, int total, AtomicLong done, Counter drawn, int stopAfter) {
            this.id = id;
            this.total = total;
            this.done = done;
            this.drawn = drawn;
            this.stopAfter = stopAfter;
        }

        void sampleDone(int next) {
            done.set(next);
            drawn.increment();
            produced++;
            long now = System.nanoTime();
            if (now - lastLog >= EVERY_NANOS) {
                lastLog = now;
                LOG.infof("%s: %d of %d samples, %.0f samples/s", id, next, total, rate(now));
            }
            if (stopAfter >= 0 && produced >= stopAfter) {
                throw new IllegalStateException("stopped after " + produced + " samples, as asked (a simulated crash)");
            }
        }

        void finished() {
            LOG.infof("%s: %d of %d samples, %.0f samples/s", id, total, total, rate(System.nanoTime()));
        }

        private double rate(long now) {
            return produced / Math.max((now - started) / 1e9, 1e-3);
        }
    }

}
