package io.framewise.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout}, shared by the commands that send a request to a service. */
final class WaitOptions {

    @Option(names = "--wait", description = "Wait for the result (progress on stderr, result on stdout); exit 1 if the job fails.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "3600", description = "Seconds to wait at most (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** The moment after which a wait started at {@code startedNanos} gives up. */
    long deadline(long startedNanos) {
        return startedNanos + Duration.ofSeconds(timeoutSeconds).toNanos();
    }
}
