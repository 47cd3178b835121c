package io.framewise.trainer;

import io.framewise.common.store.Buckets;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.ControlAction;
import io.framewise.events.ObjectRef;
import io.framewise.events.RunOutcome;
import io.framewise.events.RunState;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.TrainingControl;
import io.framewise.events.TrainingProgress;
import io.framewise.events.TrainingRequest;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.TrainingRun;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** The trainer's events, each keyed by run id so that one run's events stay in order. */
@ApplicationScoped
public class RunEvents {

    @Inject
    @Channel("training-requests-out")
    Emitter<Record<String, TrainingRequest>> requests;

    @Inject
    @Channel("training-control-out")
    Emitter<Record<String, TrainingControl>> control;

    @Inject
    @Channel("training-progress")
    Emitter<Record<String, TrainingProgress>> progress;

    @Inject
    @Channel("checkpoint-saved")
    Emitter<Record<String, CheckpointSaved>> checkpoints;

    @Inject
    @Channel("training-completed")
    Emitter<Record<String, TrainingCompleted>> completed;

    /** Returns once the broker has the request. */
    public void request(TrainingRequest request) throws Exception {
        requests.send(Record.of(request.getCorrelationId(), request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public void control(String runId, ControlAction action) throws Exception {
        control.send(Record.of(runId, new TrainingControl(runId, Instant.now(), action))).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    void progress(String runId, RunListener.Progress p) {
        progress.send(Record.of(runId, TrainingProgress.newBuilder().setCorrelationId(runId)
                .setReportedAt(Instant.now()).setState(RunState.valueOf(p.state())).setIteration(p.iteration())
                .setTotalIterations(p.totalIterations()).setEpoch(p.epoch()).setLosses(p.losses())
                .setLearningRate(p.learningRate()).setImagesPerSecond(p.imagesPerSecond()).setEtaSeconds(p.etaSeconds())
                .build()));
    }

    void checkpoint(TrainingRequest request, RunListener.Checkpoint c) throws Exception {
        CheckpointSaved event = CheckpointSaved.newBuilder().setCorrelationId(request.getCorrelationId())
                .setSavedAt(Instant.now()).setModelFamily(request.getModelFamily()).setModelName(request.getModelName())
                .setIteration(c.iteration()).setEpoch(c.epoch()).setCheckpoint(new ObjectRef(Buckets.RUNS, c.location()))
                .setValidation(request.getValidation()).setValidationImages(request.getValidationImages())
                .setPromotionMetric(request.getPromotionMetric()).setMinImprovement(request.getMinImprovement()).build();
        checkpoints.send(Record.of(request.getCorrelationId(), event)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void completed(String runId, RunOutcome outcome, long iterations, String lastCheckpoint, String reason)
            throws Exception {
        TrainingCompleted event = TrainingCompleted.newBuilder().setCorrelationId(runId).setCompletedAt(Instant.now())
                .setOutcome(outcome).setIterations(iterations)
                .setLastCheckpoint(lastCheckpoint == null ? null : new ObjectRef(Buckets.RUNS, lastCheckpoint))
                .setReason(reason).build();
        completed.send(Record.of(runId, event)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static RunOutcome outcome(TrainingRun.Outcome o) {
        return RunOutcome.valueOf(o.name());
    }
}
