package io.framewise.common.quarkus;

import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.StoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Gives every service one {@link ObjectStore} client built from {@link StoreConfig}. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(StoreConfig config) {
        return ObjectStore.connect(new StoreSettings(config.endpoint(), config.accessKey(), config.secretKey(), config.region()));
    }
}
