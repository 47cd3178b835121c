package io.framewise.common.store;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The object store (MinIO in production, s3proxy locally), through the MinIO Java client. Objects are
 * streamed both ways in parts, so an object of any size passes through bounded memory. Every key is
 * checked by {@link ObjectKeys} first.
 */
public final class ObjectStore {

    /** Part size for uploads of unknown length; bounds the memory one upload uses. */
    static final long PART_SIZE = 16L * 1024 * 1024;
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final SignedPut signedPut;
    private final String endpoint;

    private ObjectStore(MinioClient client, SignedPut signedPut, String endpoint) {
        this.client = client;
        this.signedPut = signedPut;
        this.endpoint = endpoint;
    }

    public static ObjectStore connect(StoreSettings settings) {
        OkHttpClient http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher())
                .build();
        MinioClient.Builder builder = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .httpClient(http, true);
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(settings.region());
        }
        return new ObjectStore(builder.build(), new SignedPut(settings), settings.endpoint());
    }

    /**
     * The MinIO client runs every call through OkHttp's asynchronous dispatcher, which by default lets only 5 requests
     * to one host run at once: too few for a service uploading frames from a dozen threads.
     */
    private static okhttp3.Dispatcher dispatcher() {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(64);
        dispatcher.setMaxRequestsPerHost(32);
        return dispatcher;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Creates each bucket that does not exist yet. */
    public void ensureBuckets(Collection<String> buckets) {
        for (String bucket : buckets) {
            call("create bucket " + bucket, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    } catch (ErrorResponseException e) {
                        // Another process may have created it in between.
                        if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                                && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                            throw e;
                        }
                    }
                }
                return null;
            });
        }
    }

    public boolean bucketExists(String bucket) {
        return call("look up bucket " + bucket, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    /** Uploads a stream of known ({@code size >= 0}) or unknown ({@code -1}) length, in parts. */
    public ObjectInfo put(String bucket, String key, InputStream data, long size, String contentType) {
        ObjectKeys.requireValidKey(key);
        return call("upload " + bucket + "/" + key, () -> {
            // CRC32 rather than the client's default CRC32C: the JDK's CRC32 is an intrinsic, MinIO's CRC32C a
            // byte-at-a-time loop in Java that cost a third of the client's CPU per frame upload.
            PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(data, size, size >= 0 && size < PART_SIZE ? null : PART_SIZE)
                    .checksum(io.minio.Checksum.Algorithm.CRC32);
            if (contentType != null) {
                args.contentType(contentType);
            }
            var response = client.putObject(args.build());
            return new ObjectInfo(bucket, key, size, stripQuotes(response.etag()), null);
        });
    }

    public ObjectInfo put(String bucket, String key, Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            return put(bucket, key, in, Files.size(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Uploads an object held in memory; below the part size with one lean signed PUT ({@link SignedPut}). */
    public ObjectInfo put(String bucket, String key, byte[] data, String contentType) {
        if (data.length >= PART_SIZE) {
            return put(bucket, key, new java.io.ByteArrayInputStream(data), data.length, contentType);
        }
        ObjectKeys.requireValidKey(key);
        try {
            return new ObjectInfo(bucket, key, data.length, signedPut.put(bucket, key, data, contentType), null);
        } catch (SignedPut.S3Error e) {
            throw new StoreException("cannot upload " + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot upload " + bucket + "/" + key + ": " + e, e);
        }
    }

    /** Opens the object for streaming; the caller closes the stream. */
    public InputStream open(String bucket, String key) {
        ObjectKeys.requireValidKey(key);
        return call("download " + bucket + "/" + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()),
                bucket, key);
    }

    public byte[] readAllBytes(String bucket, String key) {
        try (InputStream in = open(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StoreException("cannot read " + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Streams the object into {@code target}, atomically: a failed download leaves no file there. */
    public Path download(String bucket, String key, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = open(bucket, key)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw new StoreException("cannot download " + bucket + "/" + key + " to " + target + ": " + e.getMessage(), e);
        }
    }

    public Optional<ObjectInfo> stat(String bucket, String key) {
        ObjectKeys.requireValidKey(key);
        try {
            StatObjectResponse stat = call("stat " + bucket + "/" + key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()), bucket, key);
            return Optional.of(new ObjectInfo(bucket, key, stat.size(), stripQuotes(stat.etag()),
                    stat.lastModified() == null ? null : stat.lastModified().toInstant()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public boolean exists(String bucket, String key) {
        return stat(bucket, key).isPresent();
    }

    /** Every object under the prefix (recursively), in key order, fetched page by page as the stream is read. */
    public Stream<ObjectInfo> list(String bucket, String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(prefix).recursive(true).build());
        Iterator<Result<Item>> it = results.iterator();
        Iterator<ObjectInfo> infos = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call("list " + bucket + "/" + prefix, it::hasNext);
            }

            @Override
            public ObjectInfo next() {
                Item item = call("list " + bucket + "/" + prefix, () -> it.next().get());
                return new ObjectInfo(bucket, item.objectName(), item.size(), stripQuotes(item.etag()),
                        item.lastModified() == null ? null : item.lastModified().toInstant());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(infos, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .filter(info -> !info.key().endsWith("/"));
    }

    public void delete(String bucket, String key) {
        ObjectKeys.requireValidKey(key);
        call("delete " + bucket + "/" + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    public void copy(String fromBucket, String fromKey, String toBucket, String toKey) {
        ObjectKeys.requireValidKey(fromKey);
        ObjectKeys.requireValidKey(toKey);
        call("copy " + fromBucket + "/" + fromKey, () -> client.copyObject(CopyObjectArgs.builder().bucket(toBucket).object(toKey)
                .source(SourceObject.builder().bucket(fromBucket).object(fromKey).build()).build()), fromBucket, fromKey);
    }

    private interface StoreCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, StoreCall<T> call) {
        return call(what, call, null, null);
    }

    private static <T> T call(String what, StoreCall<T> call, String bucket, String key) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            if (key != null && NOT_FOUND.contains(e.errorResponse().code())) {
                throw new ObjectNotFoundException(bucket, key);
            }
            throw new StoreException("cannot " + what + ": " + e.errorResponse().code() + " " + e.errorResponse().message(), e);
        } catch (StoreException | InvalidObjectKeyException e) {
            throw e;
        } catch (MinioException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot " + what + ": " + cause, e);
        } catch (Exception e) {
            throw new StoreException("cannot " + what + ": " + e, e);
        }
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
