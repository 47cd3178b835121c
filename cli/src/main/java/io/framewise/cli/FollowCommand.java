package io.framewise.cli;

import io.framewise.schemas.Topic;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "follow", mixinStandardHelpOptions = true,
        header = "Follow a training run: a live progress bar with losses, speed and ETA, its checkpoints, its end.",
        description = {"Watches training.progress, checkpoint.saved and training.completed for the run from now on,",
            "prints the training.completed event as JSON and exits 0 (1 if the run failed, or at --timeout).",
            "For a sweep (a request with 'sweep'), follows each of its runs, as the trainer lists them, to the sweep's end.",
            "Example: framewise follow shapes-20261121-101500-3f2a"})
final class FollowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--timeout", defaultValue = "86400", description = "Seconds to follow at most (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_TRAINER_URL:-http://127.0.0.1:8084}",
            description = "The trainer, asked whether RUN is a sweep (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() {
        WaitOptions wait = new WaitOptions();
        wait.await = true;
        wait.timeoutSeconds = timeoutSeconds;
        return ServiceRequest.follow(connection, List.of(Topic.TRAINING_PROGRESS, Topic.CHECKPOINT_SAVED,
                Topic.TRAINING_COMPLETED), "training", TrainCommand.follower(runId, sweepRuns()), wait);
    }

    /** The runs of RUN when it is a sweep; none for a single run, or when the trainer cannot be asked. */
    private List<String> sweepRuns() {
        try {
            com.fasterxml.jackson.databind.JsonNode status = new ServiceClient(serviceUrl).get("/runs/" + runId);
            List<String> runs = new java.util.ArrayList<>();
            status.path("sweep").path("members").forEach(m -> runs.add(m.path("runId").asText()));
            if (!runs.isEmpty()) {
                System.err.println("sweep of " + runs.size() + " runs " + runId);
            }
            return runs;
        } catch (Exception e) {
            // Not started yet, or the trainer is not reachable: follow the id alone.
            return List.of();
        }
    }
}
