package io.framewise.trainer.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run's folder lives: {@code run.json}, {@code metrics.csv}, {@code checkpoints/iter-NNNNNNNN/} and
 * {@code bboxes/iter-NNNNNNNN.jpg}. Locally a directory; in the service, {@code runs/<run id>/} in the store.
 */
public interface RunStorage {

    /** Saves a file of the run folder under {@code name} (a relative path). */
    void save(String name, Path file) throws IOException;

    /** Saves a finished checkpoint folder; returns where it now is (a path or an object key). */
    String saveCheckpoint(String name, Path folder) throws IOException;

    /** Brings a file of the run folder to {@code target}, if it is there. */
    boolean fetch(String name, Path target) throws IOException;

    /** Brings the newest checkpoint into {@code into}, if the run has one. */
    Optional<Path> latestCheckpoint(Path into) throws IOException;

    /** The checkpoint folder name for an iteration; names sort in iteration order. */
    static String checkpointName(long iteration) {
        return String.format("iter-%08d", iteration);
    }

    /** A run folder on the local disk. */
    static RunStorage directory(Path root) {
        return new RunStorage() {
            @Override
            public void save(String name, Path file) throws IOException {
                Path target = root.resolve(name);
                if (!target.equals(file)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }

            @Override
            public boolean fetch(String name, Path target) throws IOException {
                Path source = root.resolve(name);
                if (!Files.exists(source)) {
                    return false;
                }
                if (!source.equals(target)) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            }

            @Override
            public String saveCheckpoint(String name, Path folder) throws IOException {
                Path target = root.resolve("checkpoints").resolve(name);
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.writeString(target.resolve(TrainingRun.COMPLETE_MARKER), name);
                return target.toString();
            }

            @Override
            public Optional<Path> latestCheckpoint(Path into) throws IOException {
                Path dir = root.resolve("checkpoints");
                if (!Files.isDirectory(dir)) {
                    return Optional.empty();
                }
                try (Stream<Path> all = Files.list(dir)) {
                    return all.filter(p -> Files.exists(p.resolve(TrainingRun.COMPLETE_MARKER)))
                            .max(Comparator.comparing(p -> p.getFileName().toString()));
                }
            }
        };
    }
}
