package io.framewise.common.failures;

import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import java.time.Instant;

/** Builds the {@link JobFailed} event that tells a user why their request could not be carried out. */
public final class JobFailures {

    private JobFailures() {
    }

    public static JobFailed of(String service, String correlationId, String requestType, ObjectRef subject, Throwable error) {
        return JobFailed.newBuilder()
                .setCorrelationId(correlationId)
                .setFailedAt(Instant.now())
                .setService(service)
                .setRequestType(requestType)
                .setSubject(subject)
                .setReason(reason(error))
                .setDetail(error.getClass().getName())
                .build();
    }

    /** The user-facing sentence: the exception's message, or its type when it has none. */
    public static String reason(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
