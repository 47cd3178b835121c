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
            "Example: framewise follow shapes-20261121-101500-3f2a"})
final class FollowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--timeout", defaultValue = "86400", description = "Seconds to follow at most (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() {
        WaitOptions wait = new WaitOptions();
        wait.await = true;
        wait.timeoutSeconds = timeoutSeconds;
        return ServiceRequest.follow(connection, List.of(Topic.TRAINING_PROGRESS, Topic.CHECKPOINT_SAVED,
                Topic.TRAINING_COMPLETED), "training", TrainCommand.follower(runId), wait);
    }
}
