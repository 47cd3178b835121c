package io.framewise.videoannotator;

import io.framewise.events.AnnotationRequest;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Explicit annotation requests (REST, CLI, or any producer); an undecodable message goes to the dead-letter topic. */
@ApplicationScoped
public class AnnotationRequestIntake {

    @Inject
    AnnotationService annotations;

    @Incoming("annotation-requests")
    @Blocking
    public void onRequest(byte[] message) {
        annotations.annotate(EventCodec.standard().decode(message, AnnotationRequest.class), "AnnotationRequest");
    }
}
