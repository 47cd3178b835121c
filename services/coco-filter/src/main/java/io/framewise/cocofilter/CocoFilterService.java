package io.framewise.cocofilter;

import io.framewise.cocofilter.core.CategoryStats;
import io.framewise.cocofilter.core.CocoFilter;
import io.framewise.cocofilter.core.CocoFormatException;
import io.framewise.cocofilter.core.FilterResult;
import io.framewise.cocofilter.core.FilterSpec;
import io.framewise.cocofilter.core.Warnings;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.CategoryCount;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.CocoFiltered;
import io.framewise.events.MaskMode;
import io.framewise.events.ObjectRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Carries out one filter request: the input JSON from the store to a local work folder, {@link CocoFilter}
 * on it, then the masks, the kept images' copies and, last, the filtered JSON into the store; then the
 * {@code coco.filtered} event, then a completion marker ({@link CompletionMarker}) beside the output.
 *
 * <p>The filtered JSON is uploaded only once everything else succeeded, so a failed run leaves nothing
 * under the output key (masks it had uploaded are deleted again; copied images, being copies of inputs,
 * stay). Any failure (unknown category, malformed JSON, missing object, store error) becomes a
 * {@code jobs.failed} event naming the request and the reason, and the next request is taken. The marker
 * makes a redelivered request a no-op, and a new request for a result that exists is answered with the
 * recorded event.
 */
@ApplicationScoped
public class CocoFilterService {

    private static final Logger LOG = Logger.getLogger(CocoFilterService.class);
    static final String REQUEST_TYPE = "CocoFilterRequest";
    static final String REQUESTS_METRIC = "framewise.cocofilter.requests";

    @Inject
    ObjectStore store;

    @Inject
    CocoFilterConfig config;

    @Inject
    FailureReporter failures;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("coco-filtered")
    Emitter<Record<String, CocoFiltered>> filtered;

    private ExecutorService transfers;

