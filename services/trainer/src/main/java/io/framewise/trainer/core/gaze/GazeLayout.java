package io.framewise.trainer.core.gaze;

import io.framewise.trainer.core.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a VideoAttentionTarget-layout dataset lives: a local folder ({@link #folder}), or any listing of paths
 * relative to the dataset's root with a way to open them ({@link #listing}; an object-store prefix: list the keys
 * below it, open them with the store, and read {@code images/} through a {@code StoreData}'s cached
 * {@link ImageSource}). Paths are {@code /}-separated and relative to the root.
 */
public interface GazeLayout {

    /** The dataset's short name ({@link GazeDataset#concat} prefixes shows with it). */
    String name();

    /** Every file below {@code folder} (a relative path ending with {@code /}), at any depth, as paths relative to the root. */
    List<String> files(String folder) throws IOException;

    InputStream open(String path) throws IOException;

    /** Reads images by their path below {@code images/}. */
    ImageSource images();

    /** The path as error messages show it. */
    String describe(String path);

    /** A dataset on the local disk; its name is the folder's name. */
    static GazeLayout folder(Path root) {
        Path base = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException(root + " is not a folder");
        }
        ImageSource images = ImageSource.folder(base.resolve("images"));
        return new GazeLayout() {
            @Override
            public String name() {
                return base.getFileName() == null ? "dataset" : base.getFileName().toString();
            }

            @Override
            public List<String> files(String folder) throws IOException {
                Path dir = base.resolve(folder);
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> all = Files.walk(dir)) {
                    return all.filter(Files::isRegularFile)
                            .map(p -> base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                            .sorted().toList();
                }
            }

            @Override
            public InputStream open(String path) throws IOException {
                return Files.newInputStream(base.resolve(path));
            }

            @Override
            public ImageSource images() {
                return key -> {
                    try {
                        return images.read(key);
                    } catch (NoSuchFileException e) {
                        throw new NoSuchFileException(base.resolve("images").resolve(key) + " does not exist");
                    }
                };
            }

            @Override
            public String describe(String path) {
                return base.resolve(path).toString();
            }
        };
    }

    /** Opens a path of a {@link #listing}. */
    @FunctionalInterface
    interface Opener {
        InputStream open(String path) throws IOException;
    }

    /**
     * A dataset known by the paths of its files (relative to its root), e.g. the keys below an object-store prefix
     * with that prefix removed.
     */
    static GazeLayout listing(String name, Collection<String> paths, Opener opener, ImageSource images) {
        List<String> sorted = paths.stream().sorted().distinct().toList();
        return new GazeLayout() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> files(String folder) {
                return sorted.stream().filter(p -> p.startsWith(folder)).toList();
            }

            @Override
            public InputStream open(String path) throws IOException {
                return opener.open(path);
            }

            @Override
            public ImageSource images() {
                return images;
            }

            @Override
            public String describe(String path) {
                return name + "/" + path;
            }
        };
    }
}
