package io.framewise.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectKeys;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.RequestFields;
import io.framewise.events.ObjectRef;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /promotions}: promote a checkpoint by hand, as the evaluator does when a checkpoint beats the promoted
 * model: its files copied to {@code runs/_models/<name>/}, {@code promoted.json} written last, and
 * {@code models.promoted} published (the video-annotator reloads at once).
 *
 * <pre>
 * {"modelName": "skater", "checkpoint": "runs/skater-1/checkpoints/iter-00000500/", "metric": "AP50"}
 * </pre>
 *
 * The promotion records the checkpoint's value of {@code metric} (default AP50, auc for a gaze-target checkpoint)
 * from its evaluation record
 * ({@code runs/<run>/evaluations/iter-N.json}), so later automatic promotions must beat it. A checkpoint never
 * evaluated is promoted with the metric {@code manual} and value 0: the next evaluated checkpoint of that model
 * name replaces it. 200 with the promotion; 404 for a missing checkpoint; 400 for a malformed request.
 */
@Path("/promotions")
public class PromotionResource {

    private static final List<String> FIELDS = List.of("modelName", "checkpoint", "metric");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore store;

    @Inject
    EvaluationService evaluations;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response promote(JsonNode body) throws Exception {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a promotion request is an object with the fields " + FIELDS);
        }
        RequestFields.refuseUnknownFields(body, FIELDS, "a promotion request");
        String modelName = body.path("modelName").asText("").trim();
        if (modelName.isEmpty() || modelName.contains("/")) {
            throw new IllegalArgumentException("'modelName' is required: a name without '/', e.g. \"skater\"");
        }
        ObjectKeys.requireValidPrefix(RunRecords.MODELS + modelName + "/");
        ObjectRef checkpoint = RequestFields.object(body, "checkpoint", Buckets.RUNS, true);
        String prefix = CheckpointEvaluation.slash(checkpoint.getKey());
        String[] parsed = CheckpointEvaluation.parseCheckpointKey(prefix).orElseThrow(() -> new IllegalArgumentException(
                "'checkpoint' must be a run's checkpoint, <run>/checkpoints/iter-N/, not " + prefix));
        if (!Buckets.RUNS.equals(checkpoint.getBucket())) {
            throw new IllegalArgumentException("'checkpoint' must be in the runs bucket, not " + checkpoint.getBucket());
        }
        byte[] spec;
        try {
            spec = store.readAllBytes(checkpoint.getBucket(), prefix + "model.json");
        } catch (ObjectNotFoundException e) {
            throw new ObjectNotFoundException(checkpoint.getBucket(), prefix + "model.json");
        }
        String family = ModelSpec.fromJson(new String(spec, StandardCharsets.UTF_8)).family();
        String runId = parsed[0];
        long iteration = Long.parseLong(parsed[2]);
        // By default the family's promotion metric: AP50, or auc for a gaze-target checkpoint.
        String metric = body.hasNonNull("metric") ? body.path("metric").asText()
                : EvaluationService.promotionMetric(family, null);
        RunRecords records = new RunRecords(store);
        Optional<Double> evaluated = evaluatedValue(RunRecords.recordKey(runId, parsed[1]), metric);
        String recorded = evaluated.isPresent() ? metric : "manual";
        double value = evaluated.orElse(0.0);
        Double previous = records.promotedValue(modelName, recorded).orElse(null);
        ObjectRef promoted = evaluations.promote(records, modelName, family, runId, new ObjectRef(Buckets.RUNS, prefix),
                iteration, recorded, value, previous);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("modelName", modelName);
        answer.put("modelFamily", family);
        answer.put("runId", runId);
        answer.put("iteration", iteration);
        answer.put("checkpoint", Buckets.RUNS + "/" + prefix);
        answer.put("promoted", promoted.getBucket() + "/" + promoted.getKey());
        answer.put("metric", recorded);
        answer.put("value", value);
        answer.put("previousValue", previous);
        return Response.ok(answer).build();
    }

    /** The checkpoint's value of {@code metric} in its evaluation record, when it was evaluated. */
    private Optional<Double> evaluatedValue(String recordKey, String metric) throws java.io.IOException {
        try {
            JsonNode v = JSON.readTree(store.readAllBytes(Buckets.RUNS, recordKey)).path("metrics").path(metric);
            return v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
        } catch (ObjectNotFoundException notEvaluated) {
            return Optional.empty();
        }
    }
}
