package io.framewise.trainer.store;

import io.framewise.common.store.ObjectStore;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run folder in the store: {@code runs/<run id>/}. A checkpoint's files are uploaded first and its
 * {@code _complete} marker last, so a checkpoint without the marker (the trainer died while uploading) is
 * never resumed from.
 */
public final class StoreRunStorage implements RunStorage {

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;

    public StoreRunStorage(ObjectStore store, String bucket, String prefix) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void save(String name, Path file) {
        store.put(bucket, prefix + name, file, contentType(name));
    }

    @Override
    public boolean fetch(String name, Path target) {
        if (!store.exists(bucket, prefix + name)) {
            return false;
        }
        store.download(bucket, prefix + name, target);
        return true;
    }

    @Override
    public String saveCheckpoint(String name, Path folder) throws IOException {
        String key = prefix + "checkpoints/" + name + "/";
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                store.put(bucket, key + f.getFileName(), f, contentType(f.getFileName().toString()));
            }
        }
        store.put(bucket, key + TrainingRun.COMPLETE_MARKER, name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/plain");
        return key;
    }

    @Override
    public Optional<Path> latestCheckpoint(Path into) throws IOException {
        String checkpoints = prefix + "checkpoints/";
        Optional<String> latest;
        try (Stream<io.framewise.common.store.ObjectInfo> all = store.list(bucket, checkpoints)) {
            latest = all.map(o -> o.key())
                    .filter(k -> k.endsWith("/" + TrainingRun.COMPLETE_MARKER))
                    .map(k -> k.substring(0, k.length() - TrainingRun.COMPLETE_MARKER.length()))
                    .max(Comparator.naturalOrder());
        }
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        String name = latest.get().substring(checkpoints.length(), latest.get().length() - 1);
        Path dir = into.resolve("resume-" + name);
        Files.createDirectories(dir);
        try (Stream<io.framewise.common.store.ObjectInfo> files = store.list(bucket, latest.get())) {
            for (io.framewise.common.store.ObjectInfo o : (Iterable<io.framewise.common.store.ObjectInfo>) files::iterator) {
                store.download(bucket, o.key(), dir.resolve(o.key().substring(latest.get().length())));
            }
        }
        return Optional.of(dir);
    }

    private static String contentType(String name) {
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".jpg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }
}
