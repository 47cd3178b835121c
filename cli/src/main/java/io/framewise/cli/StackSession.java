package io.framewise.cli;

import io.framewise.localstack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The embedded stack plus the services started against it, stopped together. */
final class StackSession implements AutoCloseable {

    private final LocalStack stack;
    private final ServiceProcesses processes = new ServiceProcesses();

    private StackSession(LocalStack stack) {
        this.stack = stack;
    }

    /** Starts the stack, then each named service, and waits until every one reports ready. */
    static StackSession start(LocalStack.Settings settings, List<String> services) throws Exception {
        StackSession session = new StackSession(LocalStack.start(settings));
        try {
            for (String name : services) {
                session.launch(name);
            }
            if (!services.isEmpty()) {
                session.processes.awaitReady(Duration.ofMinutes(3));
            }
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    LocalStack stack() {
        return stack;
    }

    /** Kills a service with SIGKILL, as a crash would. */
    void kill(String service) throws InterruptedException {
        processes.kill(service);
    }

    /** Starts a service (again) and waits until it is ready. */
    void start(String service) throws Exception {
        launch(service);
        processes.awaitReady(Duration.ofMinutes(3));
    }

    /** Starts a service's process against this stack, its log in the stack's logs/ folder. */
    private void launch(String service) throws java.io.IOException {
        Path home = Path.of(System.getProperty("framewise.home", "."));
        processes.start(home, service, stack.serviceEnvironment(), stack.settings().dataDir().resolve("logs"));
    }

    @Override
    public void close() {
        processes.close();
        try {
            stack.close();
        } catch (Exception e) {
            System.err.println("error while stopping the stack: " + e);
        }
    }
}
