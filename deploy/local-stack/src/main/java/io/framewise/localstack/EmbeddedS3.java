package io.framewise.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 API server in this JVM: s3proxy with its filesystem backend under a data folder, checking
 * AWS signatures (V2 or V4) against one access key. Objects survive a restart on the same folder.
 */
public final class EmbeddedS3 implements AutoCloseable {

    static {
        // s3proxy logs every request at INFO; the stack's own log says what matters.
        Logging.quiet("org.gaul");
    }

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts the server on {@code port} (0 = any free port) storing objects under {@code dataDir}. */
    public static EmbeddedS3 start(Path dataDir, int port, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(dataDir);
        BlobStore blobStore = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        return new EmbeddedS3(proxy, blobStore, accessKey, secretKey);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobStore.close();
    }
}
