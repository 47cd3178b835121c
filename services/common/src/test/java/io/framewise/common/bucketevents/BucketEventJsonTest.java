package io.framewise.common.bucketevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.schemas.codec.UndecodableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketEventJsonTest {

    /** A notification as MinIO's Kafka target writes it (trimmed of request/response ids). */
    private static final String MINIO = """
            {"EventName":"s3:ObjectCreated:Put","Key":"videos/train/a b.mp4","Records":[{"eventVersion":"2.0",
            "eventSource":"minio:s3","awsRegion":"","eventTime":"2026-11-21T06:00:00.123Z",
            "eventName":"s3:ObjectCreated:Put","userIdentity":{"principalId":"minioadmin"},
            "requestParameters":{"principalId":"minioadmin","region":"","sourceIPAddress":"172.18.0.1"},
            "responseElements":{"x-amz-id-2":"dd9025","x-amz-request-id":"17A9"},
            "s3":{"s3SchemaVersion":"1.0","configurationId":"Config","bucket":{"name":"videos",
            "ownerIdentity":{"principalId":"minioadmin"},"arn":"arn:aws:s3:::videos"},
            "object":{"key":"train%2Fa+b.mp4","size":1048576,"eTag":"9b2cf535f27731c974343645a3985328",
            "contentType":"video/mp4","userMetadata":{"content-type":"video/mp4"},"sequencer":"17A9D3B0F3B4E7C5"}},
            "source":{"host":"172.18.0.1","port":"","userAgent":"MinIO (linux; amd64) minio-go/v7.0.70"}}]}""";

    @Test
    void readsMinioNotificationsAndDecodesTheKey() {
        List<BucketEvent> events = BucketEventJson.read(MINIO.getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(new BucketEvent("s3:ObjectCreated:Put", "videos", "train/a b.mp4", 1048576,
                "9b2cf535f27731c974343645a3985328", "video/mp4", Instant.parse("2026-11-21T06:00:00.123Z"), "17A9D3B0F3B4E7C5"));
    }

    @Test
    void whatTheBridgeWritesReadsBackUnchanged() {
        BucketEvent event = new BucketEvent(BucketEvent.OBJECT_CREATED_PUT, "requests", "dir/ünï code+plus.yaml", 12,
                "abc", "application/yaml", Instant.parse("2026-11-21T06:00:00.120Z"), "00000001");
        assertThat(BucketEventJson.read(BucketEventJson.write(event))).containsExactly(event);
        assertThat(new String(BucketEventJson.write(event), StandardCharsets.UTF_8))
                .contains("\"eventTime\":\"2026-11-21T06:00:00.120Z\"")
                .contains("\"Key\":\"requests/dir/ünï code+plus.yaml\"");
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> BucketEventJson.read("{not json".getBytes()))
                .isInstanceOf(UndecodableEventException.class).hasMessageStartingWith("bucket event is not JSON");
        assertThatThrownBy(() -> BucketEventJson.read("{\"EventName\":\"x\"}".getBytes()))
                .hasMessageContaining("no Records array");
        assertThatThrownBy(() -> BucketEventJson.read(MINIO.replace("\"name\":\"videos\",", "").getBytes()))
                .hasMessage("bucket event lacks 'name'");
    }
}
