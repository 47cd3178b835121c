package io.framewise.cli;

import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectKeys;
import io.framewise.common.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        header = "Upload a local file to the object store.",
        description = {"Upload a local file to the object store, streaming it in parts.",
            "A video under videos/train/<dataset>/ or videos/inference/ starts work by itself.",
            "Example: framewise upload videos train/figure-skating/alina.mp4 ./alina.mp4"})
final class UploadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUCKET", description = "Target bucket, e.g. videos, inputs, requests.")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY", description = "Object key inside the bucket.")
    String key;

    @Parameters(index = "2", paramLabel = "FILE", description = "Local file to upload.")
    Path file;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        ObjectKeys.requireValidKey(key);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        ObjectStore store = ObjectStore.connect(connection.store());
        if (!store.bucketExists(bucket)) {
            throw new IllegalArgumentException("bucket '" + bucket + "' does not exist at " + store.endpoint());
        }
        ObjectInfo info = store.put(bucket, key, file, Files.probeContentType(file));
        System.out.printf("uploaded s3://%s/%s (%d bytes, etag %s)%n", bucket, key, Files.size(file), info.etag());
        return 0;
    }
}
