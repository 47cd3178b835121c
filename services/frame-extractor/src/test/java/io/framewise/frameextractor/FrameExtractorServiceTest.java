package io.framewise.frameextractor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.video.TestVideos;
import io.framewise.events.ExtractionRequest;
import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.framewise.localstack.LocalStack;
import io.framewise.localstack.testing.LocalStackTestResource;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FrameExtractorServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry metrics;

    private final LocalStack stack = SharedTestStack.get();

    private Path video(String name, TestVideos.Kind kind, int frames) throws Exception {
        Path dir = Files.createTempDirectory("fx-test");
        return TestVideos.write(dir.resolve(name), kind, 320, 240, 25, frames);
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static <T> List<T> decoded(List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        return records.stream().map(r -> (T) EventCodec.standard().decode(r.value())).toList();
    }

    @Test
    void aDroppedTrainingVideoBecomesAFramesDatasetWithOneCompletion() throws Exception {
        try (TopicProbe completions = TopicProbe.fromNow(stack.bootstrapServers(), Topic.FRAMES_EXTRACTED.topicName())) {
            store.put(Buckets.VIDEOS, "train/skating/day one/alina.mp4", video("alina.mp4", TestVideos.Kind.MP4_H264, 30), "video/mp4");

            ConsumerRecord<String, byte[]> record = completions.awaitMatching(1, r -> "skating".equals(r.key()), WAIT).get(0);
            FramesExtracted event = EventCodec.standard().decode(record.value(), FramesExtracted.class);
            assertThat(event.getDataset()).isEqualTo("skating");
            assertThat(event.getVideo()).isEqualTo(new ObjectRef(Buckets.VIDEOS, "train/skating/day one/alina.mp4"));
            assertThat(event.getFrameCount()).isEqualTo(30);
            assertThat(event.getWidth()).isEqualTo(320);
            assertThat(event.getHeight()).isEqualTo(240);
            assertThat(event.getFps()).isEqualTo(25.0);
            assertThat(event.getFrames()).isEqualTo(new ObjectRef(Buckets.DATASETS, "frames/skating/day one/alina.mp4/"));
            assertThat(event.getManifest().getKey()).isEqualTo("frames/skating/day one/alina.mp4/manifest.csv");

            List<String> manifest = new String(store.readAllBytes(Buckets.DATASETS, event.getManifest().getKey()), StandardCharsets.UTF_8)
                    .lines().toList();
            assertThat(manifest).hasSize(31);
            assertThat(manifest.get(1)).isEqualTo("day one/alina.mp4/000000.jpg,0,0.000000,320,240");
            assertThat(manifest.get(30)).isEqualTo("day one/alina.mp4/000029.jpg,29,1.160000,320,240");
            var jpeg = ImageIO.read(new ByteArrayInputStream(store.readAllBytes(Buckets.DATASETS, "frames/skating/day one/alina.mp4/000029.jpg")));
            assertThat(jpeg.getWidth()).isEqualTo(320);
            assertThat(store.list(Buckets.DATASETS, "frames/skating/day one/alina.mp4/").filter(o -> o.key().endsWith(".jpg"))).hasSize(30);

            // The same bucket event again: recognised as done, no second completion.
            double skippedBefore = metrics.counter("framewise.extractor.videos", "outcome", "skipped").count();
            var info = store.stat(Buckets.VIDEOS, "train/skating/day one/alina.mp4").orElseThrow();
            send(Topic.BUCKET_EVENTS.topicName(), "videos/train/skating/day one/alina.mp4", BucketEventJson.write(new BucketEvent(
                    BucketEvent.OBJECT_CREATED_PUT, Buckets.VIDEOS, info.key(), info.size(), info.etag(), "video/mp4", Instant.now(), "1")));
            awaitCounter("skipped", skippedBefore + 1);
            assertThat(completions.drain()).filteredOn(r -> "skating".equals(r.key())).hasSize(1);
        }
    }

    @Test
    void anUndecodableRequestIsDeadLetteredAndTheNextRequestStillRuns() throws Exception {
        try (TopicProbe deadLetters = TopicProbe.fromNow(stack.bootstrapServers(), Topic.DEAD_LETTERS.topicName());
                TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName())) {
            send(Topic.EXTRACTION_REQUESTS.topicName(), "garbage", "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
            ExtractionRequest valid = ExtractionRequest.newBuilder().setCorrelationId("vanished").setRequestedAt(Instant.now())
                    .setVideo(new ObjectRef(Buckets.VIDEOS, "train/vanished/gone.mp4")).setDataset("vanished").build();
            send(Topic.EXTRACTION_REQUESTS.topicName(), "vanished", EventCodec.standard().encode(valid));

            ConsumerRecord<String, byte[]> dead = deadLetters.awaitMatching(1, r -> "garbage".equals(r.key()), WAIT).get(0);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"hello\": \"world\"}");
            assertThat(header(dead, "dead-letter-reason")).contains("not an Avro single-object message");
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topic.EXTRACTION_REQUESTS.topicName());

            JobFailed failure = EventCodec.standard().decode(failed.awaitMatching(1, r -> "vanished".equals(r.key()), WAIT).get(0).value(), JobFailed.class);
            assertThat(failure.getService()).isEqualTo("frame-extractor");
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.VIDEOS, "train/vanished/gone.mp4"));
            assertThat(failure.getReason()).isEqualTo("no object videos/train/vanished/gone.mp4 in the store");
        }
    }

    @Test
    void aCorruptVideoGivesAFailureEventAndLeavesNoFrames() throws Exception {
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName())) {
            Path broken = TestVideos.damageMiddle(video("broken.mp4", TestVideos.Kind.MP4_MPEG4, 100), 60_000);
            store.put(Buckets.VIDEOS, "train/broken/broken.mp4", broken, "video/mp4");
            store.put(Buckets.VIDEOS, "train/broken/noise.mp4", TestVideos.notAVideo(broken.resolveSibling("noise.mp4")), "video/mp4");

            List<JobFailed> failures = decoded(failed.awaitMatching(2, r -> "broken".equals(r.key()), WAIT), JobFailed.class);
            assertThat(failures).extracting(f -> f.getSubject().getKey())
                    .containsExactlyInAnyOrder("train/broken/broken.mp4", "train/broken/noise.mp4");
            assertThat(failures).filteredOn(f -> f.getSubject().getKey().endsWith("broken.mp4"))
                    .singleElement().extracting(JobFailed::getReason).asString().startsWith("damaged video");
            assertThat(failures).filteredOn(f -> f.getSubject().getKey().endsWith("noise.mp4"))
                    .singleElement().extracting(JobFailed::getReason).asString().startsWith("not a video FFmpeg can read");
            assertThat(store.list(Buckets.DATASETS, "frames/broken/")).isEmpty();
        }
    }

    @Test
    void restRequestsAreValidatedAndRun() throws Exception {
        given().contentType("application/json").body("{\"key\":\"../etc/passwd\"}").post("/extractions")
                .then().statusCode(400).body("error", containsString("'..' segment"));
        given().contentType("application/json").body("{\"key\":\"train/x/missing.mp4\"}").post("/extractions")
                .then().statusCode(404).body("error", equalTo("no object videos/train/x/missing.mp4 in the store"));
        store.put(Buckets.INPUTS, "clips/rest.webm", video("rest.webm", TestVideos.Kind.WEBM_VP8, 12), "video/webm");
        given().contentType("application/json").body("{\"bucket\":\"inputs\",\"key\":\"clips/rest.webm\",\"everyNth\":2,\"fps\":3}")
                .post("/extractions").then().statusCode(400).body("error", containsString("not both"));

        try (TopicProbe completions = TopicProbe.fromNow(stack.bootstrapServers(), Topic.FRAMES_EXTRACTED.topicName())) {
            given().contentType("application/json")
                    .body("{\"bucket\":\"inputs\",\"key\":\"clips/rest.webm\",\"dataset\":\"rest-set\",\"maxSide\":64,\"everyNth\":3}")
                    .post("/extractions").then().statusCode(202).body("correlationId", equalTo("rest-set"));
            FramesExtracted event = EventCodec.standard().decode(
                    completions.awaitMatching(1, r -> "rest-set".equals(r.key()), WAIT).get(0).value(), FramesExtracted.class);
            assertThat(event.getFrameCount()).isEqualTo(4);
            assertThat(event.getWidth()).isEqualTo(64);
            assertThat(event.getHeight()).isEqualTo(48);
            assertThat(event.getFrames().getKey()).isEqualTo("frames/rest-set/rest.webm/");
        }
        // Asked again with the same settings: answered at once from the completion marker.
        given().contentType("application/json")
                .body("{\"bucket\":\"inputs\",\"key\":\"clips/rest.webm\",\"dataset\":\"rest-set\",\"maxSide\":64,\"everyNth\":3}")
                .post("/extractions").then().statusCode(200)
                .body("alreadyExtracted", equalTo(true))
                .body("result.frameCount", equalTo(4))
                .body("result.manifest", equalTo("frames/rest-set/rest.webm/manifest.csv"));
    }

    @Test
    void aRunningExtractionReportsItsProgressOverRest() throws Exception {
        given().get("/extractions/nothing-runs").then().statusCode(404)
                .body("error", equalTo("no extraction of dataset 'nothing-runs' is running here"));
        try (TopicProbe completions = TopicProbe.fromNow(stack.bootstrapServers(), Topic.FRAMES_EXTRACTED.topicName())) {
            // Long enough (600 frames, over a second of work) that the extraction is seen while it runs.
            store.put(Buckets.VIDEOS, "train/progress/long.mp4", video("long.mp4", TestVideos.Kind.MP4_H264, 600), "video/mp4");
            long deadline = System.nanoTime() + WAIT.toNanos();
            io.restassured.response.Response running = given().get("/extractions/progress");
            while (running.statusCode() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(5);
                running = given().get("/extractions/progress");
            }
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.jsonPath().getString("dataset")).isEqualTo("progress");
            assertThat(running.jsonPath().getList("running.video")).containsExactly("train/progress/long.mp4");
            assertThat(running.jsonPath().getLong("running[0].frames")).isBetween(0L, 600L);

            FramesExtracted done = EventCodec.standard().decode(
                    completions.awaitMatching(1, r -> "progress".equals(r.key()), WAIT).get(0).value(), FramesExtracted.class);
            assertThat(done.getFrameCount()).isEqualTo(600);
            // Finished extractions are no longer listed; the event and the marker tell about them.
            given().get("/extractions/progress").then().statusCode(404);
        }
    }

    private void awaitCounter(String outcome, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metrics.counter("framewise.extractor.videos", "outcome", outcome).count() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("counter " + outcome + " did not reach " + atLeast);
            }
            Thread.onSpinWait();
            Thread.sleep(20);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
