package io.framewise.common.quarkus;

import io.smallrye.config.ConfigMapping;

/** {@code framewise.store.*}: where the object store is. */
@ConfigMapping(prefix = "framewise.store")
public interface StoreConfig {
    String endpoint();

    String accessKey();

    String secretKey();

    String region();
}
