package io.framewise.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ControlAction;
import io.framewise.events.ObjectRef;
import io.framewise.events.TrainingRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Training runs over HTTP.
 * <ul>
 *   <li>{@code POST /runs}: a {@link TrainingRequestForm} as JSON; 202 {@code {"runId", ...}} once the request is
 *   on {@code training.requests}. Family, settings, device and the data's presence are checked first: a
 *   wrong request is a 400 (or 404 for missing data) with {@code {"error": reason}}.</li>
 *   <li>{@code POST /runs/{id}/pause}, {@code /resume}, {@code /stop}: 202 once the control message is on
 *   {@code training.control}; the replica running the run acts on it (stop = checkpoint, then end).</li>
 *   <li>{@code GET /runs/{id}}: the run's {@code run.json} and, once it has ended, its end record; 404 for a run
 *   that has not started.</li>
 * </ul>
 */
@Path("/runs")
public class RunResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore store;

    @Inject
    RunEvents events;

    @Inject
    TrainingWorker worker;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(JsonNode body) throws Exception {
        TrainingRequest request = TrainingRequestForm.read(body, Instant.now());
        TrainingJob.validate(request);
        requireObject(request.getTrain());
        if (request.getValidation() != null) {
            requireObject(request.getValidation());
        }
        events.request(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", request.getCorrelationId());
        answer.put("modelFamily", request.getModelFamily());
        answer.put("runFolder", Buckets.RUNS + "/" + TrainingJob.runPrefix(request.getCorrelationId()));
        return Response.accepted(answer).build();
    }

    @POST
    @Path("/{id}/{action}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response control(@PathParam("id") String id, @PathParam("action") String action) throws Exception {
        ControlAction a;
        try {
            a = ControlAction.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown action '" + action + "': use pause, resume or stop");
        }
        events.control(id, a);
        return Response.accepted(Map.of("runId", id, "action", a.name())).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("id") String id) throws Exception {
        String prefix = TrainingJob.runPrefix(id);
        if (!store.exists(Buckets.RUNS, prefix + "run.json")) {
            throw new ObjectNotFoundException(Buckets.RUNS, prefix + "run.json");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run", JSON.readTree(store.readAllBytes(Buckets.RUNS, prefix + "run.json")));
        if (store.exists(Buckets.RUNS, prefix + TrainingJob.ENDED)) {
            answer.put("ended", JSON.readTree(store.readAllBytes(Buckets.RUNS, prefix + TrainingJob.ENDED)));
        }
        answer.put("onThisReplica", worker.active().map(r -> r.request().getCorrelationId().equals(id)).orElse(false));
        return Response.ok(answer).build();
    }

    /** The object, or for a prefix (a frames dataset, {@code datasets/frames/<dataset>/}) at least one object under it. */
    private void requireObject(ObjectRef ref) {
        if (ref.getKey().endsWith("/")) {
            try (Stream<ObjectInfo> under = store.list(ref.getBucket(), ref.getKey())) {
                if (under.findAny().isEmpty()) {
                    throw new ObjectNotFoundException(ref.getBucket(), ref.getKey());
                }
            }
        } else if (!store.exists(ref.getBucket(), ref.getKey())) {
            throw new ObjectNotFoundException(ref.getBucket(), ref.getKey());
        }
    }
}
