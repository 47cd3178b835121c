package io.framewise.datasetsynthesizer;

import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.ObjectRef;
import io.framewise.events.SynthesisRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Carries out one synthesis request ({@link SynthesisJob}): the samples and the index into the store under
 * the output prefix, then the {@code dataset.synthesized} event, then a completion marker
 * ({@link CompletionMarker}) beside the dataset, then the job's checkpoints are removed.
 *
 * <p>The event goes out before the marker is written, so a crash in between repeats the event (the rerun
 * finds every sample checkpointed and only joins the index again) rather than losing it. Any failure (no
 * backgrounds or templates, an image that does not decode or declares too many pixels, a missing object, a
 * store error) becomes a {@code jobs.failed} event naming the request, the object at fault when there is one
 * (otherwise the output prefix) and the reason, and the next request is taken; the checkpoints stay, so the
 * same request sent again continues where the failed one stopped. The marker makes a redelivered request a
 * no-op, and a new request for a dataset that exists is answered with the recorded event.
 */
@ApplicationScoped
public class SynthesisService {

    private static final Logger LOG = Logger.getLogger(SynthesisService.class);
    static final String REQUEST_TYPE = "SynthesisRequest";
    static final String REQUESTS_METRIC = "framewise.synthesizer.requests";

    @Inject
    ObjectStore store;

    @Inject
    SynthesizerConfig config;

    @Inject
    FailureReporter failures;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("dataset-synthesized")
    Emitter<Record<String, DatasetSynthesized>> synthesized;

    private ExecutorService uploads;

    @PostConstruct
    void start() {
        uploads = Executors.newFixedThreadPool(Math.max(1, config.uploadsInFlight()), r -> {
            Thread t = new Thread(r, "dataset-synthesizer-upload");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        uploads.shutdownNow();
    }

    public void synthesize(SynthesisRequest request) {
        synthesize(request, -1);
    }

    /** @param stopAfterSamples tests: fail as a crash would after this many samples (negative: never) */
    void synthesize(SynthesisRequest request, int stopAfterSamples) {
        String id = request.getCorrelationId();
        Timer.Sample timer = Timer.start(metrics);
        try {
            InputImages inputs = InputImages.list(store, request, config.maxInputImages());
            SynthesisJob job = new SynthesisJob(store, config, metrics, uploads, request);
            Optional<CompletionMarker> done = completed(job, inputs);
            if (done.isPresent()) {
                answerFromMarker(request, done.get());
                metrics.counter(REQUESTS_METRIC, "outcome", "skipped").increment();
                return;
            }
            CompletionMarker marker = job.run(inputs, stopAfterSamples);
            synthesized.send(Record.of(id, marker.event())).toCompletableFuture().get(60, TimeUnit.SECONDS);
            store.put(job.layout().bucket(), job.layout().markerKey(), marker.toBytes(), "application/json");
            job.deleteProgress();
            metrics.counter(REQUESTS_METRIC, "outcome", "synthesized").increment();
            timer.stop(metrics.timer("framewise.synthesizer.request.duration"));
        } catch (Exception e) {
            metrics.counter(REQUESTS_METRIC, "outcome", "failed").increment();
            ObjectRef subject = e instanceof InputProblem problem ? problem.object() : request.getOutput();
            failures.report(id, REQUEST_TYPE, subject, e);
        }
    }

    /** The marker of this request's dataset when it is already in place, for REST callers; empty otherwise. */
    public Optional<CompletionMarker> completed(SynthesisRequest request) {
        DatasetLayout layout = new DatasetLayout(request.getOutput());
        if (!store.exists(layout.bucket(), layout.markerKey())) {
            return Optional.empty();
        }
        try {
            InputImages inputs = InputImages.list(store, request, config.maxInputImages());
            return completed(new SynthesisJob(store, config, metrics, uploads, request), inputs);
        } catch (RuntimeException e) {
            return Optional.empty(); // the job will report it
        }
    }

    /**
     * The completion marker under the output when it records the same settings on the same input versions
     * and the index it names is still there: then there is nothing to redo.
     */
    private Optional<CompletionMarker> completed(SynthesisJob job, InputImages inputs) {
        DatasetLayout layout = job.layout();
        CompletionMarker marker;
        try {
            marker = CompletionMarker.read(store.readAllBytes(layout.bucket(), layout.markerKey()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring the unreadable completion marker %s/%s: %s", layout.bucket(), layout.markerKey(), e.getMessage());
            return Optional.empty();
        }
        ObjectRef index = marker.event().getIndex();
        return marker.records(job.settings(), inputs.fingerprint()) && store.exists(index.getBucket(), index.getKey())
                ? Optional.of(marker) : Optional.empty();
    }

    private void answerFromMarker(SynthesisRequest request, CompletionMarker marker) throws Exception {
        String id = request.getCorrelationId();
        String output = SynthesisRequestForm.name(request.getOutput());
        if (marker.correlationId().equals(id)) {
            LOG.infof("%s: already synthesized into %s; nothing to do", id, output);
            return;
        }
        // Another request asked for the same dataset: its asker waits for an event under its own id.
        LOG.infof("%s: %s already holds this dataset (request %s); answering from its marker", id, output,
                marker.correlationId());
        synthesized.send(Record.of(id, marker.eventFor(id))).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
