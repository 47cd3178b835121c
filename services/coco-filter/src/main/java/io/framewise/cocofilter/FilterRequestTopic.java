package io.framewise.cocofilter;

import io.framewise.events.CocoFilterRequest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Puts requests on {@code coco-filter.requests}, keyed by correlation id. REST calls and request files go
 * through the topic rather than straight to the service, so every request is on record and they run one
 * at a time, in the order they came.
 */
@ApplicationScoped
public class FilterRequestTopic {

    @Inject
    @Channel("coco-filter-requests-out")
    Emitter<Record<String, CocoFilterRequest>> requests;

    /** Returns once the broker has the request. */
    public void publish(CocoFilterRequest request) throws Exception {
        requests.send(Record.of(request.getCorrelationId(), request)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
