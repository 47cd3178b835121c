package io.framewise.common.bucketevents;

import java.time.Instant;

/**
 * One object change in a bucket, as MinIO announces it on Kafka (see {@link BucketEventJson} for the wire
 * form). {@code key} is decoded (MinIO URL-encodes it on the wire).
 */
public record BucketEvent(String eventName, String bucket, String key, long size, String eTag,
        String contentType, Instant eventTime, String sequencer) {

    public static final String OBJECT_CREATED_PUT = "s3:ObjectCreated:Put";
    public static final String OBJECT_REMOVED_DELETE = "s3:ObjectRemoved:Delete";

    public boolean isCreated() {
        return eventName.startsWith("s3:ObjectCreated:");
    }

    public boolean isRemoved() {
        return eventName.startsWith("s3:ObjectRemoved:");
    }

    /** The Kafka message key MinIO uses, and so do we: {@code bucket/key}. */
    public String messageKey() {
        return bucket + "/" + key;
    }
}
