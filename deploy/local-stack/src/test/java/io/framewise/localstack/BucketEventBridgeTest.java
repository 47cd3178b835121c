package io.framewise.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.bridge.BucketEventBridge;
import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each test runs its own stack, without the stack's bridge, so it can start and restart bridges itself. */
class BucketEventBridgeTest {

    private Path dir;
    private LocalStack stack;
    private ObjectStore store;

    @BeforeEach
    void startStack() throws Exception {
        dir = Files.createTempDirectory("bridge-test");
        stack = LocalStack.start(LocalStack.Settings.ephemeral(dir).withBridge(false));
        store = stack.store();
    }

    @AfterEach
    void stopStack() throws Exception {
        stack.close();
        SharedTestStack.deleteRecursively(dir);
    }

    private BucketEventBridge bridge() {
        return new BucketEventBridge(stack.bootstrapServers(), store, Buckets.WATCHED, Duration.ofMillis(100))
                .ignoring(BucketEventBridge.S3PROXY_TEMPORARY);
    }

    @Test
    void anUploadProducesExactlyOneEventInMinioShape() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(stack.bootstrapServers(), Topic.BUCKET_EVENTS.topicName());
                BucketEventBridge bridge = bridge().start()) {
            byte[] video = "not really a video".getBytes(StandardCharsets.UTF_8);
            store.put(Buckets.VIDEOS, "train/figure skating/alina.mp4", video, "video/mp4");

            ConsumerRecord<String, byte[]> record = probe.await(1, Duration.ofSeconds(30)).get(0);
            assertThat(record.key()).isEqualTo("videos/train/figure skating/alina.mp4");
            JsonNode json = new ObjectMapper().readTree(record.value());
            assertThat(json.get("EventName").asText()).isEqualTo("s3:ObjectCreated:Put");
            assertThat(json.get("Key").asText()).isEqualTo("videos/train/figure skating/alina.mp4");
            JsonNode r = json.get("Records").get(0);
            assertThat(r.get("eventSource").asText()).isEqualTo("minio:s3");
            assertThat(r.get("eventName").asText()).isEqualTo("s3:ObjectCreated:Put");
            assertThat(r.at("/s3/bucket/name").asText()).isEqualTo("videos");
            assertThat(r.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::videos");
            assertThat(r.at("/s3/object/key").asText()).isEqualTo("train%2Ffigure+skating%2Falina.mp4");
            assertThat(r.at("/s3/object/size").asLong()).isEqualTo(video.length);
            assertThat(r.at("/s3/object/eTag").asText()).isEqualTo(store.stat(Buckets.VIDEOS, "train/figure skating/alina.mp4").orElseThrow().etag());
            assertThat(r.at("/s3/object/contentType").asText()).isEqualTo("video/mp4");

            BucketEvent event = BucketEventJson.read(record.value()).get(0);
            assertThat(event.key()).isEqualTo("train/figure skating/alina.mp4");
            assertThat(event.isCreated()).isTrue();

            assertThat(bridge.scanOnce()).as("a second listing finds nothing new").isZero();
            assertThat(probe.drain()).hasSize(1);
        }
    }

    @Test
    void aRestartedBridgeDoesNotAnnounceAgain() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(stack.bootstrapServers(), Topic.BUCKET_EVENTS.topicName())) {
            try (BucketEventBridge bridge = bridge().start()) {
                store.put(Buckets.VIDEOS, "train/a.mp4", new byte[] {1}, null);
                store.put(Buckets.REQUESTS, "extract-a.yaml", new byte[] {2}, null);
                probe.await(2, Duration.ofSeconds(30));
            }
            try (BucketEventBridge restarted = bridge().open()) {
                assertThat(restarted.scanOnce()).isZero();
                store.put(Buckets.VIDEOS, "train/b.mp4", new byte[] {3}, null);
                assertThat(restarted.scanOnce()).isEqualTo(1);
            }
            List<String> keys = probe.drain().stream().map(ConsumerRecord::key).toList();
            assertThat(keys).containsExactlyInAnyOrder("videos/train/a.mp4", "requests/extract-a.yaml", "videos/train/b.mp4");
        }
    }

    @Test
    void twoHundredConcurrentUploadsGiveTwoHundredEvents() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TopicProbe probe = TopicProbe.fromNow(stack.bootstrapServers(), Topic.BUCKET_EVENTS.topicName());
                BucketEventBridge bridge = bridge().start()) {
            List<Future<?>> uploads = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> store.put(Buckets.VIDEOS, "inference/clip-" + i + ".mp4",
                            ("clip " + i).getBytes(StandardCharsets.UTF_8), "video/mp4")))
                    .collect(Collectors.toList());
            for (Future<?> upload : uploads) {
                upload.get();
            }
            List<ConsumerRecord<String, byte[]>> events = probe.await(200, Duration.ofSeconds(60));
            assertThat(bridge.scanOnce()).isZero();
            events = probe.drain();
            assertThat(events).hasSize(200);
            assertThat(events.stream().map(ConsumerRecord::key).distinct()).hasSize(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletedObjectIsAnnouncedAsRemovedAndAReuploadAsNew() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(stack.bootstrapServers(), Topic.BUCKET_EVENTS.topicName());
                BucketEventBridge bridge = bridge().start()) {
            store.put(Buckets.VIDEOS, "inference/x.mp4", new byte[] {9}, null);
            assertThat(bridge.scanOnce()).isLessThanOrEqualTo(1);
            probe.await(1, Duration.ofSeconds(30));
            store.delete(Buckets.VIDEOS, "inference/x.mp4");
            probe.await(2, Duration.ofSeconds(30));
            store.put(Buckets.VIDEOS, "inference/x.mp4", new byte[] {9}, null);
            List<String> names = probe.await(3, Duration.ofSeconds(30)).stream()
                    .map(r -> BucketEventJson.read(r.value()).get(0).eventName()).toList();
            assertThat(names).containsExactly(BucketEvent.OBJECT_CREATED_PUT, BucketEvent.OBJECT_REMOVED_DELETE,
                    BucketEvent.OBJECT_CREATED_PUT);
        }
    }
}
