package io.framewise.common.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.events.ObjectRef;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The fields every request form shares (REST bodies and request files): objects in the store and unknown
 * fields. An object is either one string {@code "bucket/key"} whose first segment is a pipeline bucket, or
 * {@code {"bucket": ..., "key": ...}} where the bucket may be left out. Every problem is an
 * {@link IllegalArgumentException} naming the field.
 */
public final class RequestFields {

    private static final List<String> REF_FIELDS = List.of("bucket", "key");

    private RequestFields() {
    }

    /** {@code bucket/key}, for messages. */
    public static String name(ObjectRef ref) {
        return ref.getBucket() + "/" + ref.getKey();
    }

    /**
     * An object (a key; or, ending in '/', a prefix), or null when the field is absent and not required.
     */
    public static ObjectRef object(JsonNode form, String field, String defaultBucket, boolean required) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is required: \"bucket/key\" or {\"bucket\": ..., \"key\": ...}");
            }
            return null;
        }
        ObjectRef ref = parse(node, field, defaultBucket);
        String key = ref.getKey();
        return new ObjectRef(ref.getBucket(), validated(field, key, key.isEmpty() || key.endsWith("/")));
    }

    /** A required object key (not a prefix). */
    public static ObjectRef key(JsonNode form, String field, String defaultBucket) {
        ObjectRef ref = object(form, field, defaultBucket, true);
        if (ref.getKey().isEmpty() || ref.getKey().endsWith("/")) {
            throw new IllegalArgumentException("'" + field + "' names an object, not a folder: " + name(ref));
        }
        return ref;
    }

    /** A prefix (possibly the whole bucket, an empty key), or null when absent. */
    public static ObjectRef prefix(JsonNode form, String field, String defaultBucket) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        ObjectRef ref = parse(node, field, defaultBucket);
        return new ObjectRef(ref.getBucket(), validated(field, ref.getKey(), true));
    }

    /** Refuses results that would land in a bucket whose new objects start jobs. */
    public static ObjectRef writable(ObjectRef ref, String field) {
        if (Buckets.WATCHED.contains(ref.getBucket())) {
            throw new IllegalArgumentException("'" + field + "' cannot be in the " + ref.getBucket()
                    + " bucket: new objects there start jobs; use " + Buckets.DATASETS);
        }
        return ref;
    }

    /** A misspelt option is an error rather than silently ignored. */
    public static void refuseUnknownFields(JsonNode node, Collection<String> known, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(what + " has no field '" + name + "'; its fields are " + known);
            }
        }
    }

    private static ObjectRef parse(JsonNode node, String field, String defaultBucket) {
        if (node.isTextual()) {
            String text = node.asText();
            int slash = text.indexOf('/');
            String bucket = slash < 0 ? text : text.substring(0, slash);
            if (!Buckets.ALL.contains(bucket)) {
                throw new IllegalArgumentException("'" + field + "': \"" + text + "\" does not start with a bucket "
                        + Buckets.ALL + "; write \"" + defaultBucket + "/" + text + "\" or {\"bucket\": ..., \"key\": ...}");
            }
            return new ObjectRef(bucket, slash < 0 ? "" : text.substring(slash + 1));
        }
        if (node.isObject()) {
            refuseUnknownFields(node, REF_FIELDS, "'" + field + "'");
            String bucket = node.hasNonNull("bucket") ? node.get("bucket").asText() : defaultBucket;
            if (!Buckets.ALL.contains(bucket)) {
                throw new IllegalArgumentException("'" + field + "': unknown bucket '" + bucket + "'; buckets: " + Buckets.ALL);
            }
            return new ObjectRef(bucket, node.hasNonNull("key") ? node.get("key").asText() : "");
        }
        throw new IllegalArgumentException("'" + field + "' is \"bucket/key\" or {\"bucket\": ..., \"key\": ...}, not " + node);
    }

    private static String validated(String field, String key, boolean prefix) {
        try {
            return prefix ? ObjectKeys.requireValidPrefix(key) : ObjectKeys.requireValidKey(key);
        } catch (InvalidObjectKeyException e) {
            throw new InvalidObjectKeyException("'" + field + "': " + e.getMessage());
        }
    }
}
