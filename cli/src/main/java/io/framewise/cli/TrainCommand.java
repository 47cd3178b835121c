package io.framewise.cli;

import io.framewise.events.CheckpointSaved;
import io.framewise.events.RunOutcome;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.TrainingProgress;
import io.framewise.schemas.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Ask the trainer for a training run (or a sweep of runs) on a dataset in the store.",
        description = {"Sends a training request to the trainer (POST /runs). Objects are \"bucket/key\" (datasets by default).",
            "Hyperparameters are --set KEY=VALUE, as for train-file (see 'framewise train-file --help').",
            "With --wait, shows progress, names each checkpoint, and prints the training.completed event;",
            "exits 1 if the run fails. Pause, resume or stop a run with 'framewise runs'.",
            "A sweep (--sweep KEY=V1,V2, repeatable) asks for one run per combination of the values, run one after",
            "another as <run id>-<key><value>...; with --wait, each run's progress and end, then the sweep's end.",
            "Example: framewise train --model-name shapes --train datasets/shapes/instances.json \\",
            "           --set imageSize=224 --set epochs=10 --wait",
            "Sweep: framewise train --family gaze-target --model-name gaze --train datasets/vat/index.csv \\",
            "           --validation datasets/vat-test/index.csv --set temporal=true \\",
            "           --sweep batchSize=4,8 --sweep chunkSize=2,3 --wait"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--family", defaultValue = "one-stage-detector", description = "Model family: one-stage-detector, loans, stacked-hourglass or gaze-target (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--model-name", required = true, description = "The name the best checkpoint is promoted under.")
    String modelName;

    @Option(names = "--train", required = true, paramLabel = "BUCKET/KEY", description = "The training set in the store: a COCO file (detector, LoANs, pose) or a gaze index.")
    String train;

    @Option(names = "--train-images", paramLabel = "BUCKET/PREFIX", description = "Prefix of its file_name values (default: its folder).")
    String trainImages;

    @Option(names = "--validation", paramLabel = "BUCKET/KEY", description = "The validation set (same kind as --train); every checkpoint is evaluated on it.")
    String validation;

    @Option(names = "--validation-images", paramLabel = "BUCKET/PREFIX", description = "Prefix of the validation images.")
    String validationImages;

    @Option(names = "--assessor", paramLabel = "BUCKET/KEY", description = "LoANs: the assessor dataset's images.csv.")
    String assessor;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2", description = "Sweep a hyperparameter over these values (repeatable): one run per combination.")
    Map<String, String> sweep = new LinkedHashMap<>();

    @Option(names = "--promotion-metric", paramLabel = "METRIC", description = "The metric the best checkpoint is promoted on (default: AP50; auc for gaze-target).")
    String promotionMetric;

    @Option(names = "--initial-weights", paramLabel = "BUCKET/KEY", description = "Fine-tune from a checkpoint (runs/<run>/checkpoints/iter-N/).")
    String initialWeights;

    @Option(names = "--freeze-up-to", paramLabel = "LAYER", description = "Keep the layers up to this one as loaded (detector: stem, stage1..stage4; gaze-target: scene, head, attention, encoder, ...).")
    String freezeUpTo;

    @Option(names = "--run-id", description = "Name the run (default: model name, time and a random suffix).")
    String runId;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_TRAINER_URL:-http://127.0.0.1:8084}",
            description = "The trainer (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("family", family);
        body.put("modelName", modelName);
        body.put("train", train);
        ServiceRequest.putIfPresent(body, "trainImages", trainImages);
        ServiceRequest.putIfPresent(body, "validation", validation);
        ServiceRequest.putIfPresent(body, "validationImages", validationImages);
        ServiceRequest.putIfPresent(body, "assessor", assessor);
        body.put("hyperparameters", settings);
        ServiceRequest.putIfPresent(body, "initialWeights", initialWeights);
        ServiceRequest.putIfPresent(body, "freezeUpTo", freezeUpTo);
        ServiceRequest.putIfPresent(body, "runId", runId);
        ServiceRequest.putIfPresent(body, "promotionMetric", promotionMetric);
        if (!sweep.isEmpty()) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            sweep.forEach((key, list) -> values.put(key, List.of(list.split(","))));
            body.put("sweep", values);
        }
        return ServiceRequest.send(new ServiceClient(serviceUrl), "/runs", body, wait, connection,
                List.of(Topic.TRAINING_PROGRESS, Topic.CHECKPOINT_SAVED, Topic.TRAINING_COMPLETED), "training", null,
                accepted -> {
                    String id = accepted.path("runId").asText();
                    List<String> runs = new java.util.ArrayList<>();
                    accepted.path("runs").forEach(r -> runs.add(r.asText()));
                    System.err.println((runs.isEmpty() ? "run " : "sweep of " + runs.size() + " runs ") + id + " (runs/" + id
                            + "/)");
                    return follower(id, runs);
                });
    }

    /** Shows a run's progress and checkpoints; ends with its training.completed (exit 1 if it failed). */
    static ServiceRequest.Follower follower(String id) {
        return follower(id, List.of());
    }

    /**
     * Shows a run's progress and checkpoints, or for a sweep each of its {@code runs} (a line as each ends); ends with
     * the run's (the sweep's) training.completed, exit 1 if it failed.
     */
    static ServiceRequest.Follower follower(String id, List<String> runs) {
        return new ServiceRequest.Follower() {
            private final ProgressBar bar = new ProgressBar("training");
            private String shown = id;

            @Override
            public boolean isAbout(SpecificRecord event) {
                return EventWaiter.isAbout(event, id) || runs.stream().anyMatch(r -> EventWaiter.isAbout(event, r));
            }

            @Override
            public Integer onEvent(SpecificRecord event, double seconds) {
                String run = String.valueOf(event.get(event.getSchema().getField("correlationId").pos()));
                if (!run.equals(shown) && !(event instanceof TrainingCompleted)) {
                    bar.done();
                    System.err.println("run " + run);
                    shown = run;
                }
                if (event instanceof TrainingProgress p && p.getTotalIterations() > 0) {
                    bar.update(p.getIteration(), p.getTotalIterations(), detail(p));
                } else if (event instanceof CheckpointSaved c) {
                    bar.done();
                    System.err.printf("checkpoint at iteration %d: %s/%s%n", c.getIteration(), c.getCheckpoint().getBucket(),
                            c.getCheckpoint().getKey());
                } else if (event instanceof TrainingCompleted done && !run.equals(id)) {
                    bar.done();
                    System.err.printf(Locale.ROOT, "run %s %s after %d iterations%s%n", run,
                            done.getOutcome().name().toLowerCase(Locale.ROOT), done.getIterations(),
                            done.getReason() == null ? "" : ": " + done.getReason());
                } else if (event instanceof TrainingCompleted done) {
                    bar.done();
                    System.out.printf(Locale.ROOT, "{\"runId\":\"%s\",\"outcome\":\"%s\",\"iterations\":%d,"
                            + "\"lastCheckpoint\":%s,\"seconds\":%.1f}%n", id, done.getOutcome(), done.getIterations(),
                            done.getLastCheckpoint() == null ? "null" : "\"" + done.getLastCheckpoint().getBucket() + "/"
                                    + done.getLastCheckpoint().getKey() + "\"", seconds);
                    return done.getOutcome() == RunOutcome.FAILED ? 1 : 0;
                }
                return null;
            }

            @Override
            public void finish() {
                bar.done();
            }
        };
    }

    private static String detail(TrainingProgress p) {
        Double loss = p.getLosses().get("total");
        return String.format(Locale.ROOT, "%s epoch %d%s, %.1f img/s%s", p.getState().name().toLowerCase(Locale.ROOT),
                p.getEpoch(), loss == null ? "" : String.format(Locale.ROOT, ", loss %.4f", loss), p.getImagesPerSecond(),
                p.getEtaSeconds() == null ? "" : String.format(Locale.ROOT, ", eta %.0f s", p.getEtaSeconds()));
    }
}
