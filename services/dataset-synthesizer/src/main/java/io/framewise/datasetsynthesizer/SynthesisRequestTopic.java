package io.framewise.datasetsynthesizer;

import io.framewise.events.SynthesisRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Puts requests on {@code synthesis.requests}, keyed by correlation id. REST calls and request files go
 * through the topic rather than straight to the service, so every request is on record, survives a restart,
 * and they run one at a time, in the order they came.
 */
@ApplicationScoped
public class SynthesisRequestTopic {

    @Inject
    @Channel("synthesis-requests-out")
    Emitter<Record<String, SynthesisRequest>> requests;

    /** Returns once the broker has the request. */
    public void publish(SynthesisRequest request) throws Exception {
        requests.send(Record.of(request.getCorrelationId(), request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
