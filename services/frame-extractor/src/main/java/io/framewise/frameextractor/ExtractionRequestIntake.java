package io.framewise.frameextractor;

import io.framewise.events.ExtractionRequest;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Explicit extraction requests (REST, CLI, or any producer); an undecodable message goes to the dead-letter topic. */
@ApplicationScoped
public class ExtractionRequestIntake {

    @Inject
    ExtractionService extractions;

    @Incoming("extraction-requests")
    @Blocking
    public void onRequest(byte[] message) {
        extractions.extract(EventCodec.standard().decode(message, ExtractionRequest.class));
    }
}
