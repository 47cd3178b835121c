package io.framewise.cocofilter;

import io.framewise.events.CocoFilterRequest;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Filter requests from {@code coco-filter.requests}; an undecodable message goes to the dead-letter topic. */
@ApplicationScoped
public class FilterRequestIntake {

    @Inject
    CocoFilterService filters;

    @Incoming("coco-filter-requests")
    @Blocking
    public void onRequest(byte[] message) {
        filters.filter(EventCodec.standard().decode(message, CocoFilterRequest.class));
    }
}
