package io.framewise.datasetsynthesizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.events.SynthesisRequest;
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
 * {@code POST /syntheses}: synthesize a dataset from backgrounds and templates already in the store. The body
 * is a JSON object with the fields of {@link SynthesisRequestForm}, for example
 *
 * <pre>
 * {"backgrounds": "inputs/synth/backgrounds/", "templates": "inputs/synth/templates/",
 *  "output": "datasets/synth/skater-assessor/", "kind": "assessor",
 *  "numSamples": 10000, "outputSize": [75, 100], "zoomMode": true, "seed": 7}
 * </pre>
 *
 * Answers 202 {@code {"correlationId", "output", "kind", "numSamples"}} once the request is on
 * {@code synthesis.requests}; the result is announced on {@code dataset.synthesized} (or {@code jobs.failed})
 * under that id. When the output already holds exactly this dataset, answers 200
 * {@code {"correlationId", "alreadySynthesized": true, "result"}} with the completion marker instead of
 * queueing a no-op. A malformed request is a 400 with {@code {"error": reason}}. Whether the inputs exist and
 * decode is only known once the job reads them, so those problems are reported on {@code jobs.failed}.
 */
@Path("/syntheses")
public class SynthesisResource {

    @Inject
    SynthesisService synthesizer;

    @Inject
    SynthesisRequestTopic requests;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(JsonNode body) throws Exception {
        String id = UUID.randomUUID().toString();
        SynthesisRequest request = SynthesisRequestForm.read(body, id, Instant.now());
        Optional<CompletionMarker> done = synthesizer.completed(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (done.isPresent()) {
            answer.put("correlationId", done.get().correlationId());
            answer.put("alreadySynthesized", true);
            answer.put("result", done.get().toJson());
            return Response.ok(answer).build();
        }
        requests.publish(request);
        answer.put("correlationId", id);
        answer.put("output", SynthesisRequestForm.name(request.getOutput()));
        answer.put("kind", SynthesisRequestForm.spelling(request.getKind()));
        answer.put("numSamples", request.getNumSamples());
        return Response.accepted(answer).build();
    }
}
