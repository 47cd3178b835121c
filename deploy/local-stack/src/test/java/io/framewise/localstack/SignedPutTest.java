package io.framewise.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.StoreException;
import io.framewise.common.store.StoreSettings;
import io.framewise.localstack.testing.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Small in-memory objects go up through ObjectStore's own signed PUT; they must read back exactly through the MinIO client. */
@ExtendWith(LocalStackExtension.class)
class SignedPutTest {

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void objectsWithAnyKeyReadBackByteForByteWithTheirETag(ObjectStore store) throws Exception {
        List<String> keys = List.of("signed/plain.bin", "signed/with space/and+plus.jpg", "signed/ünïcödé/日本.json",
                "signed/odd chars/a=b&c;d,e@f$g'h(i)!*~.txt", "signed/percent%20literal.bin", "signed/empty.bin");
        for (int i = 0; i < keys.size(); i++) {
            byte[] data = keys.get(i).endsWith("empty.bin") ? new byte[0] : bytes(100 + 5000 * i, i);
            ObjectInfo put = store.put(Buckets.INPUTS, keys.get(i), data, "application/octet-stream");
            assertThat(put.etag()).as(keys.get(i)).isEqualTo(md5(data));
            assertThat(store.readAllBytes(Buckets.INPUTS, keys.get(i))).as(keys.get(i)).isEqualTo(data);
            ObjectInfo stat = store.stat(Buckets.INPUTS, keys.get(i)).orElseThrow();
            assertThat(stat.size()).isEqualTo(data.length);
            assertThat(stat.etag()).isEqualTo(put.etag());
        }
        assertThat(store.list(Buckets.INPUTS, "signed/").map(ObjectInfo::key)).containsAll(keys);
    }

    @Test
    void manyThreadsShareThePooledConnections(ObjectStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ObjectInfo>> puts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "signed-many/" + i + ".bin";
                byte[] data = bytes(2000 + i, 1000 + i);
                puts.add(pool.submit(() -> store.put(Buckets.INPUTS, key, data, "image/jpeg")));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(puts.get(i).get().etag()).isEqualTo(md5(bytes(2000 + i, 1000 + i)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(Buckets.INPUTS, "signed-many/").count()).isEqualTo(200);
        assertThat(store.readAllBytes(Buckets.INPUTS, "signed-many/123.bin")).isEqualTo(bytes(2123, 1123));
    }

    @Test
    void theStoresRefusalIsReportedWithItsCodeAndTheClientKeepsWorking(ObjectStore store, LocalStack stack) {
        StoreSettings right = stack.storeSettings();
        ObjectStore wrongSecret = ObjectStore.connect(new StoreSettings(right.endpoint(), right.accessKey(), "not-the-secret", null));
        assertThatThrownBy(() -> wrongSecret.put(Buckets.INPUTS, "signed/refused.bin", new byte[] {1, 2}, null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot upload inputs/signed/refused.bin: SignatureDoesNotMatch");
        assertThatThrownBy(() -> store.put("no-such-bucket", "x.bin", new byte[] {1}, null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot upload no-such-bucket/x.bin: NoSuchBucket");
        assertThat(store.exists(Buckets.INPUTS, "signed/refused.bin")).isFalse();
        // The same pooled connections carry on after the error answers.
        store.put(Buckets.INPUTS, "signed/after-errors.txt", "ok".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(store.readAllBytes(Buckets.INPUTS, "signed/after-errors.txt")).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedWithoutFailingThePut(@TempDir Path dir) throws Exception {
        EmbeddedS3 s3 = EmbeddedS3.start(dir, 0, "restart", "restart-secret");
        int port = Integer.parseInt(s3.endpoint().substring(s3.endpoint().lastIndexOf(':') + 1));
        ObjectStore store = ObjectStore.connect(new StoreSettings(s3.endpoint(), "restart", "restart-secret", null));
        store.ensureBuckets(List.of("restarts"));
        store.put("restarts", "first.bin", bytes(3000, 1), null);
        // The kept-alive connection of that PUT dies with the server; the next PUT finds it closed.
        s3.close();
        s3 = EmbeddedS3.start(dir, port, "restart", "restart-secret");
        try {
            store.put("restarts", "second.bin", bytes(3000, 2), null);
            assertThat(store.readAllBytes("restarts", "first.bin")).isEqualTo(bytes(3000, 1));
            assertThat(store.readAllBytes("restarts", "second.bin")).isEqualTo(bytes(3000, 2));
        } finally {
            s3.close();
        }
    }
}
