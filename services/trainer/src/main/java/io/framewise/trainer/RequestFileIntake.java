package io.framewise.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ObjectRef;
import io.framewise.events.TrainingRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Request files: a YAML or JSON file dropped under {@code requests/trainer/} (fields as in
 * {@link TrainingRequestForm}) becomes a training request. Without a {@code runId} in the file, the run id is
 * the file's name plus a hash of its key and eTag, so a redelivered bucket event names the same run (which
 * then resumes or is recognised as ended) while an edited file starts a new one. A file that is not a valid
 * request gives a {@code jobs.failed} event naming the file.
 */
@ApplicationScoped
public class RequestFileIntake {

    private static final Logger LOG = Logger.getLogger(RequestFileIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    ObjectStore store;

    @Inject
    TrainerConfig config;

    @Inject
    RunEvents events;

    @Inject
    FailureReporter failures;

    @Incoming("bucket-events")
    @Blocking
    public void onBucketEvent(byte[] message) throws Exception {
        for (BucketEvent event : BucketEventJson.read(message)) {
            if (event.isCreated() && Buckets.REQUESTS.equals(event.bucket())
                    && event.key().startsWith(config.requestFilesPrefix()) && format(event.key()) != null) {
                submit(event);
            }
        }
    }

    private void submit(BucketEvent event) throws Exception {
        String id = requestFileRunId(event.key(), event.eTag());
        ObjectRef file = new ObjectRef(event.bucket(), event.key());
        TrainingRequest request;
        try {
            JsonNode form = read(event);
            if (form instanceof ObjectNode o && !o.has("runId")) {
                o.put("runId", id);
            }
            request = TrainingRequestForm.read(form, Instant.now());
            TrainingJob.validate(request);
        } catch (IOException | RuntimeException e) {
            failures.report(id, "request-file", file, new IllegalArgumentException(
                    "request file " + event.bucket() + "/" + event.key() + ": " + e.getMessage(), e));
            return;
        }
        events.request(request);
        LOG.infof("request file %s/%s is run %s", event.bucket(), event.key(), request.getCorrelationId());
    }

    private JsonNode read(BucketEvent event) throws IOException {
        long size = store.stat(event.bucket(), event.key()).orElseThrow(() -> new IOException("the file is gone")).size();
        if (size > config.maxRequestFileBytes()) {
            throw new IllegalArgumentException("it has " + size + " bytes; a request file is at most "
                    + config.maxRequestFileBytes());
        }
        try {
            return format(event.key()).readTree(store.readAllBytes(event.bucket(), event.key()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid " + (format(event.key()) == YAML ? "YAML" : "JSON") + ": "
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

    static String requestFileRunId(String key, String eTag) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]+", "-");
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((key + "\n" + eTag).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return stem + "-" + java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
