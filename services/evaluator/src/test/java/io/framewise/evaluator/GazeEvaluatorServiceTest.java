package io.framewise.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.gaze.GazeModel;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.EvaluationResults;
import io.framewise.events.JobFailed;
import io.framewise.events.ModelPromoted;
import io.framewise.events.ObjectRef;
import io.framewise.localstack.LocalStack;
import io.framewise.localstack.testing.LocalStackTestResource;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Gaze-target (VideoAttentionTarget) checkpoints through the evaluator service: a run's every checkpoint on its gaze
 * index, promoted on {@code auc}; a temporal checkpoint on request with pictures; and the failures of a ground truth
 * that is not a gaze index, a malformed one and a missing image. The checkpoints are tiny and untrained (width 8,
 * 64 px), the frames {@link GazeTestScenes}.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class GazeEvaluatorServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final EventCodec CODEC = EventCodec.standard();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GAZE_METRICS = List.of("auc", "distance", "inOutAP", "samples", "inFrame");

    @Inject
    ObjectStore store;

    private final LocalStack stack = SharedTestStack.get();

    /** The scenes as a gaze index in the store, {@code datasets/<name>/index.csv} with its images beside it. */
    private GazeTestScenes putScenes(String name, int tracks, int frames, long seed) throws Exception {
        GazeTestScenes scenes = new GazeTestScenes(tracks, frames, seed);
        for (GazeTestScenes.Frame f : scenes.frames) {
            store.put(Buckets.DATASETS, name + "/" + f.path(), f.png(), "image/png");
        }
        store.put(Buckets.DATASETS, name + "/index.csv", scenes.index.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv");
        return scenes;
    }

    private void putCheckpoint(String run, long iteration, boolean temporal, int seed) throws Exception {
        String prefix = run + "/checkpoints/" + String.format("iter-%08d", iteration) + "/";
        for (Map.Entry<String, byte[]> e : GazeTestScenes.checkpoint(temporal, seed).entrySet()) {
            store.put(Buckets.RUNS, prefix + e.getKey(), e.getValue(), "application/octet-stream");
        }
        store.put(Buckets.RUNS, prefix + "_complete", new byte[0], "text/plain");
    }

    private static CheckpointSaved saved(String run, long iteration, String validation) {
        return saved(run, run + "-model", iteration, 0, validation);
    }

    private static CheckpointSaved saved(String run, String model, long iteration, int epoch, String validation) {
        return CheckpointSaved.newBuilder().setCorrelationId(run).setSavedAt(Instant.now())
                .setModelFamily(GazeModel.FAMILY).setModelName(model).setIteration(iteration).setEpoch(epoch)
                .setCheckpoint(new ObjectRef(Buckets.RUNS, run + "/checkpoints/" + String.format("iter-%08d", iteration) + "/"))
                .setValidation(new ObjectRef(Buckets.DATASETS, validation)).setValidationImages(null)
                // the trainer's default, a detector's metric: a gaze run is promoted on auc instead
                .setPromotionMetric("AP50").setMinImprovement(0.0).build();
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private List<String> keysUnder(String prefix) {
        try (Stream<ObjectInfo> listed = store.list(Buckets.RUNS, prefix)) {
            return listed.map(ObjectInfo::key).toList();
        }
    }

    private static void assertGazeMetrics(Map<String, Double> m, int samples) {
        assertThat(m).containsKeys(GAZE_METRICS.toArray(String[]::new));
        assertThat(m.get("samples")).isEqualTo(samples);
        assertThat(m.get("inFrame")).isPositive().isLessThan(samples);
        assertThat(m.get("auc")).isBetween(0.0, 1.0);
        assertThat(m.get("distance")).isBetween(0.0, Math.sqrt(2));
        assertThat(m.get("inOutAP")).isBetween(0.0, 1.0);
    }

    @Test
    void everyGazeCheckpointOfARunIsEvaluatedPlottedAndPromotedOnAuc() throws Exception {
        String run = "gaze-run";
        GazeTestScenes scenes = putScenes("gaze-val", 2, 4, 11);
        putCheckpoint(run, 1, false, 1);
        putCheckpoint(run, 2, false, 2);
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName());
                TopicProbe promoted = TopicProbe.fromNow(stack.bootstrapServers(), Topic.MODELS_PROMOTED.topicName());
                KafkaProducer<String, byte[]> producer = producer()) {
            for (long iteration : new long[] {1, 2}) {
                CheckpointSaved event = saved(run, iteration, "gaze-val/index.csv");
                producer.send(new ProducerRecord<>(Topic.CHECKPOINT_SAVED.topicName(), run, CODEC.encode(event))).get();
            }
            List<EvaluationResults> evaluated = results.awaitMatching(2, r -> r.key().equals(run), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), EvaluationResults.class)).toList();
            assertThat(evaluated).extracting(EvaluationResults::getIteration).containsExactly(1L, 2L);
            for (EvaluationResults r : evaluated) {
                assertGazeMetrics(r.getMetrics(), scenes.rows);
                assertThat(r.getMetrics().get("inFrame")).isEqualTo(scenes.inFrame);
            }
            double first = evaluated.get(0).getMetrics().get("auc");
            double second = evaluated.get(1).getMetrics().get("auc");
            System.out.printf("gaze auc %.4f, %.4f; distance %.4f, %.4f%n", first, second,
                    evaluated.get(0).getMetrics().get("distance"), evaluated.get(1).getMetrics().get("distance"));

            ModelPromoted p = CODEC.decode(promoted.awaitMatching(1, r -> r.key().equals(run), WAIT).get(0).value(),
                    ModelPromoted.class);
            assertThat(p.getMetric()).isEqualTo("auc");
            assertThat(p.getIteration()).isEqualTo(1);
            assertThat(p.getModelFamily()).isEqualTo(GazeModel.FAMILY);
            long bestIteration = second > first ? 2 : 1;
            assertThat(evaluated.get(1).getBestSoFar()).isEqualTo(second > first);
            JsonNode best = JSON.readTree(store.readAllBytes(Buckets.RUNS, run + "/best.json"));
            assertThat(best.path("metric").asText()).isEqualTo("auc");
            assertThat(best.path("iteration").asLong()).isEqualTo(bestIteration);
            JsonNode current = JSON.readTree(store.readAllBytes(Buckets.RUNS, "_models/" + run + "-model/promoted.json"));
            assertThat(current.path("iteration").asLong()).isEqualTo(bestIteration);
            assertThat(current.path("metric").asText()).isEqualTo("auc");

            JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, run + "/evaluations/iter-00000002.json"));
            assertThat(record.path("images").asInt()).isEqualTo(scenes.rows);
            assertThat(record.path("metrics").path("auc").asDouble()).isEqualTo(second);
            assertThat(record.path("report").path("temporal").asBoolean()).isFalse();
            assertThat(ImageIO.read(store.open(Buckets.RUNS, run + "/plot.png")).getWidth()).isEqualTo(900);
        }
    }

    /**
     * The two runs of a sweep (as the trainer leaves them: sweep.json listing them, each run.json naming the sweep),
     * two epochs each: after every evaluation the sweep's summary is redrawn, so once all four are in,
     * sweep-results.json holds every run's metrics per epoch, equal to its records, and sweep.png draws both runs.
     */
    @Test
    void theRunsOfASweepAreEvaluatedAndTheSweepsPlotRedrawnFromTheirRecords() throws Exception {
        putScenes("gaze-sweep-val", 2, 4, 14);
        List<String> members = List.of("gsweep-batchSize2", "gsweep-batchSize4");
        store.put(Buckets.RUNS, "gsweep/sweep.json", ("{\"sweepId\": \"gsweep\", \"members\": ["
                + "{\"runId\": \"gsweep-batchSize2\", \"label\": \"batchSize 2\", \"values\": {\"batchSize\": \"2\"}},"
                + "{\"runId\": \"gsweep-batchSize4\", \"label\": \"batchSize 4\", \"values\": {\"batchSize\": \"4\"}}]}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        int seed = 20;
        for (String run : members) {
            store.put(Buckets.RUNS, run + "/run.json", "{\"sweep\": \"gsweep\", \"hyperparameters\": {}}"
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            putCheckpoint(run, 3, false, seed++);
            putCheckpoint(run, 6, false, seed++);
        }
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName());
                KafkaProducer<String, byte[]> producer = producer()) {
            for (String run : members) {
                for (int epoch = 1; epoch <= 2; epoch++) {
                    CheckpointSaved event = saved(run, "gaze-swept", 3L * epoch, epoch, "gaze-sweep-val/index.csv");
                    producer.send(new ProducerRecord<>(Topic.CHECKPOINT_SAVED.topicName(), run, CODEC.encode(event))).get();
                }
            }
            List<EvaluationResults> evaluated = results.awaitMatching(4, r -> members.contains(r.key()), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), EvaluationResults.class)).toList();
            JsonNode summary = JSON.readTree(store.readAllBytes(Buckets.RUNS, "gsweep/sweep-results.json"));
            assertThat(summary.path("runs")).hasSize(2);
            for (int k = 0; k < 2; k++) {
                JsonNode run = summary.path("runs").get(k);
                assertThat(run.path("runId").asText()).isEqualTo(members.get(k));
                assertThat(run.path("label").asText()).isEqualTo(k == 0 ? "batchSize 2" : "batchSize 4");
                for (EvaluationResults r : evaluated) {
                    if (r.getCorrelationId().equals(members.get(k))) {
                        JsonNode epoch = run.path("epochs").path(Long.toString(r.getIteration() / 3));
                        assertThat(epoch.path("auc").asDouble()).isEqualTo(r.getMetrics().get("auc"));
                        assertThat(epoch.path("distance").asDouble()).isEqualTo(r.getMetrics().get("distance"));
                    }
                }
                assertThat(run.path("epochs").size()).isEqualTo(2);
                JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, members.get(k)
                        + "/evaluations/iter-00000006.json"));
                assertThat(record.path("epoch").asInt()).isEqualTo(2);
            }
            var plot = ImageIO.read(store.open(Buckets.RUNS, "gsweep/sweep.png"));
            assertThat(plot.getWidth()).isEqualTo(GazeSweepPlot.WIDTH);
            // Both runs' lines in the distance panel (the AUC of untrained weights may sit on its floor).
            int top = GazeSweepPlot.TOP + GazeSweepPlot.PANEL_HEIGHT + GazeSweepPlot.GAP;
            for (int k = 0; k < 2; k++) {
                int colour = GazeSweepPlot.COLOURS[k].getRGB() & 0xffffff;
                boolean found = false;
                for (int y = top; y <= top + GazeSweepPlot.PANEL_HEIGHT && !found; y++) {
                    for (int x = GazeSweepPlot.LEFT; x < GazeSweepPlot.WIDTH - GazeSweepPlot.RIGHT && !found; x++) {
                        found = (plot.getRGB(x, y) & 0xffffff) == colour;
                    }
                }
                assertThat(found).as("run %d's colour in the distance panel", k).isTrue();
            }
        }
    }

    @Test
    void aTemporalGazeCheckpointIsEvaluatedOnRequestInTheRunsChunksWithPictures() throws Exception {
        String run = "gaze-request-run";
        GazeTestScenes scenes = putScenes("gaze-request-val", 2, 6, 12);
        putCheckpoint(run, 3, true, 3);
        store.put(Buckets.RUNS, run + "/run.json", "{\"hyperparameters\": {\"chunkSize\": \"2\"}}"
                .getBytes(StandardCharsets.UTF_8), "application/json");
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            String id = given().contentType("application/json").body("{\"checkpoint\": \"runs/" + run
                    + "/checkpoints/iter-00000003\", \"groundTruth\": \"datasets/gaze-request-val/index.csv\","
                    + " \"numSamples\": 10, \"batchSize\": 4, \"savePredictions\": true}")
                    .post("/evaluations").then().statusCode(202).extract().path("correlationId");
            EvaluationResults r = CODEC.decode(results.awaitMatching(1, e -> e.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            assertThat(r.getIteration()).isEqualTo(3);
            assertGazeMetrics(r.getMetrics(), 10);
            assertThat(r.getRecord().getKey()).isEqualTo(run + "/evaluations/requests/" + id + ".json");
            JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, r.getRecord().getKey()));
            assertThat(record.path("images").asInt()).isEqualTo(10);
            assertThat(record.path("metrics").path("samples").asInt()).isEqualTo(10);
            assertThat(record.path("report").path("temporal").asBoolean()).isTrue();
            assertThat(record.path("report").path("chunkLength").asInt()).isEqualTo(2);

            List<String> pictures = keysUnder(run + "/evaluations/requests/" + id + "/predictions/");
            assertThat(pictures).hasSize(CheckpointEvaluation.GAZE_PICTURES).allMatch(k -> k.endsWith(".jpg"))
                    .contains(run + "/evaluations/requests/" + id + "/predictions/00000-images_t0-f00.png.jpg");
            var picture = ImageIO.read(store.open(Buckets.RUNS, pictures.get(0)));
            assertThat(picture.getWidth()).isEqualTo(GazeTestScenes.WIDTH);
            assertThat(scenes.rows).isEqualTo(12);
        }
    }

    @Test
    void aForeignOrMalformedGroundTruthOrAMissingImageIsAFailureNamingTheProblem() throws Exception {
        String run = "gaze-broken-run";
        GazeTestScenes scenes = putScenes("gaze-broken-val", 1, 3, 13);
        putCheckpoint(run, 5, false, 5);
        store.put(Buckets.DATASETS, "gaze-broken-val/instances.json", ("{\"images\":[],\"annotations\":[],"
                + "\"categories\":[{\"id\":1,\"name\":\"square\"}]}").getBytes(StandardCharsets.UTF_8), "application/json");
        String text = scenes.index.toString();
        store.put(Buckets.DATASETS, "gaze-broken-val/short-row.csv",
                (text + "track0,images/t0-f00.png,1,2,3\n").getBytes(StandardCharsets.UTF_8), "text/csv");
        store.put(Buckets.DATASETS, "gaze-broken-val/missing.csv",
                text.replace("images/t0-f01.png", "images/nowhere.png").getBytes(StandardCharsets.UTF_8), "text/csv");
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName());
                TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            for (String truth : List.of("instances.json", "short-row.csv", "missing.csv")) {
                given().contentType("application/json").body("{\"checkpoint\": \"runs/" + run
                        + "/checkpoints/iter-00000005/\", \"groundTruth\": \"datasets/gaze-broken-val/" + truth + "\"}")
                        .post("/evaluations").then().statusCode(202);
            }
            List<JobFailed> failures = failed.awaitMatching(3, r -> r.key().equals(run), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), JobFailed.class)).toList();
            assertThat(failures).allMatch(f -> f.getSubject().getKey().equals(run + "/checkpoints/iter-00000005/"));
            assertThat(failures.get(0).getReason()).contains("datasets/gaze-broken-val/instances.json is not a gaze index")
                    .contains("track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y");
            assertThat(failures.get(1).getReason()).contains("short-row.csv line 5 has 5 fields");
            assertThat(failures.get(2).getReason()).contains("missing.csv line 3")
                    .contains("'images/nowhere.png' is missing");
            assertThat(results.drain()).filteredOn(r -> r.key().equals(run)).isEmpty();
        }
    }
}
