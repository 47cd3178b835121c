package io.framewise.datasetsynthesizer;

import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.bucketevents.RequestFiles;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.SynthesisRequest;
import io.framewise.events.ObjectRef;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
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
            if (RequestFiles.isRequestFile(event, config.requestFilesPrefix())) {
                submit(event);
            } else {
                LOG.debugf("ignoring %s %s", event.eventName(), event.messageKey());
            }
        }
    }

    private void submit(BucketEvent event) throws Exception {
        String id = RequestFiles.correlationId(event.key(), event.eTag());
        ObjectRef file = new ObjectRef(event.bucket(), event.key());
        SynthesisRequest request;
        try {
            request = SynthesisRequestForm.read(RequestFiles.read(store, event, config.maxRequestFileBytes()), id, Instant.now());
        } catch (IOException | RuntimeException e) {
            failures.report(id, REQUEST_TYPE, file, new IllegalArgumentException(
                    "request file " + SynthesisRequestForm.name(file) + ": " + e.getMessage(), e));
            return;
        }
        requests.publish(request);
        LOG.infof("request file %s is request %s", SynthesisRequestForm.name(file), id);
    }
}
