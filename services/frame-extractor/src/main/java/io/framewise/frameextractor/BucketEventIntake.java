package io.framewise.frameextractor;

import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.Buckets;
import io.framewise.events.ExtractionRequest;
import io.framewise.events.ObjectRef;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Watches bucket events: a new video under {@code videos/train/<dataset>/} is extracted with no other
 * action. Anything else is ignored; a message that is not an S3 event goes to the dead-letter topic.
 */
@ApplicationScoped
public class BucketEventIntake {

    private static final Logger LOG = Logger.getLogger(BucketEventIntake.class);

    @Inject
    ExtractionService extractions;

    @Inject
    ExtractorConfig config;

    @Incoming("bucket-events")
    @Blocking
    public void onBucketEvent(byte[] message) {
        for (BucketEvent event : BucketEventJson.read(message)) {
            request(event).ifPresentOrElse(extractions::extract,
                    () -> LOG.debugf("ignoring %s %s", event.eventName(), event.messageKey()));
        }
    }

    Optional<ExtractionRequest> request(BucketEvent event) {
        if (!event.isCreated() || !Buckets.VIDEOS.equals(event.bucket())) {
            return Optional.empty();
        }
        return TrainingVideo.fromKey(event.key(), config.trainPrefix()).map(video -> ExtractionRequest.newBuilder()
                .setCorrelationId(video.dataset())
                .setRequestedAt(Instant.now())
                .setVideo(new ObjectRef(event.bucket(), event.key()))
                .setDataset(video.dataset())
                .build());
    }
}
