package io.framewise.videoannotator;

import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.Buckets;
import io.framewise.events.AnnotationRequest;
import io.framewise.events.ObjectRef;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Watches bucket events: a new video under {@code videos/inference/} is annotated with the service's model
 * (its configured name, else the newest promoted) and default settings. Anything else is ignored.
 */
@ApplicationScoped
public class BucketEventIntake {

    private static final Logger LOG = Logger.getLogger(BucketEventIntake.class);
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts",
            "3gp", "flv", "wmv", "ogv");

    @Inject
    AnnotationService annotations;

    @Inject
    AnnotatorConfig config;

    @Incoming("bucket-events")
    @Blocking
    public void onBucketEvent(byte[] message) {
        for (BucketEvent event : BucketEventJson.read(message)) {
            request(event).ifPresentOrElse(r -> annotations.annotate(r, "bucket-event"),
                    () -> LOG.debugf("ignoring %s %s", event.eventName(), event.messageKey()));
        }
    }

    static boolean isVideo(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    Optional<AnnotationRequest> request(BucketEvent event) {
        if (!event.isCreated() || !Buckets.VIDEOS.equals(event.bucket()) || !event.key().startsWith(config.inferencePrefix())
                || !isVideo(event.key())) {
            return Optional.empty();
        }
        ObjectRef video = new ObjectRef(event.bucket(), event.key());
        return Optional.of(AnnotationRequest.newBuilder()
                .setCorrelationId(annotations.videoId(video))
                .setRequestedAt(Instant.now())
                .setSource(video)
                .setOutput(new ObjectRef(Buckets.ANNOTATED, annotations.outputKey(video)))
                .setModelName("")
                .build());
    }
}
