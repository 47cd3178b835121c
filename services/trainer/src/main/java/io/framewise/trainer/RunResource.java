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
 *   <li>{@code GET /runs/{id}}: the run's {@code run.json} and, once it has ended, its end record; for a sweep, its
 *   {@code sweep.json}, each member run's state (WAITING, STARTED or how it ended) and the sweep's end record; 404
 *   for a run that has not started.</li>
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
        if (Sweep.isSweep(request)) {
            answer.put("runs", Sweep.of(request).members().stream().map(Sweep.Member::runId).toList());
        }
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
        Map<String, Object> answer = new LinkedHashMap<>();
        if (store.exists(Buckets.RUNS, prefix + "run.json")) {
            answer.put("run", readJson(prefix + "run.json"));
        } else if (store.exists(Buckets.RUNS, prefix + TrainingJob.SWEEP)) {
            JsonNode sweep = readJson(prefix + TrainingJob.SWEEP);
            answer.put("sweep", sweep);
            Map<String, Object> runs = new LinkedHashMap<>();
            for (JsonNode member : sweep.path("members")) {
                String runId = member.path("runId").asText();
                String memberPrefix = TrainingJob.runPrefix(runId);
                runs.put(runId, store.exists(Buckets.RUNS, memberPrefix + TrainingJob.ENDED)
                        ? readJson(memberPrefix + TrainingJob.ENDED).path("outcome").asText()
                        : store.exists(Buckets.RUNS, memberPrefix + "run.json") ? "STARTED" : "WAITING");
            }
            answer.put("runs", runs);
        } else {
            throw new ObjectNotFoundException(Buckets.RUNS, prefix + "run.json");
        }
        if (store.exists(Buckets.RUNS, prefix + TrainingJob.ENDED)) {
            answer.put("ended", readJson(prefix + TrainingJob.ENDED));
        }
        answer.put("onThisReplica", worker.active().map(r -> r.concerns(id)).orElse(false));
        return Response.ok(answer).build();
    }

    private JsonNode readJson(String key) throws java.io.IOException {
        return JSON.readTree(store.readAllBytes(Buckets.RUNS, key));
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
