package io.framewise.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.JobFailed;
import io.framewise.events.RunOutcome;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.TrainingProgress;
import io.framewise.events.TrainingRequest;
import io.framewise.localstack.LocalStack;
import io.framewise.localstack.testing.LocalStackTestResource;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.trainer.bench.PoseScenes;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.Shapes;
import io.framewise.trainer.core.TrainingRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer against a real broker and store: runs requested over REST, their events, checkpoints and run
 * folder; pause/resume/stop; bad requests; a malformed message; a run that resumes from its checkpoints; a pose
 * (stacked-hourglass) run on generated keypoint scenes, and one whose parts have no sigmas; a gaze sweep as one
 * request, and wrong sweeps.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TrainerServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final EventCodec CODEC = EventCodec.standard();

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry metrics;

    @TempDir
    Path dir;

    private final LocalStack stack = SharedTestStack.get();

    /** A generated shapes dataset in the store under {@code datasets/<name>/}; returns the annotation key. */
    private String putShapes(String name, int images) throws Exception {
        Path json = Shapes.write(dir.resolve(name), images, 64, 3);
        try (Stream<Path> files = Files.walk(json.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = json.getParent().relativize(f).toString();
                store.put(Buckets.DATASETS, name + "/" + rel, f, "application/octet-stream");
            }
        }
        return name + "/instances.json";
    }

    /** A generated pose dataset ({@link PoseScenes}) in the store under {@code datasets/<name>/}; the keypoints key. */
    private String putPoseScenes(String name, int images) throws Exception {
        Path json = PoseScenes.write(dir.resolve(name), images, 64, 4);
        try (Stream<Path> files = Files.walk(json.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = json.getParent().relativize(f).toString();
                store.put(Buckets.DATASETS, name + "/" + rel, f, "application/octet-stream");
            }
        }
        return name + "/keypoints.json";
    }

    /** A tiny stacked-hourglass run: 64 px input, depth 2, 16 features, two stacks (so two per-stack losses). */
    private static String poseRequest(String runId, String train, String hyper) {
        return "{\"family\": \"stacked-hourglass\", \"modelName\": \"animal-pose\", \"runId\": \"" + runId + "\","
                + " \"train\": \"datasets/" + train + "\", \"hyperparameters\": {\"batchSize\": 4, \"imageSize\": 64,"
                + " \"depth\": 2, \"features\": 16, \"stacks\": 2, \"learningRate\": 0.002, \"logInterval\": 2,"
                + " \"snapshotAtEpochEnd\": false, " + hyper + "}}";
    }

    private static String request(String runId, String train, String hyper) {
        return "{\"family\": \"one-stage-detector\", \"modelName\": \"shapes\", \"runId\": \"" + runId + "\","
                + " \"train\": \"datasets/" + train + "\", \"hyperparameters\": {\"batchSize\": 4, \"width\": 8,"
                + " \"imageSize\": 64, \"logInterval\": 2, \"previewInterval\": 6, \"snapshotAtEpochEnd\": false, " + hyper
                + "}}";
    }

    /** A request's JSON with a {@code sweep} field added. */
    private static String withSweep(String request, String sweep) {
        return request.substring(0, request.length() - 1) + ", \"sweep\": " + sweep + "}";
    }

    private TopicProbe probe(Topic topic) {
        return TopicProbe.fromNow(stack.bootstrapServers(), topic.topicName());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(ConsumerRecord<String, byte[]> r,
            Class<T> type) {
        return CODEC.decode(r.value(), type);
    }

    @Test
    void aRunRequestedOverRestTrainsCheckpointsAndCompletes() throws Exception {
        String train = putShapes("rest-shapes", 16);
        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe checkpoints = probe(Topic.CHECKPOINT_SAVED);
                TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            String runId = given().contentType("application/json")
                    .body(request("rest-run", train, "\"iterations\": 12, \"snapshotInterval\": 6"))
                    .post("/runs").then().statusCode(202).extract().path("runId");
            assertThat(runId).isEqualTo("rest-run");

            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals(runId), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(done.getIterations()).isEqualTo(12);
            assertThat(done.getLastCheckpoint().getKey()).isEqualTo("rest-run/checkpoints/iter-00000012/");

            List<CheckpointSaved> saved = checkpoints.awaitMatching(2, r -> r.key().equals(runId), WAIT).stream()
                    .map(r -> decode(r, CheckpointSaved.class)).toList();
            assertThat(saved).extracting(CheckpointSaved::getIteration).containsExactly(6L, 12L);
            assertThat(saved.get(0).getModelName()).isEqualTo("shapes");

            List<TrainingProgress> reports = progress.drain().stream().filter(r -> r.key().equals(runId))
                    .map(r -> decode(r, TrainingProgress.class)).toList();
            assertThat(reports).extracting(p -> p.getState().name() + "@" + p.getIteration())
                    .containsSubsequence("STARTED@0", "RUNNING@2", "RUNNING@12");
            assertThat(reports.get(reports.size() - 1).getLosses()).containsKeys("total", "objectness", "class", "box");

            for (String key : List.of("run.json", "metrics.csv", "bboxes/iter-00000006.jpg", "_ended.json",
                    "checkpoints/iter-00000012/model.params", "checkpoints/iter-00000012/model.optimizer",
                    "checkpoints/iter-00000012/model.json", "checkpoints/iter-00000012/_complete")) {
                assertThat(store.exists(Buckets.RUNS, "rest-run/" + key)).as(key).isTrue();
            }
            String csv = new String(store.readAllBytes(Buckets.RUNS, "rest-run/metrics.csv"), StandardCharsets.UTF_8);
            assertThat(csv.lines()).hasSize(7).first().asString().startsWith("iteration,epoch,learning_rate,objectness");
            assertThat(metrics.find("framewise_training_iteration").tag("run", "rest-run").gauge().value()).isEqualTo(12);
            assertThat(metrics.find("framewise_training_loss").tag("run", "rest-run").tag("term", "total").gauge())
                    .isNotNull();

            given().get("/runs/rest-run").then().statusCode(200).body(containsString("\"outcome\":\"COMPLETED\""));
        }
    }

    @Test
    void pauseResumeAndStopOverRest() throws Exception {
        String train = putShapes("control-shapes", 8);
        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            given().contentType("application/json").body(request("controlled", train, "\"iterations\": 100000"))
                    .post("/runs").then().statusCode(202);
            progress.awaitMatching(1, r -> r.key().equals("controlled")
                    && decode(r, TrainingProgress.class).getState().name().equals("RUNNING"), WAIT);
            given().post("/runs/controlled/pause").then().statusCode(202);
            progress.awaitMatching(1, r -> r.key().equals("controlled")
                    && decode(r, TrainingProgress.class).getState().name().equals("PAUSED"), WAIT);
            given().post("/runs/controlled/resume").then().statusCode(202);
            progress.awaitMatching(1, r -> r.key().equals("controlled")
                    && decode(r, TrainingProgress.class).getState().name().equals("RESUMED"), WAIT);
            given().post("/runs/controlled/stop").then().statusCode(202);
            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals("controlled"), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.STOPPED);
            assertThat(done.getIterations()).isLessThan(100000);
            assertThat(store.exists(Buckets.RUNS, done.getLastCheckpoint().getKey() + "model.params")).isTrue();
            given().post("/runs/controlled/explode").then().statusCode(400).body(containsString("pause, resume or stop"));
        }
    }

    @Test
    void wrongRequestsAreRefusedWithTheReason() throws Exception {
        String train = putShapes("bad-shapes", 4);
        given().contentType("application/json").body(request("bad-1", train, "\"iterations\": 1").replace(
                "one-stage-detector", "two-stage-detector")).post("/runs").then().statusCode(400)
                .body(containsString("unknown model family 'two-stage-detector'"));
        given().contentType("application/json").body(request("bad-2", train, "\"iteratons\": 1")).post("/runs")
                .then().statusCode(400).body(containsString("unknown hyperparameter 'iteratons'"));
        given().contentType("application/json").body(request("bad-3", train, "\"device\": \"gpu\"")).post("/runs")
                .then().statusCode(400).body(containsString("libtorch sees 0 GPU"));
        given().contentType("application/json").body(request("bad-4", "no-such/instances.json", "\"iterations\": 1"))
                .post("/runs").then().statusCode(404).body(containsString("no-such/instances.json"));
    }

    @Test
    void aMalformedMessageGoesToDeadLettersAndTheNextRequestStillRuns() throws Exception {
        String train = putShapes("after-bad-message", 8);
        try (TopicProbe dead = probe(Topic.DEAD_LETTERS); TopicProbe completed = probe(Topic.TRAINING_COMPLETED);
                KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topic.TRAINING_REQUESTS.topicName(), "garbage",
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
            ConsumerRecord<String, byte[]> letter = dead.awaitMatching(1, r -> "garbage".equals(r.key()), WAIT).get(0);
            assertThat(new String(letter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("not a TrainingRequest");
            given().contentType("application/json").body(request("after-garbage", train, "\"iterations\": 2"))
                    .post("/runs").then().statusCode(202);
            assertThat(decode(completed.awaitMatching(1, r -> r.key().equals("after-garbage"), WAIT).get(0),
                    TrainingCompleted.class).getOutcome()).isEqualTo(RunOutcome.COMPLETED);
        }
    }

    @Test
    void aRequestWhoseRunHasCheckpointsResumesFromTheNewest() throws Exception {
        String train = putShapes("resume-shapes", 8);
        TrainingRequest request = TrainingRequestForm.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                request("resumed", train, "\"iterations\": 10, \"snapshotInterval\": 2")), Instant.now());
        // A trainer that died after its checkpoint at iteration 4: the run folder has checkpoints, no end.
        RunControl control = new RunControl();
        TrainingRun.Result first = new TrainingJob(store, dir.resolve("work"), dir.resolve("cache")).run(request,
                new RunListener() {
                    @Override
                    public void checkpoint(Checkpoint c) {
                        if (c.iteration() == 4) {
                            control.preempt();
                        }
                    }
                }, control);
        assertThat(first.outcome()).isEqualTo(TrainingRun.Outcome.PREEMPTED);
        assertThat(first.iterations()).isBetween(4L, 6L);

        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe completed = probe(Topic.TRAINING_COMPLETED);
                KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topic.TRAINING_REQUESTS.topicName(), "resumed", CODEC.encode(request))).get();
            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals("resumed"), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(done.getIterations()).isEqualTo(10);
            TrainingProgress started = decode(progress.drain().stream().filter(r -> r.key().equals("resumed")).findFirst()
                    .orElseThrow(), TrainingProgress.class);
            assertThat(started.getState().name()).isEqualTo("STARTED");
            assertThat(started.getIteration()).isEqualTo(first.iterations());

            // The same request again: the run has ended, so it is committed without running or publishing anything.
            org.apache.kafka.clients.producer.RecordMetadata repeat = producer.send(new ProducerRecord<>(
                    Topic.TRAINING_REQUESTS.topicName(), "resumed", CODEC.encode(request))).get();
            awaitCommitted(repeat.partition(), repeat.offset() + 1);
            assertThat(completed.drain()).filteredOn(r -> r.key().equals("resumed")).hasSize(1);
        }
    }

    @Test
    void aPoseRunTrainsAStackedHourglassOnKeypointScenes() throws Exception {
        String train = putPoseScenes("pose-scenes", 8);
        String runId = "pose-run";
        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe checkpoints = probe(Topic.CHECKPOINT_SAVED);
                TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            given().contentType("application/json").body(poseRequest(runId, train, "\"sigmas\": \"" + PoseScenes.SIGMAS
                    + "\", \"iterations\": 4, \"snapshotInterval\": 2, \"previewInterval\": 4"))
                    .post("/runs").then().statusCode(202).body(containsString("\"modelFamily\":\"stacked-hourglass\""));

            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals(runId), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).as("%s", done.getReason()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(done.getIterations()).isEqualTo(4);
            assertThat(done.getLastCheckpoint().getKey()).isEqualTo("pose-run/checkpoints/iter-00000004/");

            List<CheckpointSaved> saved = checkpoints.awaitMatching(2, r -> r.key().equals(runId), WAIT).stream()
                    .map(r -> decode(r, CheckpointSaved.class)).toList();
            assertThat(saved).extracting(CheckpointSaved::getIteration).containsExactly(2L, 4L);
            assertThat(saved).extracting(CheckpointSaved::getModelFamily).containsOnly(StackedHourglass.FAMILY);
            for (CheckpointSaved c : saved) {
                ModelSpec spec = ModelSpec.fromJson(new String(store.readAllBytes(Buckets.RUNS,
                        c.getCheckpoint().getKey() + "model.json"), StandardCharsets.UTF_8));
                assertThat(spec.family()).isEqualTo(StackedHourglass.FAMILY);
                assertThat(spec.categories()).containsExactly("animal");
                assertThat(spec.settings()).containsEntry("parts", String.join(",", PoseScenes.PARTS))
                        .containsEntry("stacks", "2").containsKey("sigmas");
                assertThat(new StackedHourglass(spec).keypoints().parts()).isEqualTo(PoseScenes.PARTS);
                assertThat(store.exists(Buckets.RUNS, c.getCheckpoint().getKey() + "model.params")).isTrue();
            }

            List<TrainingProgress> running = progress.drain().stream().filter(r -> r.key().equals(runId))
                    .map(r -> decode(r, TrainingProgress.class)).filter(p -> p.getState().name().equals("RUNNING"))
                    .toList();
            assertThat(running).extracting(TrainingProgress::getIteration).contains(2L, 4L);
            for (TrainingProgress p : running) {
                assertThat(p.getLosses()).containsOnlyKeys("stack1", "stack2", "total");
                assertThat(p.getLosses().get("total")).isCloseTo(p.getLosses().get("stack1") + p.getLosses().get("stack2"),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
            for (String key : List.of("run.json", "metrics.csv", "bboxes/iter-00000004.jpg", "_ended.json")) {
                assertThat(store.exists(Buckets.RUNS, "pose-run/" + key)).as(key).isTrue();
            }
            String csv = new String(store.readAllBytes(Buckets.RUNS, "pose-run/metrics.csv"), StandardCharsets.UTF_8);
            assertThat(csv.lines().findFirst().orElseThrow()).contains("stack1", "stack2", "total");
        }
    }

    @Test
    void aPoseRunWithoutSigmasForItsPartsFailsNamingSigmas() throws Exception {
        String train = putPoseScenes("pose-no-sigmas", 4);
        try (TopicProbe failed = probe(Topic.JOBS_FAILED); TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            given().contentType("application/json").body(poseRequest("pose-no-sigmas-run", train, "\"iterations\": 2"))
                    .post("/runs").then().statusCode(202);
            JobFailed f = decode(failed.awaitMatching(1, r -> r.key().equals("pose-no-sigmas-run"), WAIT).get(0),
                    JobFailed.class);
            assertThat(f.getReason()).contains("'sigmas'").contains(PoseScenes.PARTS.toString());
            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals("pose-no-sigmas-run"), WAIT)
                    .get(0), TrainingCompleted.class);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(done.getReason()).contains("'sigmas'");
        }
    }

    /**
     * A gaze sweep as one request: batch size x chunk size, four runs of the temporal model. The first run had ended
     * before the request came (a trainer that died after it): it is not run again; the other three run one after
     * another, each with its events and checkpoints (two epochs each), their run.json naming the sweep; the sweep's
     * training.completed comes last, and GET /runs/{sweep} lists how each run ended.
     */
    @Test
    void aSweepRequestRunsOneRunPerCombinationSkippingRunsThatHaveEnded() throws Exception {
        Path index = io.framewise.trainer.bench.GazeScenes.write(dir.resolve("gaze-sweep"), 2, 5, 96, 64, 0.3f, 7);
        try (Stream<Path> files = Files.walk(index.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                store.put(Buckets.DATASETS, "gaze-sweep/" + index.getParent().relativize(f), f, "application/octet-stream");
            }
        }
        String body = "{\"family\": \"gaze-target\", \"modelName\": \"gaze-swept\", \"runId\": \"sweep\","
                + " \"train\": \"datasets/gaze-sweep/" + index.getFileName() + "\", \"hyperparameters\": {\"width\": 8,"
                + " \"imageSize\": 64, \"temporal\": true, \"epochs\": 2, \"logInterval\": 1, \"previewInterval\": 0},"
                + " \"sweep\": {\"batchSize\": [2, 1], \"chunkSize\": [2, 3]}}";
        List<String> members = List.of("sweep-batchSize2-chunkSize2", "sweep-batchSize2-chunkSize3",
                "sweep-batchSize1-chunkSize2", "sweep-batchSize1-chunkSize3");
        TrainingRequest request = TrainingRequestForm.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body),
                Instant.now());
        Sweep sweep = Sweep.of(request);
        assertThat(sweep.members()).extracting(Sweep.Member::runId).isEqualTo(members);
        assertThat(sweep.members().get(1).request().getHyperparameters()).containsEntry("batchSize", "2")
                .containsEntry("chunkSize", "3").containsEntry("width", "8");
        assertThat(sweep.members().get(1).label()).isEqualTo("batchSize 2, chunkSize 3");
        // The first run, done by a trainer that died before the rest.
        TrainingRun.Result first = new TrainingJob(store, dir.resolve("work"), dir.resolve("cache")).run(
                sweep.members().get(0).request(), new RunListener() { }, new RunControl(), "sweep");
        assertThat(first.outcome()).isEqualTo(TrainingRun.Outcome.COMPLETED);

        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe checkpoints = probe(Topic.CHECKPOINT_SAVED);
                TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            given().contentType("application/json").body(body).post("/runs").then().statusCode(202)
                    .body(containsString("\"runs\":[\"" + String.join("\",\"", members) + "\"]"));
            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals("sweep"), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).as("%s", done.getReason()).isEqualTo(RunOutcome.COMPLETED);
            List<String> ended = completed.drain().stream().map(ConsumerRecord::key).filter(k -> k.startsWith("sweep"))
                    .toList();
            assertThat(ended).containsExactly(members.get(1), members.get(2), members.get(3), "sweep");
            assertThat(progress.drain()).extracting(ConsumerRecord::key).doesNotContain(members.get(0))
                    .contains(members.get(1), members.get(2), members.get(3));
            List<CheckpointSaved> saved = checkpoints.drain().stream().filter(r -> r.key().startsWith("sweep-"))
                    .map(r -> decode(r, CheckpointSaved.class)).toList();
            for (String member : members.subList(1, 4)) {
                assertThat(saved).filteredOn(c -> c.getCorrelationId().equals(member)).extracting(CheckpointSaved::getEpoch)
                        .containsExactly(1, 2);
                com.fasterxml.jackson.databind.JsonNode run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        store.readAllBytes(Buckets.RUNS, member + "/run.json"));
                assertThat(run.path("sweep").asText()).isEqualTo("sweep");
                assertThat(run.path("promotionMetric").asText()).isEqualTo("auc");
                assertThat(run.path("settings").path("batchSize").asInt()).isEqualTo(member.contains("batchSize2") ? 2 : 1);
                assertThat(run.path("hyperparameters").path("chunkSize").asText()).isEqualTo(member.substring(
                        member.length() - 1));
            }
            given().get("/runs/sweep").then().statusCode(200)
                    .body(containsString("\"" + members.get(0) + "\":\"COMPLETED\""))
                    .body(containsString("\"" + members.get(3) + "\":\"COMPLETED\""))
                    .body(containsString("\"label\":\"batchSize 1, chunkSize 3\""))
                    .body(containsString("\"outcome\":\"COMPLETED\""));
        }
    }

    /** Stopping a sweep by its id stops the run going on and ends the sweep; the runs after it do not start. */
    @Test
    void stoppingASweepStopsItsRunningRunAndTheRest() throws Exception {
        String train = putShapes("stopped-sweep", 8);
        String base = request("stopped-sweep", train, "\"iterations\": 100000");
        try (TopicProbe progress = probe(Topic.TRAINING_PROGRESS); TopicProbe completed = probe(Topic.TRAINING_COMPLETED)) {
            given().contentType("application/json").body(withSweep(base, "{\"learningRate\": [0.001, 0.002]}"))
                    .post("/runs").then().statusCode(202);
            progress.awaitMatching(1, r -> r.key().equals("stopped-sweep-learningRate0.001")
                    && decode(r, TrainingProgress.class).getState().name().equals("RUNNING"), WAIT);
            given().post("/runs/stopped-sweep/stop").then().statusCode(202);
            TrainingCompleted done = decode(completed.awaitMatching(1, r -> r.key().equals("stopped-sweep"), WAIT).get(0),
                    TrainingCompleted.class);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.STOPPED);
            assertThat(done.getReason()).isEqualTo("stopped after 1 of 2 runs");
            assertThat(completed.drain()).extracting(ConsumerRecord::key).contains("stopped-sweep-learningRate0.001");
            assertThat(store.exists(Buckets.RUNS, "stopped-sweep-learningRate0.002/run.json")).isFalse();
            given().get("/runs/stopped-sweep").then().statusCode(200)
                    .body(containsString("\"stopped-sweep-learningRate0.001\":\"STOPPED\""))
                    .body(containsString("\"stopped-sweep-learningRate0.002\":\"WAITING\""));
        }
    }

    @Test
    void aWrongSweepIsRefusedNamingTheRunAndTheSetting() throws Exception {
        String train = putShapes("bad-sweep", 4);
        String base = request("bad-sweep-1", train, "\"iterations\": 1");
        given().contentType("application/json").body(withSweep(base, "{\"learningRate\": [0.01, -1]}"))
                .post("/runs").then().statusCode(400)
                .body(containsString("sweep run bad-sweep-1-learningRate-1 (learningRate -1)"))
                .body(containsString("learningRate"));
        given().contentType("application/json").body(withSweep(base, "{\"batchSizes\": [2, 4]}"))
                .post("/runs").then().statusCode(400)
                .body(containsString("unknown hyperparameter 'batchSizes'"));
        given().contentType("application/json").body(withSweep(base, "{\"iterations\": [1, 2]}"))
                .post("/runs").then().statusCode(400)
                .body(containsString("'iterations' is also given in hyperparameters"));
        given().contentType("application/json").body(withSweep(base, "{\"batchSize\": 4}"))
                .post("/runs").then().statusCode(400)
                .body(containsString("sweep 'batchSize' must be a non-empty list of values"));
    }

    /** Waits (bounded) until the trainer's group has committed {@code offset} on a request partition. */
    private void awaitCommitted(int partition, long offset) throws Exception {
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(
                Topic.TRAINING_REQUESTS.topicName(), partition);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", stack.bootstrapServers()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                var committed = admin.listConsumerGroupOffsets("trainer").partitionsToOffsetAndMetadata().get().get(tp);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                assertThat(System.nanoTime()).as("committed offset %d on %s", offset, tp).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
