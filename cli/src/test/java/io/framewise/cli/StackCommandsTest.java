package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.events.BoundingBox;
import io.framewise.events.Detection;
import io.framewise.events.FrameDetections;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.framewise.localstack.LocalStack;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands that read the stack itself, against a real embedded broker: {@code detections} and
 * {@code status}; {@code promote}'s request to the evaluator; {@code train --sweep --wait} (the trainer faked, its
 * events real).
 */
class StackCommandsTest {

    private static final EventCodec CODEC = EventCodec.standard();

    @TempDir
    static Path dir;

    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Settings.ephemeral(dir.resolve("stack")).withBridge(false));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    private static FrameDetections frame(String video, long index, String label) {
        return FrameDetections.newBuilder().setCorrelationId(video).setFrameIndex(index).setPtsMillis(index * 40)
                .setWidth(320).setHeight(240).setModelName("skater").setRunId("run-1")
                .setDetections(List.of(Detection.newBuilder().setCategoryId(1).setLabel(label).setScore(0.9f)
                        .setBox(new BoundingBox(10.0, 20.0, 30.0, 40.0)).setAssessorScore(null).build()))
                .build();
    }

    private static void send(Topic topic, String key, org.apache.avro.specific.SpecificRecord event) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.topicName(), key, CODEC.encode(event))).get();
        }
    }

    @Test
    void detectionsPrintsOneJsonLinePerFrameOfTheVideoInOrderAndExitsAtTheEnd() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(Topic.DETECTIONS, "rink/a.mp4", frame("rink/a.mp4", i, "skater"));
            send(Topic.DETECTIONS, "rink/b.mp4", frame("rink/b.mp4", i, "ball"));
        }
        CliRun run = CliRun.of("detections", "rink/a.mp4", "--kafka", stack.bootstrapServers());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 3; i++) {
            JsonNode f = json.readTree(lines.get(i));
            assertThat(f.path("correlationId").asText()).isEqualTo("rink/a.mp4");
            assertThat(f.path("frameIndex").asLong()).isEqualTo(i);
            assertThat(f.path("detections").get(0).path("label").asText()).isEqualTo("skater");
            assertThat(f.path("detections").get(0).path("box").path("width").asDouble()).isEqualTo(30.0);
        }
        CliRun followed = CliRun.of("detections", "--follow", "--from-beginning", "--max", "4", "--kafka", stack.bootstrapServers());
        assertThat(followed.exit()).isZero();
        assertThat(followed.out().lines()).hasSize(4);
    }

    @Test
    void statusShowsLagFailuresAndServicesThatAreDown() throws Exception {
        send(Topic.JOBS_FAILED, "videos/inference/bad.mp4", JobFailed.newBuilder().setCorrelationId("bad.mp4")
                .setFailedAt(Instant.now()).setService("frame-extractor").setRequestType("bucket-event")
                .setSubject(new ObjectRef("videos", "inference/bad.mp4")).setReason("not a video FFmpeg can read").build());
        for (int i = 0; i < 5; i++) {
            send(Topic.ANNOTATION_REQUESTS, "k", frame("k", i, "x"));
        }
        // A group that has processed 2 of the 5 requests of its partition.
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "status-test-annotator");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topic.ANNOTATION_REQUESTS.topicName(),
                    consumer.partitionsFor(Topic.ANNOTATION_REQUESTS.topicName(), Duration.ofSeconds(10)).stream()
                            .filter(info -> consumer.endOffsets(List.of(new TopicPartition(info.topic(), info.partition())))
                                    .values().iterator().next() >= 5)
                            .findFirst().orElseThrow().partition());
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2)));
        }

        CliRun run = CliRun.of("status", "--services", "none", "--kafka", stack.bootstrapServers());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("status-test-annotator").contains("annotation.requests 3")
                .contains("failures: 1 failed request (jobs.failed), 0 dead letters")
                .contains("frame-extractor").contains("videos/inference/bad.mp4: not a video FFmpeg can read");

        // Nothing listens on the trainer's port in this test: the service is reported down and the exit code says so.
        CliRun down = CliRun.of("status", "--services", "trainer", "--kafka", stack.bootstrapServers());
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.out()).containsPattern("trainer +http://127.0.0.1:8084 +NOT READY");
    }

    @Test
    void promoteAsksTheEvaluatorForTheRunsCheckpoint() throws Exception {
        FakeService service = new FakeService(200, "{\"modelName\":\"skater\",\"iteration\":500}");
        CliRun run;
        try (service) {
            run = CliRun.of("promote", "skater-1", "--iteration", "500", "--model-name", "skater", "--service-url", service.url());
        }
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(service.path.get()).isEqualTo("/promotions");
        JsonNode sent = new ObjectMapper().readTree(service.body.get());
        assertThat(sent.path("checkpoint").asText()).isEqualTo("runs/skater-1/checkpoints/iter-00000500/");
        assertThat(sent.path("modelName").asText()).isEqualTo("skater");
        assertThat(sent.path("metric").asText()).isEqualTo("AP50");
        assertThat(run.out()).contains("\"iteration\":500");

        CliRun noIteration = CliRun.of("promote", "skater-1", "--model-name", "skater");
        assertThat(noIteration.exit()).isEqualTo(1);
        assertThat(noIteration.err()).contains("say which checkpoint with --iteration N");
    }

    @Test
    void trainWithASweepSendsItAndFollowsEveryRunUntilTheSweepEnds() throws Exception {
        List<String> runs = List.of("sw-batchSize2", "sw-batchSize4");
        FakeService service = new FakeService(202, "{\"runId\":\"sw\",\"runs\":[\"sw-batchSize2\",\"sw-batchSize4\"]}",
                () -> {
                    send(Topic.TRAINING_PROGRESS, runs.get(0), io.framewise.events.TrainingProgress.newBuilder()
                            .setCorrelationId(runs.get(0)).setReportedAt(Instant.now())
                            .setState(io.framewise.events.RunState.RUNNING).setIteration(1).setTotalIterations(2).setEpoch(0)
                            .setLosses(Map.of("total", 0.5)).setLearningRate(0.001).setImagesPerSecond(3)
                            .setEtaSeconds(null).build());
                    send(Topic.TRAINING_COMPLETED, runs.get(0), completed(runs.get(0), io.framewise.events.RunOutcome.COMPLETED,
                            null));
                    send(Topic.TRAINING_COMPLETED, "other", completed("other", io.framewise.events.RunOutcome.FAILED, "x"));
                    send(Topic.TRAINING_COMPLETED, runs.get(1), completed(runs.get(1), io.framewise.events.RunOutcome.FAILED,
                            "diverged"));
                    send(Topic.TRAINING_COMPLETED, "sw", completed("sw", io.framewise.events.RunOutcome.COMPLETED,
                            "1 of 2 runs failed"));
                });
        CliRun run;
        // What the follower prints goes to System.err (picocli's own messages to its err writer, which CliRun keeps).
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream realErr = System.err;
        try (service) {
            System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            run = CliRun.of("train", "--family", "gaze-target", "--model-name", "gaze", "--train", "datasets/g/index.csv",
                    "--sweep", "batchSize=2,4", "--promotion-metric", "distance", "--wait", "--timeout", "60",
                    "--kafka", stack.bootstrapServers(), "--service-url", service.url());
        } finally {
            System.setErr(realErr);
        }
        String progress = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run.exit()).as(run.err() + progress).isZero();
        JsonNode sent = new ObjectMapper().readTree(service.body.get());
        assertThat(sent.path("sweep").path("batchSize").toString()).isEqualTo("[\"2\",\"4\"]");
        assertThat(sent.path("promotionMetric").asText()).isEqualTo("distance");
        assertThat(progress).contains("sweep of 2 runs sw").contains("run sw-batchSize2 completed after 7 iterations")
                .contains("run sw-batchSize4 failed after 7 iterations: diverged").doesNotContain("other");
        assertThat(run.out()).contains("\"runId\":\"sw\",\"outcome\":\"COMPLETED\"");

        // 'follow' asks the trainer whether the id is a sweep, and then follows its runs too (here to a 1 s timeout).
        FakeService trainer = new FakeService(200, "{\"sweep\":{\"members\":[{\"runId\":\"sw-batchSize2\"},"
                + "{\"runId\":\"sw-batchSize4\"}]}}");
        printed.reset();
        CliRun follow;
        try (trainer) {
            System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            follow = CliRun.of("follow", "sw", "--timeout", "1", "--kafka", stack.bootstrapServers(), "--service-url",
                    trainer.url());
        } finally {
            System.setErr(realErr);
        }
        assertThat(trainer.path.get()).isEqualTo("/runs/sw");
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("sweep of 2 runs sw");
        assertThat(follow.exit()).isEqualTo(1);
    }

    private static io.framewise.events.TrainingCompleted completed(String id, io.framewise.events.RunOutcome outcome,
            String reason) {
        return io.framewise.events.TrainingCompleted.newBuilder().setCorrelationId(id).setCompletedAt(Instant.now())
                .setOutcome(outcome).setIterations(7).setLastCheckpoint(null).setReason(reason).build();
    }
}
