package io.framewise.evaluator;

import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.EvaluationRequest;
import io.framewise.events.EvaluationResults;
import io.framewise.events.ModelPromoted;
import io.framewise.events.ObjectRef;
import io.framewise.schemas.codec.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Evaluates every {@code checkpoint.saved} of a run that has a validation set, and every
 * {@code evaluation.requests} message. Per checkpoint: the record, the redrawn plot, {@code models.promoted}
 * when it beats the promoted model of its name on the run's metric by more than the run's minimum
 * improvement, and then {@code evaluation.results}: the last event about the checkpoint. A run that is one of a
 * sweep's also has its sweep's summary redrawn ({@link RunRecords#redrawSweep}). A checkpoint that already has a
 * record is not evaluated again (so a restarted evaluator skips what it did), unless the request says
 * {@code reset}. A checkpoint that does not load, a missing ground truth or image: a {@code jobs.failed} event,
 * and the service goes on.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private final EventCodec codec = EventCodec.standard();

    @Inject
    ObjectStore store;

    @Inject
    EvaluatorConfig config;

    @Inject
    FailureReporter failures;

    @Inject
    MeterRegistry registry;

    @Inject
    EvaluationGauges gauges;

    @Inject
    @Channel("evaluation-results")
    Emitter<Record<String, EvaluationResults>> results;

    @Inject
    @Channel("models-promoted")
    Emitter<Record<String, ModelPromoted>> promotions;

    private CheckpointEvaluation evaluation() {
        return new CheckpointEvaluation(store, Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir"))),
                config.minScore(), config.nmsIou(), config.maxDetections());
    }

    @Incoming("checkpoint-saved")
    @Blocking
    public void onCheckpoint(byte[] message) throws Exception {
        CheckpointSaved saved = codec.decode(message, CheckpointSaved.class);
        String runId = saved.getCorrelationId();
        if (saved.getValidation() == null) {
            LOG.debugf("run %s has no validation set: checkpoint %d not evaluated", runId, saved.getIteration());
            return;
        }
        Optional<String[]> parsed = CheckpointEvaluation.parseCheckpointKey(saved.getCheckpoint().getKey());
        if (parsed.isEmpty()) {
            failures.report(runId, "evaluation", saved.getCheckpoint(), new IllegalArgumentException(
                    "not a checkpoint key (<run>/checkpoints/iter-N/): " + saved.getCheckpoint().getKey()));
            return;
        }
        String recordKey = RunRecords.recordKey(runId, parsed.get()[1]);
        run(new CheckpointEvaluation.Job(runId, saved.getCheckpoint(), saved.getValidation(), saved.getValidationImages(),
                config.iouThreshold(), null, config.batchSize(), config.savePredictions(), recordKey, saved.getEpoch()),
                config.reEvaluate(),
                saved.getModelName(), saved.getModelFamily(), saved.getPromotionMetric(), saved.getMinImprovement());
    }

    @Incoming("evaluation-requests")
    @Blocking
    public void onRequest(byte[] message) throws Exception {
        EvaluationRequest request = codec.decode(message, EvaluationRequest.class);
        Optional<String[]> parsed = CheckpointEvaluation.parseCheckpointKey(request.getCheckpoint().getKey());
        String runId = parsed.map(p -> p[0]).orElse(request.getCorrelationId());
        String recordKey = parsed.map(p -> runId + "/evaluations/requests/" + request.getCorrelationId() + ".json")
                .orElse("_evaluations/" + request.getCorrelationId() + ".json");
        run(new CheckpointEvaluation.Job(runId, request.getCheckpoint(), request.getGroundTruth(),
                request.getGroundTruthImages(), request.getIouThreshold(), request.getNumSamples(),
                Math.max(1, request.getBatchSize()), request.getSavePredictions(), recordKey, null), request.getReset(), null,
                null, null, 0);
    }

    private void run(CheckpointEvaluation.Job job, boolean reset, String modelName, String family, String metric,
            double minImprovement) throws Exception {
        RunRecords records = new RunRecords(store);
        if (!reset && records.exists(job.recordKey())) {
            LOG.infof("%s/%s exists: %s was evaluated already", Buckets.RUNS, job.recordKey(),
                    CheckpointEvaluation.ref(job.checkpoint()));
            registry.counter("framewise_evaluator_evaluations_total", "outcome", "skipped").increment();
            return;
        }
        CheckpointEvaluation.Outcome outcome;
        try {
            outcome = evaluation().evaluate(job);
        } catch (Exception e) {
            registry.counter("framewise_evaluator_evaluations_total", "outcome", "failed").increment();
            failures.report(job.runId(), "evaluation", job.checkpoint(), e);
            return;
        }
        registry.counter("framewise_evaluator_evaluations_total", "outcome", "evaluated").increment();
        boolean ownValidation = modelName != null;
        if (ownValidation) {
            metric = promotionMetric(family, metric);
        }
        boolean best = false;
        if (ownValidation) {
            Optional<Long> bestIteration = records.redraw(job.runId(), metric);
            best = bestIteration.isPresent() && bestIteration.get() == outcome.iteration();
            try {
                Optional<String> sweep = records.sweepOf(job.runId());
                if (sweep.isPresent()) {
                    records.redrawSweep(sweep.get(), io.framewise.common.model.gaze.GazeModel.FAMILY.equals(family));
                }
            } catch (Exception e) {
                LOG.warnf(e, "run %s: its sweep's plot could not be redrawn", job.runId());
            }
        }
        // Promotion first: when evaluation.results arrives, whatever it led to has happened.
        if (ownValidation) {
            gauges.evaluated(job.runId(), outcome.iteration(), outcome.metrics());
            promoteIfBetter(records, job, outcome, modelName, family, metric, minImprovement);
        }
        results.send(Record.of(job.runId(), EvaluationResults.newBuilder().setCorrelationId(job.runId())
                .setEvaluatedAt(Instant.now()).setCheckpoint(job.checkpoint()).setIteration(outcome.iteration())
                .setMetrics(outcome.metrics()).setPerCategoryAp(outcome.perCategoryAp()).setRecord(outcome.record())
                .setBestSoFar(best).build())).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The metrics of a gaze-target evaluation a run can be promoted on. */
    static final java.util.Set<String> GAZE_METRICS = java.util.Set.of("auc", "distance", "inOutAP");

    /**
     * The metric a run is promoted on: the one it names, except for a gaze-target run that names none or names the
     * trainer's default {@code AP50} (a detector's metric, which a gaze evaluation does not have): {@code auc}.
     */
    static String promotionMetric(String family, String requested) {
        if (io.framewise.common.model.gaze.GazeModel.FAMILY.equals(family)
                && (requested == null || requested.isBlank() || requested.equals("AP50"))) {
            return "auc";
        }
        return requested == null || requested.isBlank() ? "AP50" : requested;
    }

    private synchronized void promoteIfBetter(RunRecords records, CheckpointEvaluation.Job job, CheckpointEvaluation.Outcome outcome,
            String modelName, String family, String metric, double minImprovement) throws Exception {
        Double value = outcome.metrics().get(metric);
        if (value == null || !Double.isFinite(value)) {
            LOG.warnf("run %s: no value of the promotion metric '%s' (metrics: %s); nothing promoted", job.runId(), metric,
                    outcome.metrics().keySet());
            return;
        }
        Optional<Double> previous = records.promotedValue(modelName, metric);
        boolean lower = RunRecords.lowerIsBetter(metric);
        if (previous.isPresent() && !(lower ? value < previous.get() - minImprovement
                : value > previous.get() + minImprovement)) {
            LOG.infof("model %s: %s %.4f does not beat the promoted %.4f by %.4f (%s is better)", modelName, metric, value,
                    previous.get(), minImprovement, lower ? "lower" : "higher");
            return;
        }
        promote(records, modelName, family, job.runId(), job.checkpoint(), outcome.iteration(), metric, value,
                previous.orElse(null));
    }

    /**
     * Makes the checkpoint the model promoted under {@code modelName} ({@code runs/_models/<name>/}, promoted.json
     * last) and publishes {@code models.promoted}. Used for automatic promotions and for {@code POST /promotions}.
     */
    synchronized ObjectRef promote(RunRecords records, String modelName, String family, String runId, ObjectRef checkpoint,
            long iteration, String metric, double value, Double previous) throws Exception {
        ObjectRef promoted = records.promote(modelName, runId, checkpoint, iteration, metric, value, previous);
        promotions.send(Record.of(runId, ModelPromoted.newBuilder().setCorrelationId(runId)
                .setPromotedAt(Instant.now()).setModelName(modelName).setModelFamily(family).setCheckpoint(promoted)
                .setIteration(iteration).setMetric(metric).setValue(value).setPreviousValue(previous)
                .build())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("model %s promoted: run %s iteration %d, %s %.4f (was %s)", modelName, runId, iteration,
                metric, value, previous == null ? "none" : String.valueOf(previous));
        return promoted;
    }
}
