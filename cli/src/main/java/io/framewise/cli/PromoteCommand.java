package io.framewise.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        header = "Promote a checkpoint by hand as the model of a name.",
        description = {"The evaluator promotes a run's checkpoint by itself when it beats the promoted model; this promotes",
            "any checkpoint of a run now (POST /promotions): its files are copied to runs/_models/NAME/, promoted.json",
            "records it, and 'models.promoted' makes the video-annotator reload at once. The checkpoint's evaluated",
            "value of --metric is recorded, so later automatic promotions must beat it; a checkpoint never evaluated",
            "is recorded as 'manual' and the next evaluated checkpoint of that name replaces it.",
            "Prints the promotion as one JSON line.",
            "Examples: framewise promote skater-1 --iteration 500 --model-name skater",
            "          framewise promote runs/skater-1/checkpoints/iter-00000500/ --model-name skater"})
final class PromoteCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN|CHECKPOINT", description = "A run id (with --iteration), or a checkpoint folder runs/RUN/checkpoints/iter-N/.")
    String target;

    @Option(names = "--iteration", paramLabel = "N", description = "The run's checkpoint at iteration N.")
    Long iteration;

    @Option(names = "--model-name", required = true, paramLabel = "NAME", description = "The model name to promote it under.")
    String modelName;

    @Option(names = "--metric", defaultValue = "AP50", paramLabel = "M",
            description = "The metric recorded with the promotion (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_EVALUATOR_URL:-http://127.0.0.1:8085}",
            description = "The evaluator (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    /** The checkpoint folder a user means: a run id and an iteration, or a folder given whole. */
    static String checkpoint(String target, Long iteration) {
        if (target.contains("/checkpoints/")) {
            if (iteration != null) {
                throw new IllegalArgumentException("give either a checkpoint folder or a run id with --iteration, not both");
            }
            return target;
        }
        if (iteration == null) {
            throw new IllegalArgumentException("'" + target + "' is a run id: say which checkpoint with --iteration N");
        }
        String run = target.startsWith("runs/") ? target.substring("runs/".length()) : target;
        return "runs/" + (run.endsWith("/") ? run.substring(0, run.length() - 1) : run) + "/checkpoints/"
                + String.format("iter-%08d", iteration) + "/";
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelName", modelName);
        body.put("checkpoint", checkpoint(target, iteration));
        body.put("metric", metric);
        System.out.println(new ServiceClient(serviceUrl).post("/promotions", body));
        return 0;
    }
}
