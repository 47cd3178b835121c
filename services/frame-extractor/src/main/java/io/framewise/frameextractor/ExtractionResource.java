package io.framewise.frameextractor;

import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectKeys;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ExtractionRequest;
import io.framewise.events.ObjectRef;
import io.framewise.frameextractor.core.ExtractionOptions;
import io.smallrye.reactive.messaging.kafka.Record;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** {@code POST /extractions}: extract a video already in the store. Answers 202 once the request is on its topic. */
@Path("/extractions")
public class ExtractionResource {

    /** The body of an extraction request; only {@code key} is required. */
    public record Body(String bucket, String key, String dataset, Integer maxSide, Integer everyNth, Double fps) {
    }

    @Inject
    ObjectStore store;

    @Inject
    ExtractorConfig config;

    @Inject
    ExtractionService extractions;

    @Inject
    @Channel("extraction-requests-out")
    Emitter<Record<String, ExtractionRequest>> requests;

    /** The running extractions of a dataset, with frames written, expected frames and frames/s; 404 when none runs. */
    @GET
    @Path("{dataset}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response progress(@PathParam("dataset") String dataset) {
        List<ExtractionService.Progress> running = extractions.progress(dataset);
        if (running.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "no extraction of dataset '" + dataset + "' is running here")).build();
        }
        return Response.ok(Map.of("dataset", dataset, "running", running)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(Body body) throws Exception {
        if (body == null || body.key() == null) {
            throw new IllegalArgumentException("give the video's 'key' (and optionally 'bucket', default videos)");
        }
        // Validates the options the same way the extraction will, so a bad request is a 400 now, not a failure later.
        new ExtractionOptions(body.maxSide() == null ? config.maxSide() : body.maxSide(),
                body.everyNth(), body.fps(), config.jpegQuality());
        String bucket = body.bucket() == null ? Buckets.VIDEOS : body.bucket();
        String key = ObjectKeys.requireValidKey(body.key());
        var source = store.stat(bucket, key).orElseThrow(() -> new ObjectNotFoundException(bucket, key));
        String dataset = body.dataset() != null ? body.dataset()
                : TrainingVideo.fromKey(key, config.trainPrefix()).map(TrainingVideo::dataset).orElse(null);
        if (dataset == null || dataset.isBlank() || dataset.contains("/")) {
            throw new IllegalArgumentException("give a 'dataset' name (no '/'); it is only implied for videos under "
                    + config.trainPrefix() + "<dataset>/");
        }
        ExtractionRequest request = ExtractionRequest.newBuilder()
                .setCorrelationId(dataset)
                .setRequestedAt(Instant.now())
                .setVideo(new ObjectRef(bucket, key))
                .setDataset(dataset)
                .setMaxSide(body.maxSide())
                .setEveryNth(body.everyNth())
                .setTargetFps(body.fps())
                .build();
        var done = extractions.completed(request, source, extractions.options(request));
        if (done.isPresent()) {
            // Asked again for what exists: answer with it now instead of queueing a no-op.
            return Response.ok(Map.of("correlationId", dataset, "alreadyExtracted", true, "result", done.get())).build();
        }
        requests.send(Record.of(dataset, request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Response.accepted(Map.of("correlationId", dataset, "video", bucket + "/" + key,
                "frames", Buckets.DATASETS + "/" + config.framesPrefix() + dataset + "/")).build();
    }
}
