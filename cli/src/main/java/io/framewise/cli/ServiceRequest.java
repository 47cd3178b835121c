package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.events.JobFailed;
import io.framewise.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What every command that asks a service for work does: POST the request; without {@code --wait} print the
 * service's answer; with it, follow the events about the request (listening before sending, so none is
 * missed) until one ends it, a {@code jobs.failed} event about it (exit 1, its reason on stderr), or the
 * timeout.
 */
final class ServiceRequest {

    /** How a command follows its request: which events are about it, and what they mean. */
    interface Follower {
        boolean isAbout(SpecificRecord event);

        /** An exit code to end with, or null to go on waiting. */
        Integer onEvent(SpecificRecord event, double seconds);

        /** Between polls: progress from the service's metrics, say. */
        default void onIdle(double seconds) {
        }

        /** Before the command ends, however it ends (a progress bar ends its line). */
        default void finish() {
        }
    }

    /** A follower of a request the service answered with its {@code correlationId}: the events that carry it. */
    abstract static class AboutRequest implements Follower {
        final String id;

        AboutRequest(JsonNode accepted) {
            this.id = accepted.path("correlationId").asText();
        }

        @Override
        public boolean isAbout(SpecificRecord event) {
            return EventWaiter.isAbout(event, id);
        }
    }

    /** Puts {@code value} into a request body unless it is null (the service's default then applies). */
    static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    /** Makes the follower from the service's answer to the request. */
    interface Start {
        Follower follow(JsonNode accepted) throws Exception;
    }

    private ServiceRequest() {
    }

    /**
     * @param what names the job in messages ("extraction", "training")
     * @param alreadyDone the answer's flag that the result exists already (its {@code result} is then printed), or null
     */
    static int send(ServiceClient service, String path, Object body, WaitOptions wait, StackConnection connection,
            List<Topic> topics, String what, String alreadyDone, Start start) throws Exception {
        if (!wait.await) {
            System.out.println(service.post(path, body));
            return 0;
        }
        List<Topic> all = new ArrayList<>(topics);
        all.add(Topic.JOBS_FAILED);
        try (EventWaiter waiter = new EventWaiter(connection.bootstrapServers(), all)) {
            service.ready();
            long started = System.nanoTime();
            JsonNode accepted = service.post(path, body);
            if (alreadyDone != null && accepted.path(alreadyDone).asBoolean(false)) {
                System.out.println(accepted.path("result"));
                return 0;
            }
            return await(waiter, start.follow(accepted), what, started, wait);
        }
    }

    /** Follows events already about something under way (no request sent), until one ends the wait. */
    static int follow(StackConnection connection, List<Topic> topics, String what, Follower follower, WaitOptions wait) {
        List<Topic> all = new ArrayList<>(topics);
        all.add(Topic.JOBS_FAILED);
        try (EventWaiter waiter = new EventWaiter(connection.bootstrapServers(), all)) {
            return await(waiter, follower, what, System.nanoTime(), wait);
        }
    }

    private static int await(EventWaiter waiter, Follower follower, String what, long started, WaitOptions wait) {
        try {
            long deadline = wait.deadline(started);
            while (System.nanoTime() < deadline) {
                for (SpecificRecord event : waiter.pollAll(Duration.ofMillis(300), follower::isAbout)) {
                    if (event instanceof JobFailed failed) {
                        follower.finish();
                        System.err.println(what + " failed: " + failed.getReason());
                        return 1;
                    }
                    Integer exit = follower.onEvent(event, seconds(started));
                    if (exit != null) {
                        follower.finish();
                        return exit;
                    }
                }
                follower.onIdle(seconds(started));
            }
        } finally {
            follower.finish();
        }
        System.err.println("no result within " + wait.timeoutSeconds + " s");
        return 1;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
