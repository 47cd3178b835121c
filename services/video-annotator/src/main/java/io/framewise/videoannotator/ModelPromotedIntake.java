package io.framewise.videoannotator;

import io.framewise.events.ModelPromoted;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code models.promoted}, read by every replica (a consumer group per instance): the newly promoted model is
 * loaded at once when this instance uses its name, so the next video is annotated with it without a restart.
 */
@ApplicationScoped
public class ModelPromotedIntake {

    @Inject
    ModelRegistry models;

    @Incoming("models-promoted")
    @Blocking
    public void onPromoted(byte[] message) {
        models.onPromoted(EventCodec.standard().decode(message, ModelPromoted.class).getModelName());
    }
}
