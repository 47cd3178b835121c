package io.framewise.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.model.detector.SquareDetectors;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.common.model.loans.LoansModel;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against a real broker and store, on checkpoints of a tiny detector trained here (one class:
 * a white square on black): evaluation of every checkpoint of a run with a validation set, records, plot,
 * best checkpoint, promotion only on improvement, skipping what was evaluated, requests over REST with
 * pictures, a checkpoint that does not load, and a pose (keypoint) checkpoint evaluated by OKS on generated
 * scenes of an "animal" with four marked parts.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class EvaluatorServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final EventCodec CODEC = EventCodec.standard();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 64;
    /** The parts of the trainer's generated pose scenes (its {@code PoseScenes}), and so of the pose checkpoint here. */
    private static final List<String> ANIMAL_PARTS = List.of("nose", "left_ear", "right_ear", "tail");
    private static final List<String> KEYPOINT_METRICS = List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50",
            "AR75", "ARm", "ARl");

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry metrics;

    private final LocalStack stack = SharedTestStack.get();

    private static BufferedImage square(Random random, int[] box) {
        return SquareDetectors.square(random, box);
    }

    /** The validation set in the store: {@code datasets/<name>/instances.json} and {@code images/N.png}. */
    private void putValidation(String name, int count) throws Exception {
        Random random = new Random(99);
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            int[] b = new int[4];
            BufferedImage image = square(random, b);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            store.put(Buckets.DATASETS, name + "/images/" + i + ".png", png.toByteArray(), "image/png");
            images.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"file_name\":\"images/").append(i)
                    .append(".png\",\"width\":64,\"height\":64}");
            annotations.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"image_id\":").append(i)
                    .append(",\"category_id\":7,\"bbox\":[").append(b[0]).append(',').append(b[1]).append(',').append(b[2])
                    .append(',').append(b[3]).append("],\"area\":").append(b[2] * b[3]).append(",\"iscrowd\":0}");
        }
        store.put(Buckets.DATASETS, name + "/instances.json", ("{\"images\":[" + images + "],\"annotations\":[" + annotations
                + "],\"categories\":[{\"id\":7,\"name\":\"square\"}]}").getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private void putCheckpoint(String run, long iteration, Block block, ModelSpec spec) throws Exception {
        String prefix = run + "/checkpoints/" + String.format("iter-%08d", iteration) + "/";
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        Weights.save(block, params);
        store.put(Buckets.RUNS, prefix + "model.json", spec.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        store.put(Buckets.RUNS, prefix + "model.params", params.toByteArray(), "application/octet-stream");
        store.put(Buckets.RUNS, prefix + "_complete", new byte[0], "text/plain");
    }

    private static CheckpointSaved saved(String run, long iteration, String validation) {
        return CheckpointSaved.newBuilder().setCorrelationId(run).setSavedAt(Instant.now())
                .setModelFamily(OneStageDetector.FAMILY).setModelName(run + "-model").setIteration(iteration).setEpoch(0)
                .setCheckpoint(new ObjectRef(Buckets.RUNS, run + "/checkpoints/" + String.format("iter-%08d", iteration) + "/"))
                .setValidation(new ObjectRef(Buckets.DATASETS, validation + "/instances.json")).setValidationImages(null)
                .setPromotionMetric("AP50").setMinImprovement(0.0).build();
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void send(KafkaProducer<String, byte[]> producer, CheckpointSaved event) throws Exception {
        producer.send(new ProducerRecord<>(Topic.CHECKPOINT_SAVED.topicName(), event.getCorrelationId(), CODEC.encode(event)))
                .get();
    }

    private double skipped() {
        var c = metrics.find("framewise_evaluator_evaluations_total").tag("outcome", "skipped").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void everyCheckpointIsEvaluatedAndTheBestIsPromotedOnlyOnImprovement() throws Exception {
        String run = "eval-run";
        putValidation("eval-val", 16);
        ModelSpec spec = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"), List.of("square"));
        OneStageDetector detector = new OneStageDetector(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            SequentialBlock block = detector.initialize(m, 8);
            putCheckpoint(run, 0, block, spec);
            putCheckpoint(run, 90, block, spec);
            SquareDetectors.train(block, m, 120, 5);
            putCheckpoint(run, 120, block, spec);
        }
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName());
                TopicProbe promoted = TopicProbe.fromNow(stack.bootstrapServers(), Topic.MODELS_PROMOTED.topicName());
                KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, saved(run, 0, "eval-val"));
            send(producer, saved(run, 120, "eval-val"));
            List<EvaluationResults> first = results.awaitMatching(2, r -> r.key().equals(run), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), EvaluationResults.class)).toList();
            assertThat(first).extracting(EvaluationResults::getIteration).containsExactly(0L, 120L);
            double untrained = first.get(0).getMetrics().get("AP50");
            double trained = first.get(1).getMetrics().get("AP50");
            System.out.printf("AP50 untrained %.3f, trained %.3f%n", untrained, trained);
            assertThat(trained).isGreaterThan(untrained + 0.3);
            assertThat(first.get(1).getBestSoFar()).isTrue();
            assertThat(first.get(1).getMetrics()).containsKeys("AP", "AP75", "AR100", "vocAP", "voc07AP", "recall",
                    "precision", "hMean", "missedIoU");
            assertThat(first.get(1).getPerCategoryAp()).containsKey("square");

            List<ModelPromoted> promotions = promoted.awaitMatching(2, r -> r.key().equals(run), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), ModelPromoted.class)).toList();
            assertThat(promotions.get(0).getIteration()).isZero();
            assertThat(promotions.get(0).getPreviousValue()).isNull();
            assertThat(promotions.get(1).getIteration()).isEqualTo(120);
            assertThat(promotions.get(1).getPreviousValue()).isEqualTo(untrained);
            assertThat(promotions.get(1).getCheckpoint().getKey()).isEqualTo("_models/eval-run-model/");
            assertThat(store.exists(Buckets.RUNS, "_models/eval-run-model/model.params")).isTrue();

            // A worse checkpoint later: evaluated, not promoted. Then iteration 0 again: skipped (it has a record).
            double skippedBefore = skipped();
            send(producer, saved(run, 90, "eval-val"));
            send(producer, saved(run, 0, "eval-val"));
            results.awaitMatching(3, r -> r.key().equals(run), WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (skipped() < skippedBefore + 1) {
                assertThat(System.nanoTime()).as("the repeated checkpoint was skipped").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(results.drain()).filteredOn(r -> r.key().equals(run)).hasSize(3);
            assertThat(promoted.drain()).filteredOn(r -> r.key().equals(run)).hasSize(2);
            JsonNode current = JSON.readTree(store.readAllBytes(Buckets.RUNS, "_models/eval-run-model/promoted.json"));
            assertThat(current.path("iteration").asLong()).isEqualTo(120);
            JsonNode best = JSON.readTree(store.readAllBytes(Buckets.RUNS, run + "/best.json"));
            assertThat(best.path("iteration").asLong()).isEqualTo(120);
            for (String key : List.of("plot.png", "evaluations/iter-00000000.json", "evaluations/iter-00000090.json",
                    "evaluations/iter-00000120.json")) {
                assertThat(store.exists(Buckets.RUNS, run + "/" + key)).as(key).isTrue();
            }
            assertThat(ImageIO.read(store.open(Buckets.RUNS, run + "/plot.png")).getWidth()).isEqualTo(900);

            // By hand (POST /promotions): the worse iteration 90, with its evaluated AP50; the event follows.
            double ninety = JSON.readTree(store.readAllBytes(Buckets.RUNS, run + "/evaluations/iter-00000090.json"))
                    .path("metrics").path("AP50").asDouble();
            given().contentType("application/json")
                    .body("{\"modelName\": \"eval-run-model\", \"checkpoint\": \"runs/eval-run/checkpoints/iter-00000090/\"}")
                    .post("/promotions").then().statusCode(200)
                    .body("metric", org.hamcrest.Matchers.is("AP50"))
                    .body("iteration", org.hamcrest.Matchers.is(90))
                    .body("promoted", org.hamcrest.Matchers.is("runs/_models/eval-run-model/"));
            ModelPromoted manual = CODEC.decode(promoted.awaitMatching(3, r -> r.key().equals(run), WAIT).get(2).value(),
                    ModelPromoted.class);
            assertThat(manual.getIteration()).isEqualTo(90);
            assertThat(manual.getValue()).isEqualTo(ninety);
            assertThat(manual.getPreviousValue()).isEqualTo(trained);
            assertThat(JSON.readTree(store.readAllBytes(Buckets.RUNS, "_models/eval-run-model/promoted.json"))
                    .path("iteration").asLong()).isEqualTo(90);

            // A checkpoint never evaluated is promoted as 'manual'; bad requests say what is wrong.
            for (String file : List.of("model.json", "model.params")) {
                store.copy(Buckets.RUNS, run + "/checkpoints/iter-00000090/" + file, Buckets.RUNS,
                        run + "/checkpoints/iter-00000150/" + file);
            }
            given().contentType("application/json")
                    .body("{\"modelName\": \"eval-run-model\", \"checkpoint\": \"runs/eval-run/checkpoints/iter-00000150\"}")
                    .post("/promotions").then().statusCode(200).body("metric", org.hamcrest.Matchers.is("manual"));
            given().contentType("application/json")
                    .body("{\"modelName\": \"eval-run-model\", \"checkpoint\": \"runs/eval-run/checkpoints/iter-00000777/\"}")
                    .post("/promotions").then().statusCode(404);
            given().contentType("application/json")
                    .body("{\"modelName\": \"eval-run-model\", \"checkpoint\": \"runs/eval-run/plot.png\"}")
                    .post("/promotions").then().statusCode(400)
                    .body(org.hamcrest.Matchers.containsString("<run>/checkpoints/iter-N/"));
            given().contentType("application/json").body("{\"checkpoint\": \"eval-run/checkpoints/iter-00000090/\"}")
                    .post("/promotions").then().statusCode(400).body(org.hamcrest.Matchers.containsString("'modelName' is required"));
        }
    }

    @Test
    void anyCheckpointCanBeEvaluatedOnRequestWithPictures() throws Exception {
        String run = "eval-request-run";
        putValidation("eval-request-val", 6);
        ModelSpec spec = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"), List.of("square"));
        try (NDManager m = NDManager.newBaseManager()) {
            putCheckpoint(run, 5, new OneStageDetector(spec).initialize(m, 1), spec);
        }
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            String id = given().contentType("application/json").body("{\"checkpoint\": \"runs/" + run
                    + "/checkpoints/iter-00000005\", \"groundTruth\": \"datasets/eval-request-val/instances.json\","
                    + " \"numSamples\": 4, \"batchSize\": 3, \"savePredictions\": true}")
                    .post("/evaluations").then().statusCode(202).extract().path("correlationId");
            EvaluationResults r = CODEC.decode(results.awaitMatching(1, e -> e.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            assertThat(r.getRecord().getKey()).isEqualTo(run + "/evaluations/requests/" + id + ".json");
            JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, r.getRecord().getKey()));
            assertThat(record.path("images").asInt()).isEqualTo(4);
            assertThat(record.path("report").path("counts").path("images").asInt()).isEqualTo(4);
            for (int i = 1; i <= 4; i++) {
                assertThat(store.exists(Buckets.RUNS, run + "/evaluations/requests/" + id + "/predictions/images_" + i
                        + ".png.jpg")).as("picture %d", i).isTrue();
            }
        }
        given().contentType("application/json").body("{\"checkpoint\": \"runs/nope/checkpoints/iter-00000001\","
                + " \"groundTruth\": \"datasets/eval-request-val/instances.json\"}").post("/evaluations").then()
                .statusCode(404).body(containsString("nope/checkpoints/iter-00000001/model.json"));
        given().contentType("application/json").body("{\"checkpoint\": \"runs/" + run + "/checkpoints/iter-00000005\","
                + " \"groundTruth\": \"datasets/eval-request-val/instances.json\", \"iou\": 0.5}").post("/evaluations")
                .then().statusCode(400).body(containsString("no field 'iou'"));
    }

    @Test
    void aLoansCheckpointIsEvaluatedWithItsAssessorsQuality() throws Exception {
        String run = "eval-loans-run";
        putValidation("eval-loans-val", 6);
        ModelSpec spec = new ModelSpec(LoansModel.FAMILY, Map.of("width", "8", "imageSize", "64", "targetSize", "32x48",
                "assessorWidth", "8"), List.of("square"));
        LoansModel model = new LoansModel(spec);
        String prefix = run + "/checkpoints/iter-00000003/";
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            for (Map.Entry<String, SequentialBlock> b : Map.of("localizer", model.newLocalizer(m), "assessor",
                    model.newAssessor(m)).entrySet()) {
                ByteArrayOutputStream params = new ByteArrayOutputStream();
                Weights.save(b.getValue(), params);
                store.put(Buckets.RUNS, prefix + b.getKey() + ".params", params.toByteArray(), "application/octet-stream");
            }
        }
        store.put(Buckets.RUNS, prefix + "model.json", spec.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            given().contentType("application/json").body("{\"checkpoint\": \"runs/" + prefix + "\", \"groundTruth\":"
                    + " \"datasets/eval-loans-val/instances.json\"}").post("/evaluations").then().statusCode(202);
            EvaluationResults r = CODEC.decode(results.awaitMatching(1, e -> e.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            // One box per image, the untrained localizer's centred crop, scored by the untrained assessor.
            assertThat(r.getMetrics()).containsKeys("AP50", "assessorPearson", "assessorMeanAbsoluteError");
            assertThat(r.getMetrics().get("assessorMeanAbsoluteError")).isBetween(0.0, 1.0);
            JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, r.getRecord().getKey()));
            assertThat(record.path("report").path("counts").path("detections").asInt()).isEqualTo(6);
        }
    }

    @Test
    void aCheckpointThatDoesNotLoadIsAFailureAndTheServiceGoesOn() throws Exception {
        String run = "eval-broken-run";
        putValidation("eval-broken-val", 2);
        store.put(Buckets.RUNS, run + "/checkpoints/iter-00000001/model.json", ("{\"family\":\"one-stage-detector\","
                + "\"settings\":{\"width\":\"8\",\"imageSize\":\"64\"},\"categories\":[\"square\"]}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        store.put(Buckets.RUNS, run + "/checkpoints/iter-00000001/model.params", "garbage".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");
        ModelSpec spec = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"), List.of("square"));
        try (NDManager m = NDManager.newBaseManager()) {
            putCheckpoint(run, 2, new OneStageDetector(spec).initialize(m, 1), spec);
        }
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName());
                TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName());
                KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, saved(run, 1, "eval-broken-val"));
            send(producer, saved(run, 2, "eval-broken-val"));
            JobFailed f = CODEC.decode(failed.awaitMatching(1, r -> r.key().equals(run), WAIT).get(0).value(), JobFailed.class);
            assertThat(f.getSubject().getKey()).isEqualTo(run + "/checkpoints/iter-00000001/");
            assertThat(f.getReason()).isNotBlank();
            EvaluationResults ok = CODEC.decode(results.awaitMatching(1, r -> r.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            assertThat(ok.getIteration()).isEqualTo(2);
        }
    }

    /**
     * A keypoint validation set in the store, as the trainer's {@code PoseScenes} writes it (that generator lives in
     * the trainer, which depends on this module): {@code datasets/<name>/keypoints.json} with file names
     * {@code images/frame-NNNNN.png}, one grey oval "animal" per image whose category "animal" names {@code parts}
     * (four of them: nose and tail at the tips, two ears beside the head), all visible.
     */
    private String putPoseScenes(String name, int count, List<String> parts) throws Exception {
        Random random = new Random(5);
        var coco = JSON.createObjectNode();
        var images = coco.putArray("images");
        var annotations = coco.putArray("annotations");
        for (int i = 0; i < count; i++) {
            double cx = SIZE * (0.35 + 0.3 * random.nextDouble());
            double cy = SIZE * (0.35 + 0.3 * random.nextDouble());
            double heading = random.nextDouble() * 2 * Math.PI;
            double length = SIZE * (0.30 + 0.12 * random.nextDouble());
            double width = length * 0.45;
            double cos = Math.cos(heading);
            double sin = Math.sin(heading);
            double[][] uv = {{length / 2, 0}, {length * 0.28, width * 0.42}, {length * 0.28, -width * 0.42},
                {-length / 2, 0}};
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(new java.awt.Color(95, 85, 75));
            g.fillRect(0, 0, SIZE, SIZE);
            java.awt.geom.AffineTransform saved = g.getTransform();
            g.translate(cx, cy);
            g.rotate(heading);
            g.setColor(new java.awt.Color(200, 200, 205));
            g.fill(new java.awt.geom.Ellipse2D.Double(-length / 2, -width / 2, length, width));
            g.setTransform(saved);
            var kp = JSON.createArrayNode();
            java.awt.Color[] colours = {java.awt.Color.RED, java.awt.Color.YELLOW, java.awt.Color.YELLOW,
                java.awt.Color.BLUE};
            for (int p = 0; p < 4; p++) {
                double px = cx + uv[p][0] * cos + uv[p][1] * sin;
                double py = cy + uv[p][0] * sin - uv[p][1] * cos;
                g.setColor(colours[p]);
                g.fill(new java.awt.geom.Ellipse2D.Double(px - 1.5, py - 1.5, 3, 3));
                kp.add(px).add(py).add(2);
            }
            g.dispose();
            double hx = Math.hypot(length / 2 * cos, width / 2 * sin);
            double hy = Math.hypot(length / 2 * sin, width / 2 * cos);
            String file = String.format(java.util.Locale.ROOT, "images/frame-%05d.png", i);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            store.put(Buckets.DATASETS, name + "/" + file, png.toByteArray(), "image/png");
            images.addObject().put("id", i + 1).put("file_name", file).put("width", SIZE).put("height", SIZE);
            var a = annotations.addObject().put("id", i + 1).put("image_id", i + 1).put("category_id", 1)
                    .put("iscrowd", 0).put("area", Math.PI * length * width / 4).put("num_keypoints", 4);
            a.putArray("bbox").add(cx - hx).add(cy - hy).add(2 * hx).add(2 * hy);
            a.set("keypoints", kp);
        }
        var category = coco.putArray("categories").addObject().put("id", 1).put("name", "animal");
        parts.forEach(category.putArray("keypoints")::add);
        var skeleton = category.putArray("skeleton");
        skeleton.addArray().add(1).add(2);
        skeleton.addArray().add(1).add(3);
        store.put(Buckets.DATASETS, name + "/keypoints.json", JSON.writeValueAsBytes(coco), "application/json");
        return name + "/keypoints.json";
    }

    /**
     * An untrained (seeded) stacked-hourglass checkpoint of an "animal" with {@link #ANIMAL_PARTS}, as the video
     * annotator's {@code PoseCheckpoints}: one stack, depth 2, 16 features, 64 px input.
     */
    private void putPoseCheckpoint(String run, long iteration) throws Exception {
        KeypointSpec keypoints = new KeypointSpec(ANIMAL_PARTS, List.of(new KeypointSpec.Pair(1, 2)),
                new double[] {.08, .08, .08, .08}, List.of(new KeypointSpec.Pair(0, 1), new KeypointSpec.Pair(0, 2)));
        ModelSpec spec = StackedHourglass.spec(Map.of("stacks", "1", "depth", "2", "features", "16", "imageSize", "64"),
                keypoints, "animal");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            putCheckpoint(run, iteration, new StackedHourglass(spec).initialize(m, 1), spec);
        }
    }

    private List<String> keysUnder(String prefix) {
        try (Stream<ObjectInfo> listed = store.list(Buckets.RUNS, prefix)) {
            return listed.map(ObjectInfo::key).toList();
        }
    }

    private static String poseRequest(String run, String groundTruth, boolean savePredictions) {
        return "{\"checkpoint\": \"runs/" + run + "/checkpoints/iter-00000004\", \"groundTruth\": \"datasets/" + groundTruth
                + "\", \"batchSize\": 4, \"savePredictions\": " + savePredictions + "}";
    }

    @Test
    void aPoseCheckpointIsEvaluatedByOksWithPicturesAndKeypointSheets() throws Exception {
        String run = "eval-pose-run";
        String truth = putPoseScenes("eval-pose-val", 6, ANIMAL_PARTS);
        putPoseCheckpoint(run, 4);
        try (TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            String id = given().contentType("application/json").body(poseRequest(run, truth, true))
                    .post("/evaluations").then().statusCode(202).extract().path("correlationId");
            EvaluationResults r = CODEC.decode(results.awaitMatching(1, e -> e.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            assertThat(r.getIteration()).isEqualTo(4);
            assertThat(r.getRecord().getKey()).isEqualTo(run + "/evaluations/requests/" + id + ".json");
            assertThat(r.getMetrics()).containsKeys(KEYPOINT_METRICS.toArray(String[]::new));
            for (String key : KEYPOINT_METRICS) {
                double v = r.getMetrics().get(key);
                assertThat(v == -1 || (v >= 0 && v <= 1)).as("%s = %s is in [0, 1] or -1", key, v).isTrue();
            }
            assertThat(r.getPerCategoryAp()).containsKey("animal");

            JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, r.getRecord().getKey()));
            assertThat(record.path("images").asInt()).isEqualTo(6);
            assertThat(record.path("metrics").has("AP50")).isTrue();
            assertThat(record.path("report").path("counts").path("groundTruthPoses").asInt()).isEqualTo(6);
            assertThat(record.path("report").path("counts").path("detections").asInt()).isEqualTo(6);

            String base = run + "/evaluations/requests/" + id;
            assertThat(ImageIO.read(store.open(Buckets.RUNS, base + "/precision-recall.png"))).isNotNull();
            List<String> sheets = keysUnder(base + "/keypoints/");
            assertThat(sheets).isNotEmpty().allMatch(k -> k.endsWith(".png"));
            assertThat(ImageIO.read(store.open(Buckets.RUNS, sheets.get(0)))).isNotNull();
            List<String> pictures = keysUnder(base + "/predictions/");
            assertThat(pictures).isNotEmpty().allMatch(k -> k.endsWith(".jpg"))
                    .contains(base + "/predictions/images_frame-00000.png.jpg");
            assertThat(ImageIO.read(store.open(Buckets.RUNS, pictures.get(0)))).isNotNull();
        }
    }

    @Test
    void groundTruthWhosePartsDifferFromThePoseModelsIsAFailureNamingBothAndTheServiceGoesOn() throws Exception {
        String run = "eval-pose-mismatch-run";
        List<String> otherParts = List.of("nose", "left_eye", "right_eye", "tail");
        String wrong = putPoseScenes("eval-pose-other-parts", 2, otherParts);
        String right = putPoseScenes("eval-pose-same-parts", 2, ANIMAL_PARTS);
        putPoseCheckpoint(run, 4);
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName());
                TopicProbe results = TopicProbe.fromNow(stack.bootstrapServers(), Topic.EVALUATION_RESULTS.topicName())) {
            given().contentType("application/json").body(poseRequest(run, wrong, true)).post("/evaluations").then()
                    .statusCode(202);
            JobFailed f = CODEC.decode(failed.awaitMatching(1, r -> r.key().equals(run), WAIT).get(0).value(),
                    JobFailed.class);
            assertThat(f.getSubject().getKey()).isEqualTo(run + "/checkpoints/iter-00000004/");
            assertThat(f.getReason()).contains(otherParts.toString()).contains(ANIMAL_PARTS.toString())
                    .contains("'animal'");

            given().contentType("application/json").body(poseRequest(run, right, false)).post("/evaluations").then()
                    .statusCode(202);
            EvaluationResults ok = CODEC.decode(results.awaitMatching(1, r -> r.key().equals(run), WAIT).get(0).value(),
                    EvaluationResults.class);
            assertThat(ok.getIteration()).isEqualTo(4);
            assertThat(ok.getMetrics()).containsKeys(KEYPOINT_METRICS.toArray(String[]::new));
            assertThat(results.drain()).filteredOn(r -> r.key().equals(run)).hasSize(1);
        }
    }
}
