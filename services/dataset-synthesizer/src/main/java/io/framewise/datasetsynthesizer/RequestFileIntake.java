package io.framewise.datasetsynthesizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.SynthesisRequest;
import io.framewise.events.ObjectRef;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Request files: a YAML or JSON file dropped under {@code requests/dataset-synthesizer/} (e.g.
 * {@code requests/dataset-synthesizer/skater.yaml}, fields as in {@link SynthesisRequestForm}) becomes a synthesis
 * request on {@code synthesis.requests}. Its correlation id is the file's name plus a hash of its key and
 * eTag, so a redelivered bucket event repeats the same request (which the service then recognises as done)
 * while an edited file is a new one. A file that cannot be read as a request gives a {@code jobs.failed}
 * event naming the file; every other bucket event is ignored.
 */
@ApplicationScoped
public class RequestFileIntake {

    private static final Logger LOG = Logger.getLogger(RequestFileIntake.class);
    static final String REQUEST_TYPE = "request-file";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    ObjectStore store;

    @Inject
    SynthesizerConfig config;

    @Inject
    SynthesisRequestTopic requests;

    @Inject
    FailureReporter failures;

    @Incoming("bucket-events")
    @Blocking
    public void onBucketEvent(byte[] message) throws Exception {
        for (BucketEvent event : BucketEventJson.read(message)) {
            if (isRequestFile(event)) {
                submit(event);
            } else {
                LOG.debugf("ignoring %s %s", event.eventName(), event.messageKey());
            }
        }
    }

    boolean isRequestFile(BucketEvent event) {
        return event.isCreated() && Buckets.REQUESTS.equals(event.bucket())
                && event.key().startsWith(config.requestFilesPrefix()) && format(event.key()) != null;
    }

    private void submit(BucketEvent event) throws Exception {
        String id = correlationId(event.key(), event.eTag());
        ObjectRef file = new ObjectRef(event.bucket(), event.key());
        SynthesisRequest request;
        try {
            request = SynthesisRequestForm.read(read(event), id, Instant.now());
        } catch (IOException | RuntimeException e) {
            failures.report(id, REQUEST_TYPE, file, new IllegalArgumentException(
                    "request file " + SynthesisRequestForm.name(file) + ": " + e.getMessage(), e));
            return;
        }
        requests.publish(request);
        LOG.infof("request file %s is request %s", SynthesisRequestForm.name(file), id);
    }

    private JsonNode read(BucketEvent event) throws IOException {
        long size = store.stat(event.bucket(), event.key())
                .orElseThrow(() -> new IOException("the file is gone")).size();
        if (size > config.maxRequestFileBytes()) {
            throw new IllegalArgumentException("it has " + size + " bytes; a request file is at most "
                    + config.maxRequestFileBytes());
        }
        byte[] bytes = store.readAllBytes(event.bucket(), event.key());
        try {
            return format(event.key()).readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("not valid " + (format(event.key()) == YAML ? "YAML" : "JSON")
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper format(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        return lower.endsWith(".json") ? JSON : null;
    }

    /** {@code <file name without extension>-<12 hex digits of SHA-256(key, eTag)>}, e.g. {@code skater-3f9a2c1d07be}. */
    static String correlationId(String key, String eTag) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]+", "-");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((key + "\n" + eTag).getBytes(StandardCharsets.UTF_8));
            return stem + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
