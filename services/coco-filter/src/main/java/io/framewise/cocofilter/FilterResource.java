package io.framewise.cocofilter;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.ObjectRef;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /filters}: filter a COCO file already in the store. The body is a JSON object with the fields
 * of {@link FilterRequestForm}, for example
 *
 * <pre>
 * {"input": "inputs/coco/instances_val2014.json",
 *  "output": {"bucket": "datasets", "key": "coco/person-ball.json"},
 *  "categories": ["person", "sports ball"], "balance": "keep-rarest", "masks": "instance-ids",
 *  "imagesSource": "inputs/coco/val2014/", "imagesTarget": "datasets/coco/person-ball/images/"}
 * </pre>
 *
 * Answers 202 {@code {"correlationId", "input", "output"}} once the request is on {@code coco-filter.requests};
 * the result is announced on {@code coco.filtered} (or {@code jobs.failed}) under that id. When the output
 * already holds exactly this result, answers 200 {@code {"correlationId", "alreadyFiltered": true, "result"}}
 * with the completion marker instead of queueing a no-op. A malformed request is a 400, a missing input a 404,
 * both with {@code {"error": reason}}. Whether the categories exist is only known once the file is read, so
 * an unknown name is reported on {@code jobs.failed}, with the closest names.
 */
@Path("/filters")
public class FilterResource {

    @Inject
    ObjectStore store;

    @Inject
    CocoFilterService filters;

    @Inject
    FilterRequestTopic requests;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(JsonNode body) throws Exception {
        String id = UUID.randomUUID().toString();
        CocoFilterRequest request = FilterRequestForm.read(body, id, Instant.now());
        ObjectRef input = request.getInput();
        ObjectInfo source = store.stat(input.getBucket(), input.getKey())
                .orElseThrow(() -> new ObjectNotFoundException(input.getBucket(), input.getKey()));
        Optional<CompletionMarker> done = filters.completed(request, source);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (done.isPresent()) {
            answer.put("correlationId", done.get().correlationId());
            answer.put("alreadyFiltered", true);
            answer.put("result", done.get().toJson());
            return Response.ok(answer).build();
        }
        requests.publish(request);
        answer.put("correlationId", id);
        answer.put("input", FilterRequestForm.name(input));
        answer.put("output", FilterRequestForm.name(request.getOutput()));
        return Response.accepted(answer).build();
    }
}
