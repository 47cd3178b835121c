package io.framewise.trainer.store;

import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ObjectRef;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.TaskSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A dataset in the store: its index object and the prefix its images' names are relative to. Images are
 * downloaded once into a local disk cache ({@code <cache>/<bucket>/<key>}) and decoded from there, so the
 * second epoch reads no network and a restarted trainer on the same node reads none at all.
 */
public final class StoreData implements TaskSetup.Data {

    private final ObjectStore store;
    private final ObjectRef index;
    private final String imagesBucket;
    private final String imagesPrefix;
    private final Path cache;

    public StoreData(ObjectStore store, ObjectRef index, ObjectRef images, Path cache) {
        this.store = store;
        this.index = index;
        if (images != null) {
            this.imagesBucket = images.getBucket();
            this.imagesPrefix = images.getKey().isEmpty() || images.getKey().endsWith("/") ? images.getKey()
                    : images.getKey() + "/";
        } else if (index.getKey().endsWith("/")) {
            this.imagesBucket = index.getBucket();
            this.imagesPrefix = index.getKey();
        } else {
            this.imagesBucket = index.getBucket();
            int slash = index.getKey().lastIndexOf('/');
            this.imagesPrefix = slash < 0 ? "" : index.getKey().substring(0, slash + 1);
        }
        this.cache = cache;
    }

    @Override
    public String name() {
        return index.getBucket() + "/" + index.getKey();
    }

    /**
     * The index object; for an index that is a prefix (a frames dataset, {@code datasets/frames/<dataset>/}),
     * every {@code manifest.csv} below it, one after the other (their paths are all relative to the dataset).
     */
    @Override
    public InputStream openIndex() throws IOException {
        if (!index.getKey().endsWith("/")) {
            return store.open(index.getBucket(), index.getKey());
        }
        java.util.List<String> manifests;
        try (java.util.stream.Stream<io.framewise.common.store.ObjectInfo> all = store.list(index.getBucket(), index.getKey())) {
            manifests = all.map(io.framewise.common.store.ObjectInfo::key).filter(k -> k.endsWith("/manifest.csv")
                    || k.equals(index.getKey() + "manifest.csv")).sorted().toList();
        }
        if (manifests.isEmpty()) {
            throw new java.nio.file.NoSuchFileException("no manifest.csv under " + name());
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String key : manifests) {
            all.write(store.readAllBytes(index.getBucket(), key));
            all.write('\n');
        }
        return new java.io.ByteArrayInputStream(all.toByteArray());
    }

    @Override
    public ImageSource images() {
        return fileName -> ImageSource.decode(Files.newInputStream(cached(fileName)), imagesBucket + "/" + imagesPrefix
                + fileName);
    }

    private Path cached(String fileName) throws IOException {
        String key = imagesPrefix + fileName;
        Path local = cache.resolve(imagesBucket).resolve(key).normalize();
        if (!local.startsWith(cache)) {
            throw new NoSuchFileException(key + " leaves the cache folder");
        }
        if (Files.exists(local)) {
            return local;
        }
        Files.createDirectories(local.getParent());
        Path partial = Files.createTempFile(local.getParent(), local.getFileName().toString(), ".part");
        try (InputStream in = store.open(imagesBucket, key)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (ObjectNotFoundException e) {
            throw new NoSuchFileException(imagesBucket + "/" + key + " is not in the store");
        } finally {
            Files.deleteIfExists(partial);
        }
        return local;
    }
}
