package io.framewise.localstack.testing;

import io.framewise.common.work.WorkFolder;
import io.framewise.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded stack per test JVM, on free loopback ports and a temporary folder, started on first use
 * and stopped when the JVM exits. Tests that need a stack of their own (to restart it, say) start one
 * with {@link LocalStack#start}.
 */
public final class SharedTestStack {

    private static LocalStack stack;

    private SharedTestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("framewise-test-stack");
                stack = LocalStack.start(LocalStack.Settings.ephemeral(dir));
                LocalStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                    deleteRecursively(dir);
                }, "framewise-test-stack-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded test stack: " + e, e);
            }
        }
        return stack;
    }

    public static void deleteRecursively(Path dir) {
        WorkFolder.delete(dir);
    }
}
