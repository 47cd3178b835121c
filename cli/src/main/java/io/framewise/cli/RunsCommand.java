package io.framewise.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true,
        header = "Pause, resume, stop or show a training run.",
        description = {"pause: the run waits between iterations; resume: it goes on; stop: it saves a checkpoint and ends",
            "(training.completed with outcome STOPPED); show: its run.json and, once ended, how it ended.",
            "Example: framewise runs stop shapes-20261121-101500-3f2a"})
final class RunsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION", description = "pause, resume, stop or show.")
    String action;

    @Parameters(index = "1", paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_TRAINER_URL:-http://127.0.0.1:8084}",
            description = "The trainer (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Override
    public Integer call() throws Exception {
        ServiceClient service = new ServiceClient(serviceUrl);
        String a = action.toLowerCase(Locale.ROOT);
        switch (a) {
            case "pause", "resume", "stop" -> System.out.println(service.post("/runs/" + runId + "/" + a, Map.of()));
            case "show" -> System.out.println(service.get("/runs/" + runId));
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use pause, resume, stop or show");
        }
        return 0;
    }
}