    @PostConstruct
    void start() {
        transfers = Executors.newFixedThreadPool(config.transfersInFlight(), r -> {
            Thread t = new Thread(r, "coco-filter-transfer");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        transfers.shutdownNow();
    }

    /** Where the masks of an output go: {@code <output key without .json>-masks/<image id>.png}. */
    static String masksPrefix(ObjectRef output) {
        String key = output.getKey();
        return (key.endsWith(".json") ? key.substring(0, key.length() - ".json".length()) : key) + "-masks/";
    }

    public void filter(CocoFilterRequest request) {
        String id = request.getCorrelationId();
        ObjectRef input = request.getInput();
        Timer.Sample job = Timer.start(metrics);
        try {
            ObjectInfo source = store.stat(input.getBucket(), input.getKey())
                    .orElseThrow(() -> new ObjectNotFoundException(input.getBucket(), input.getKey()));
            Optional<CompletionMarker> done = completed(request, source);
            if (done.isPresent()) {
                answerFromMarker(request, done.get());
                metrics.counter(REQUESTS_METRIC, "outcome", "skipped").increment();
                return;
            }
            CompletionMarker marker = run(request, source);
            filtered.send(Record.of(id, marker.event())).toCompletableFuture().get(60, TimeUnit.SECONDS);
            store.put(request.getOutput().getBucket(), CompletionMarker.key(request.getOutput()), marker.toBytes(),
                    "application/json");
            metrics.counter(REQUESTS_METRIC, "outcome", "filtered").increment();
            job.stop(metrics.timer("framewise.cocofilter.request.duration"));
        } catch (Exception e) {
            metrics.counter(REQUESTS_METRIC, "outcome", "failed").increment();
            failures.report(id, REQUEST_TYPE, input, e);
        }
    }

    /**
     * The completion marker of this request's output when it records the same settings on this version of
     * the input and the output is still the one it wrote: then there is nothing to redo.
     */
    public Optional<CompletionMarker> completed(CocoFilterRequest request, ObjectInfo source) {
        ObjectRef output = request.getOutput();
        String markerKey = CompletionMarker.key(output);
        Optional<ObjectInfo> current = store.stat(output.getBucket(), output.getKey());
        if (current.isEmpty() || !store.exists(output.getBucket(), markerKey)) {
            return Optional.empty();
        }
        CompletionMarker marker;
        try {
            marker = CompletionMarker.read(store.readAllBytes(output.getBucket(), markerKey));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring the unreadable completion marker %s/%s: %s", output.getBucket(), markerKey, e.getMessage());
            return Optional.empty();
        }
        return marker.records(request, source.etag(), current.get().etag()) ? Optional.of(marker) : Optional.empty();
    }

    private void answerFromMarker(CocoFilterRequest request, CompletionMarker marker) throws Exception {
        String id = request.getCorrelationId();
        if (marker.correlationId().equals(id)) {
            LOG.infof("%s: already filtered into %s; nothing to do", id, FilterRequestForm.name(request.getOutput()));
            return;
        }
        // Another request asked for the same result: its asker waits for an event under its own id.
        LOG.infof("%s: %s already holds this result (request %s); answering from its marker", id,
                FilterRequestForm.name(request.getOutput()), marker.correlationId());
        filtered.send(Record.of(id, marker.eventFor(id))).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private CompletionMarker run(CocoFilterRequest request, ObjectInfo source) throws Exception {
        ObjectRef input = request.getInput();
        ObjectRef output = request.getOutput();
        List<String> uploadedMasks = Collections.synchronizedList(new ArrayList<>());
        try (WorkFolder work = WorkFolder.create(config.workDir(), "coco-filter-")) {
            LOG.infof("%s: filtering %s (%d bytes) to %s, categories %s, balance %s, masks %s",
                    request.getCorrelationId(), FilterRequestForm.name(input), source.size(), FilterRequestForm.name(output),
                    request.getCategories(), request.getBalance(), request.getMasks());
            Path local = store.download(input.getBucket(), input.getKey(), work.resolve("input.json"));
            Path filteredFile = work.resolve("output.json");
            Path masks = work.resolve("masks");
            FilterResult result = filterTimed(local, filteredFile, spec(request, masks), input);
            LOG.infof("%s: %s", request.getCorrelationId(), result.toJson());

            // From here on the store changes: the old marker no longer describes what is under the output.
            String markerKey = CompletionMarker.key(output);
            if (store.exists(output.getBucket(), markerKey)) {
                store.delete(output.getBucket(), markerKey);
            }
            Warnings copyWarnings = new Warnings();
            uploadMasks(masks, output, uploadedMasks);
            ImageCopy.Outcome images = copyImages(request, result.keptFileNames(), copyWarnings);
            store.put(output.getBucket(), output.getKey(), filteredFile, "application/json");
            String outputEtag = store.stat(output.getBucket(), output.getKey()).map(ObjectInfo::etag).orElse(null);
            List<String> warnings = new ArrayList<>(result.warnings());
            warnings.addAll(copyWarnings.messages());
            return new CompletionMarker(request.getCorrelationId(), source.etag(), CompletionMarker.settings(request),
                    outputEtag, event(request, result), images.copied(), images.missing(), uploadedMasks.size(), warnings);
        } catch (Exception e) {
            deleteMasks(output, uploadedMasks, e);
            throw e;
        }
    }

    private FilterResult filterTimed(Path local, Path filteredFile, FilterSpec spec, ObjectRef input) throws Exception {
        try {
            return metrics.timer("framewise.cocofilter.filter.duration")
                    .recordCallable(() -> CocoFilter.run(local, filteredFile, spec));
        } catch (CocoFormatException e) {
            throw new InputFormatException(e, local, input);
        }
    }

    private static FilterSpec spec(CocoFilterRequest request, Path masks) {
        FilterSpec spec = FilterSpec.of(request.getCategories())
                .withBalance(io.framewise.cocofilter.core.BalanceMode.valueOf(request.getBalance().name()));
        if (request.getMasks() != MaskMode.NONE) {
            spec = spec.withMasks(masks, io.framewise.cocofilter.core.MaskMode.valueOf(request.getMasks().name()));
        }
        return spec;
    }

    private void uploadMasks(Path masks, ObjectRef output, List<String> uploaded) throws Exception {
        if (!Files.isDirectory(masks)) {
            return;
        }
        String prefix = masksPrefix(output);
        List<Path> files;
        try (Stream<Path> listing = Files.list(masks)) {
            files = listing.sorted().toList();
        }
        List<Callable<Void>> uploads = new ArrayList<>();
        for (Path file : files) {
            uploads.add(() -> {
                String key = prefix + file.getFileName();
                store.put(output.getBucket(), key, file, "image/png");
                uploaded.add(key);
                return null;
            });
        }
        Transfers.all(transfers, uploads);
    }

    private void deleteMasks(ObjectRef output, List<String> uploaded, Exception cause) {
        for (String key : List.copyOf(uploaded)) {
            try {
                store.delete(output.getBucket(), key);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private ImageCopy.Outcome copyImages(CocoFilterRequest request, List<String> fileNames, Warnings warnings) throws Exception {
        if (request.getImagesSource() == null || request.getImagesTarget() == null) {
            return new ImageCopy.Outcome(0, 0);
        }
        ImageCopy.Outcome outcome = ImageCopy.run(store, transfers, request.getImagesSource(), request.getImagesTarget(),
                fileNames, warnings);
        metrics.counter("framewise.cocofilter.images", "outcome", "copied").increment(outcome.copied());
        metrics.counter("framewise.cocofilter.images", "outcome", "missing").increment(outcome.missing());
        LOG.infof("%s: copied %d kept images from %s to %s; %d missing", request.getCorrelationId(), outcome.copied(),
                FilterRequestForm.name(request.getImagesSource()), FilterRequestForm.name(request.getImagesTarget()),
                outcome.missing());
        return outcome;
    }

    private static CocoFiltered event(CocoFilterRequest request, FilterResult result) {
        List<CategoryCount> categories = new ArrayList<>();
        for (CategoryStats c : result.categories()) {
            categories.add(CategoryCount.newBuilder()
                    .setName(c.name() == null ? "" : c.name())
                    .setOriginalId(c.originalId())
                    .setNewId(c.newId() == null ? null : c.newId().longValue())
                    .setInstancesBefore(c.instancesBefore())
                    .setInstancesAfter(c.instancesAfter())
                    .setImagesBefore(c.imagesBefore())
                    .setImagesAfter(c.imagesAfter())
                    .build());
        }
        return CocoFiltered.newBuilder()
                .setCorrelationId(request.getCorrelationId())
                .setCompletedAt(Instant.now())
                .setOutput(request.getOutput())
                .setImagesBefore(result.images().before())
                .setImagesAfter(result.images().after())
                .setAnnotationsBefore(result.annotations().before())
                .setAnnotationsAfter(result.annotations().after())
                .setCategories(categories)
                .build();
    }

}
