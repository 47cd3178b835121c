package io.framewise.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.store.Buckets;
import io.framewise.common.store.InvalidObjectKeyException;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.localstack.testing.LocalStackExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class ObjectStoreStreamingTest {

    /** 40 MB of deterministic bytes, produced on the fly: never held in memory whole. */
    private static InputStream generated(long size) {
        return new InputStream() {
            private final Random random = new Random(42);
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void aLargeObjectOfUnknownLengthStreamsUpAndDownInParts(ObjectStore store, @TempDir Path tmp) throws Exception {
        long size = 40L * 1024 * 1024;
        String expected = sha256(generated(size));
        store.put(Buckets.INPUTS, "big/blob.bin", generated(size), -1, "application/octet-stream");

        assertThat(store.stat(Buckets.INPUTS, "big/blob.bin").orElseThrow().size()).isEqualTo(size);
        try (InputStream in = store.open(Buckets.INPUTS, "big/blob.bin")) {
            assertThat(sha256(in)).isEqualTo(expected);
        }
        Path file = store.download(Buckets.INPUTS, "big/blob.bin", tmp.resolve("blob.bin"));
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(sha256(Files.newInputStream(file))).isEqualTo(expected);
        assertThat(store.list(Buckets.INPUTS, "big/")).extracting(o -> o.key()).contains("big/blob.bin");
    }

    @Test
    void aMissingObjectIsReportedByName(ObjectStore store, @TempDir Path tmp) {
        assertThat(store.stat(Buckets.INPUTS, "nope/missing.json")).isEmpty();
        assertThatThrownBy(() -> store.open(Buckets.INPUTS, "nope/missing.json"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("no object inputs/nope/missing.json in the store");
        assertThatThrownBy(() -> store.download(Buckets.INPUTS, "nope/missing.json", tmp.resolve("m.json")))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(tmp.resolve("m.json")).doesNotExist();
        assertThat(tmp.resolve("m.json.part")).doesNotExist();
    }

    @Test
    void unsafeKeysAreRefusedBeforeReachingTheStore(ObjectStore store) {
        assertThatThrownBy(() -> store.put(Buckets.INPUTS, "../x", new byte[] {1}, null))
                .isInstanceOf(InvalidObjectKeyException.class).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> store.open(Buckets.INPUTS, "/abs"))
                .isInstanceOf(InvalidObjectKeyException.class).hasMessageContaining("absolute");
    }
}
