package io.framewise.common.work;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A local folder for one job's files (a downloaded video, an input JSON), deleted with everything in it
 * when the job ends, whether it succeeded or not.
 */
public final class WorkFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkFolder.class);

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    /** A new folder under {@code base} (the JVM's temp dir when empty), named {@code prefix} plus a random part. */
    public static WorkFolder create(Optional<String> base, String prefix) throws IOException {
        Path parent = Files.createDirectories(Path.of(base.orElse(System.getProperty("java.io.tmpdir"))));
        return new WorkFolder(Files.createTempDirectory(parent, prefix));
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        delete(path);
    }

    /** Deletes a folder and its contents; a failure is logged, not thrown (the job's outcome matters more). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
