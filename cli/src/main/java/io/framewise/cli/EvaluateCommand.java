package io.framewise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.events.EvaluationResults;
import io.framewise.events.JobFailed;
import io.framewise.schemas.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", aliases = "eval", mixinStandardHelpOptions = true,
        header = "Ask the evaluator to evaluate a checkpoint against a COCO ground truth in the store.",
        description = {"Checkpoints of runs with a validation set are evaluated automatically; this evaluates any",
            "checkpoint against any ground truth. The record goes to runs/<run>/evaluations/requests/<id>.json.",
            "With --wait, prints the metrics (the twelve COCO numbers, VOC AP, localization) as one JSON line.",
            "Example: framewise evaluate --checkpoint runs/shapes-1/checkpoints/iter-00000500/ \\",
            "           --ground-truth datasets/shapes-val/instances.json --save-predictions --wait"})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "BUCKET/PREFIX", description = "The checkpoint folder (runs bucket by default).")
    String checkpoint;

    @Option(names = "--ground-truth", required = true, paramLabel = "BUCKET/KEY", description = "COCO instances file (datasets bucket by default).")
    String groundTruth;

    @Option(names = "--images", paramLabel = "BUCKET/PREFIX", description = "Prefix of its file_name values (default: its folder).")
    String images;

    @Option(names = "--iou", description = "IoU threshold of the VOC and localization numbers (default: the evaluator's, 0.5).")
    Double iou;

    @Option(names = "--num-samples", description = "Evaluate only the first N images.")
    Integer numSamples;

    @Option(names = "--batch-size", description = "Images predicted at once.")
    Integer batchSize;

    @Option(names = "--save-predictions", description = "Draw every image with its predicted and true boxes into the run folder.")
    boolean savePredictions;

    @Option(names = "--reset", description = "Evaluate again even if a record exists.")
    boolean reset;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_EVALUATOR_URL:-http://127.0.0.1:8085}",
            description = "The evaluator (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("checkpoint", checkpoint);
        body.put("groundTruth", groundTruth);
        ServiceRequest.putIfPresent(body, "groundTruthImages", images);
        ServiceRequest.putIfPresent(body, "iouThreshold", iou);
        ServiceRequest.putIfPresent(body, "numSamples", numSamples);
        ServiceRequest.putIfPresent(body, "batchSize", batchSize);
        body.put("savePredictions", savePredictions);
        body.put("reset", reset);
        return ServiceRequest.send(new ServiceClient(serviceUrl), "/evaluations", body, wait, connection,
                List.of(Topic.EVALUATION_RESULTS), "evaluation", null,
                accepted -> new ServiceRequest.AboutRequest(accepted) {
                    // Results name the request in their record's key; a failure names the checkpoint it could not evaluate.
                    @Override
                    public boolean isAbout(SpecificRecord e) {
                        return e instanceof EvaluationResults r ? r.getRecord().getKey().contains(id)
                                : e instanceof JobFailed f && f.getSubject() != null && f.getSubject().getKey().equals(prefix());
                    }

                    @Override
                    public Integer onEvent(SpecificRecord event, double seconds) {
                        if (!(event instanceof EvaluationResults r)) {
                            return null;
                        }
                        ObjectNode out = new ObjectMapper().createObjectNode();
                        out.put("checkpoint", r.getCheckpoint().getBucket() + "/" + r.getCheckpoint().getKey());
                        out.put("record", r.getRecord().getBucket() + "/" + r.getRecord().getKey());
                        r.getMetrics().forEach(out.putObject("metrics")::put);
                        r.getPerCategoryAp().forEach(out.putObject("perCategoryAP")::put);
                        System.out.println(out);
                        return 0;
                    }
                });
    }

    private String prefix() {
        String key = checkpoint.contains("/") && checkpoint.startsWith("runs/") ? checkpoint.substring(5) : checkpoint;
        return key.endsWith("/") ? key : key + "/";
    }
}
