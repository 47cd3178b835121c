package io.framewise.common.quarkus;

import io.framewise.common.failures.JobFailures;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.quarkus.arc.Unremovable;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Publishes {@link JobFailed} events on {@code jobs.failed}, keyed by the request's correlation id. */
@ApplicationScoped
@Unremovable
public class FailureReporter {

    private static final Logger LOG = Logger.getLogger(FailureReporter.class);

    @Inject
    @Channel("jobs-failed")
    Emitter<Record<String, JobFailed>> emitter;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** Reports the failure and waits until the broker has it, so the user is sure to learn of it. */
    public JobFailed report(String correlationId, String requestType, ObjectRef subject, Throwable error) {
        JobFailed event = JobFailures.of(service, correlationId, requestType, subject, error);
        LOG.warnf("%s %s failed: %s", requestType, correlationId, event.getReason());
        try {
            emitter.send(Record.of(correlationId, event)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the failure of " + correlationId + ": " + e, e);
        }
        return event;
    }
}
