package io.framewise.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.bucketevents.RequestFiles;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ObjectRef;
import io.framewise.events.TrainingRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
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
            if (RequestFiles.isRequestFile(event, config.requestFilesPrefix())) {
                submit(event);
            }
        }
    }

    private void submit(BucketEvent event) throws Exception {
        String id = RequestFiles.correlationId(event.key(), event.eTag());
        ObjectRef file = new ObjectRef(event.bucket(), event.key());
        TrainingRequest request;
        try {
            JsonNode form = RequestFiles.read(store, event, config.maxRequestFileBytes());
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
}
