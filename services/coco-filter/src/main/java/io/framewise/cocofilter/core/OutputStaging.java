package io.framewise.cocofilter.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Results are written under a temporary name beside their target and renamed into place only when complete,
 * so a failed or killed run never leaves a truncated JSON (or half the masks) that looks like a result. Beside
 * the target, because a rename is atomic only within one file system.
 */
final class OutputStaging {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OutputStaging() {
    }

    static Path fileBeside(Path target) throws IOException {
        return stage(target, Files::createFile);
    }

    static Path directoryBeside(Path target) throws IOException {
        return stage(target, Files::createDirectory);
    }

    private interface Creation {
        Path create(Path path, FileAttribute<?>... attributes) throws IOException;
    }

    /**
     * Creates ".NAME.RANDOM.partial" beside the target. Not Files.createTempFile: its owner-only permissions
     * would be renamed onto the result, which the services reading it need to open.
     */
    private static Path stage(Path target, Creation creation) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        while (true) {
            String name = "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".partial";
            try {
                return creation.create(parent.resolve(name));
            } catch (FileAlreadyExistsException taken) {
                // another run staged under the same name: draw again
            }
        }
    }

    /** Flushes the staged file to disk, then renames it over the target in one step. */
    static void publishFile(Path staged, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Renames the staged folder to the target when the target does not exist; otherwise moves each file in,
     * replacing files of the same name (files of an earlier run with other names stay).
     */
    static void publishDirectory(Path staged, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(staged)) {
            files = listing.toList();
        }
        for (Path file : files) {
            Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(staged);
    }

    /** Removes a staged file or folder after a failure; a failure to clean up must not hide the first one. */
    static void discard(Path staged, Exception cause) {
        if (staged == null || !Files.exists(staged)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staged)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("no folder to stage " + target + " in");
        }
        return parent;
    }
}
