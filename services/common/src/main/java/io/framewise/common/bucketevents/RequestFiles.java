package io.framewise.common.bucketevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Request files, as every service takes them: a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json})
 * file dropped under the service's prefix of the {@code requests} bucket, arriving as a bucket event. Its
 * correlation id is the file's name plus a hash of its key and eTag, so a redelivered bucket event repeats
 * the same request while an edited file is a new one.
 */
public final class RequestFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RequestFiles() {
    }

    /** A created object under {@code prefix} of the requests bucket, with a request file's extension. */
    public static boolean isRequestFile(BucketEvent event, String prefix) {
        return event.isCreated() && Buckets.REQUESTS.equals(event.bucket()) && event.key().startsWith(prefix)
                && format(event.key()) != null;
    }

    /**
     * The file's content; an {@link IllegalArgumentException} naming the line and column when it does not
     * parse, or when it is larger than {@code maxBytes} (a request file is a few lines).
     */
    public static JsonNode read(ObjectStore store, BucketEvent event, long maxBytes) throws IOException {
        long size = store.stat(event.bucket(), event.key()).orElseThrow(() -> new IOException("the file is gone")).size();
        if (size > maxBytes) {
            throw new IllegalArgumentException("it has " + size + " bytes; a request file is at most " + maxBytes);
        }
        ObjectMapper format = format(event.key());
        try {
            return format.readTree(store.readAllBytes(event.bucket(), event.key()));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("not valid " + (format == YAML ? "YAML" : "JSON")
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code <file name without extension>-<12 hex digits of SHA-256(key, eTag)>}, e.g. {@code person-ball-3f9a2c1d07be}. */
    public static String correlationId(String key, String eTag) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]+", "-");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((key + "\n" + eTag).getBytes(StandardCharsets.UTF_8));
            return stem + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ObjectMapper format(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        return lower.endsWith(".json") ? JSON : null;
    }
}
