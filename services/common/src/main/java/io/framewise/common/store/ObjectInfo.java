package io.framewise.common.store;

import java.time.Instant;

/** What the store says about one object. */
public record ObjectInfo(String bucket, String key, long size, String etag, Instant lastModified) {
}
