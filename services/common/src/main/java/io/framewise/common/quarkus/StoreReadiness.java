package io.framewise.common.quarkus;

import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the object store answers and holds the pipeline's buckets. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final ObjectStore store;

    StoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object-store").withData("endpoint", store.endpoint());
        try {
            for (String bucket : Buckets.ALL) {
                if (!store.bucketExists(bucket)) {
                    return response.down().withData("error", "bucket '" + bucket + "' does not exist").build();
                }
            }
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
