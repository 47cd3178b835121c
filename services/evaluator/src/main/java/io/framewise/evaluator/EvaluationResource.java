package io.framewise.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.RequestFields;
import io.framewise.events.EvaluationRequest;
import io.framewise.events.ObjectRef;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * {@code POST /evaluations}: evaluate any checkpoint against any COCO ground truth in the store.
 *
 * <pre>
 * {"checkpoint": "runs/shapes-1/checkpoints/iter-00000500/", "groundTruth": "datasets/shapes-val/instances.json",
 *  "groundTruthImages": "datasets/shapes-val/", "iouThreshold": 0.5, "numSamples": 100, "batchSize": 8,
 *  "savePredictions": true, "reset": false}
 * </pre>
 *
 * 202 {@code {"correlationId"}} once the request is on {@code evaluation.requests}; the result comes on
 * {@code evaluation.results} (or {@code jobs.failed}) under that id. A missing checkpoint or ground truth is a
 * 404, a malformed request a 400, both with the reason.
 */
@Path("/evaluations")
public class EvaluationResource {

    private static final List<String> FIELDS = List.of("checkpoint", "groundTruth", "groundTruthImages", "iouThreshold",
            "numSamples", "batchSize", "savePredictions", "reset");

    @Inject
    ObjectStore store;

    @Inject
    EvaluatorConfig config;

    @Inject
    @Channel("evaluation-requests-out")
    Emitter<Record<String, EvaluationRequest>> requests;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(JsonNode body) throws Exception {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("an evaluation request is an object with the fields " + FIELDS);
        }
        RequestFields.refuseUnknownFields(body, FIELDS, "an evaluation request");
        ObjectRef checkpoint = ref(body, "checkpoint", Buckets.RUNS, true);
        ObjectRef gt = ref(body, "groundTruth", Buckets.DATASETS, true);
        ObjectRef images = ref(body, "groundTruthImages", Buckets.DATASETS, false);
        String prefix = CheckpointEvaluation.slash(checkpoint.getKey());
        if (!store.exists(checkpoint.getBucket(), prefix + "model.json")) {
            throw new ObjectNotFoundException(checkpoint.getBucket(), prefix + "model.json");
        }
        if (!store.exists(gt.getBucket(), gt.getKey())) {
            throw new ObjectNotFoundException(gt.getBucket(), gt.getKey());
        }
        double iou = body.path("iouThreshold").asDouble(config.iouThreshold());
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("'iouThreshold' must be within (0, 1], was " + iou);
        }
        Integer numSamples = body.has("numSamples") ? body.get("numSamples").asInt() : null;
        if (numSamples != null && numSamples < 1) {
            throw new IllegalArgumentException("'numSamples' must be at least 1");
        }
        int batch = body.path("batchSize").asInt(config.batchSize());
        if (batch < 1) {
            throw new IllegalArgumentException("'batchSize' must be at least 1");
        }
        String id = UUID.randomUUID().toString();
        EvaluationRequest request = EvaluationRequest.newBuilder().setCorrelationId(id).setRequestedAt(Instant.now())
                .setCheckpoint(new ObjectRef(checkpoint.getBucket(), prefix)).setGroundTruth(gt).setGroundTruthImages(images)
                .setIouThreshold(iou).setNumSamples(numSamples).setBatchSize(batch)
                .setSavePredictions(body.path("savePredictions").asBoolean(false)).setReset(body.path("reset").asBoolean(false))
                .build();
        requests.send(Record.of(id, request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("correlationId", id);
        answer.put("checkpoint", checkpoint.getBucket() + "/" + prefix);
        return Response.accepted(answer).build();
    }

    private static ObjectRef ref(JsonNode body, String field, String defaultBucket, boolean required) {
        return RequestFields.object(body, field, defaultBucket, required);
    }
}
