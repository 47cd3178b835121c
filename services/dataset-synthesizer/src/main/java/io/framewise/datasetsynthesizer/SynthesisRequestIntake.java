package io.framewise.datasetsynthesizer;

import io.framewise.events.SynthesisRequest;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Synthesis requests from {@code synthesis.requests}; an undecodable message goes to the dead-letter topic. */
@ApplicationScoped
public class SynthesisRequestIntake {

    @Inject
    SynthesisService synthesizer;

    @Incoming("synthesis-requests")
    @Blocking
    public void onRequest(byte[] message) {
        synthesizer.synthesize(EventCodec.standard().decode(message, SynthesisRequest.class));
    }
}
