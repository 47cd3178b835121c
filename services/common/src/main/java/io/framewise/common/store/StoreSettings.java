package io.framewise.common.store;

/** Where the object store is and how to sign in; in services these come from {@code framewise.store.*}. */
public record StoreSettings(String endpoint, String accessKey, String secretKey, String region) {
    public StoreSettings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("no object store endpoint configured (framewise.store.endpoint / FRAMEWISE_STORE_ENDPOINT)");
        }
    }
}
