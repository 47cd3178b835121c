package io.framewise.videoannotator;

import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectKeys;
import io.framewise.events.AnnotationRequest;
import io.framewise.events.ObjectRef;
import io.framewise.videoannotator.core.AnnotationOptions;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * {@code POST /annotations}: annotate a video already in the store, or a set of images (a {@code key} ending in
 * '/': every JPEG, PNG, BMP or GIF below that prefix), with the model promoted under
 * {@code modelName} (default: the service's) or a pinned {@code checkpoint} ({@code bucket/prefix}, runs
 * bucket by default). Answers 202 once the request is on its topic, 200 at once if it was already done.
 */
@Path("/annotations")
public class AnnotationResource {

    /**
     * The body; only {@code key} is required. {@code output} is {@code bucket/key.mp4}, or a {@code bucket/prefix/}
     * for an image set (default: the annotated bucket, the video's or set's id).
     */
    public record Body(String bucket, String key, String modelName, String checkpoint, String output, Float minScore,
            Double nmsIou, Integer maxDetections, List<String> classes, Float assessorThreshold, Integer maxSide) {
    }

    @Inject
    AnnotatorConfig config;

    @Inject
    AnnotationService annotations;

    @Inject
    @Channel("annotation-requests-out")
    Emitter<Record<String, AnnotationRequest>> requests;

    static ObjectRef ref(String text, String defaultBucket) {
        String t = text.startsWith("/") ? text.substring(1) : text;
        int slash = t.indexOf('/');
        if (slash > 0 && Buckets.ALL.contains(t.substring(0, slash))) {
            return new ObjectRef(t.substring(0, slash), t.substring(slash + 1));
        }
        return new ObjectRef(defaultBucket, t);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(Body body) throws Exception {
        if (body == null || body.key() == null) {
            throw new IllegalArgumentException("give the video's 'key' (and optionally 'bucket', default videos)");
        }
        AnnotationOptions d = AnnotationOptions.defaults();
        // Validates the settings now, so a bad request is a 400 rather than a failure event later.
        new AnnotationOptions(body.minScore() != null ? body.minScore() : d.minScore(),
                body.nmsIou() != null ? body.nmsIou() : d.nmsIou(),
                body.maxDetections() != null ? body.maxDetections() : d.maxDetections(), body.classes(),
                body.maxSide() != null ? body.maxSide() : 0, d.batchSize(),
                body.assessorThreshold() != null ? body.assessorThreshold() : d.assessorThreshold(), false, 1);
        String bucket = body.bucket() == null ? Buckets.VIDEOS : body.bucket();
        ObjectRef video = new ObjectRef(bucket, body.key().endsWith("/") ? ObjectKeys.requireValidPrefix(body.key())
                : ObjectKeys.requireValidKey(body.key()));
        annotations.input(video); // 404 for a missing video, 400 for a prefix without images
        ObjectRef output = body.output() == null ? new ObjectRef(Buckets.ANNOTATED, annotations.outputKey(video))
                : ref(body.output(), Buckets.ANNOTATED);
        if (AnnotationService.isImageSet(video) != output.getKey().endsWith("/")) {
            throw new IllegalArgumentException(AnnotationService.isImageSet(video)
                    ? "an image set's output is a prefix ending in '/', not " + body.output()
                    : "a video's output is an object key, not the prefix " + body.output());
        }
        if (AnnotationService.isImageSet(video)) {
            ObjectKeys.requireValidPrefix(output.getKey());
        } else {
            ObjectKeys.requireValidKey(output.getKey());
        }
        ObjectRef checkpoint = null;
        if (body.checkpoint() != null) {
            checkpoint = ref(body.checkpoint(), Buckets.RUNS);
            ObjectKeys.requireValidPrefix(checkpoint.getKey().endsWith("/") ? checkpoint.getKey() : checkpoint.getKey() + "/");
        }
        String id = annotations.videoId(video);
        AnnotationRequest request = AnnotationRequest.newBuilder()
                .setCorrelationId(id)
                .setRequestedAt(Instant.now())
                .setSource(video)
                .setOutput(output)
                .setModelName(body.modelName() == null ? "" : body.modelName())
                .setCheckpoint(checkpoint)
                .setScoreThreshold(body.minScore())
                .setNmsIou(body.nmsIou() == null ? null : body.nmsIou().floatValue())
                .setMaxDetections(body.maxDetections())
                .setClasses(body.classes() == null ? List.of() : List.copyOf(body.classes()))
                .setAssessorThreshold(body.assessorThreshold())
                .setOutputMaxSide(body.maxSide())
                .build();
        var done = annotations.completed(request);
        if (done.isPresent()) {
            return Response.ok(Map.of("correlationId", id, "alreadyAnnotated", true, "result", done.get())).build();
        }
        requests.send(Record.of(id, request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Response.accepted(Map.of("correlationId", id, AnnotationService.isImageSet(video) ? "images" : "video",
                bucket + "/" + video.getKey(),
                "output", output.getBucket() + "/" + output.getKey())).build();
    }
}
