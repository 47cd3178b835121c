package io.framewise.videoannotator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.model.detector.SquareDetectors;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.video.TestVideos;
import io.framewise.events.FrameDetections;
import io.framewise.events.JobFailed;
import io.framewise.events.ModelPromoted;
import io.framewise.events.ObjectRef;
import io.framewise.events.VideoAnnotated;
import io.framewise.localstack.LocalStack;
import io.framewise.localstack.testing.LocalStackTestResource;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.videoannotator.core.OutputCheck;
import io.framewise.videoannotator.core.PoseCheckpoints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;

/**
 * The video-annotator against a real broker and store, with a tiny detector trained here (a white square on
 * black): dropped videos annotated with the promoted model, one detections message per frame in order, the
 * annotated mp4 and JSON in the store, image sets, hot reload on promotion (with and without a request in
 * between), a pose model's keypoints in every frame's message, no promoted model, a corrupt video.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AnnotatorServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final EventCodec CODEC = EventCodec.standard();
    private static final int SIZE = 64;
    private static final int VIDEO = 128;
    private static final int FRAMES = 16;
    private static final ModelSpec SPEC = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"),
            List.of("square"));
    private static byte[] trained;
    private static byte[] untrained;

    @Inject
    ObjectStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private final LocalStack stack = SharedTestStack.get();

    /** The untrained and the trained weights of the tiny detector, made once. */
    private static synchronized void models() throws Exception {
        if (trained != null) {
            return;
        }
        Djl.offline();
        OneStageDetector detector = new OneStageDetector(SPEC);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            SequentialBlock block = detector.initialize(m, 8);
            untrained = weights(block);
            SquareDetectors.train(block, m, 150, 5);
            trained = weights(block);
        }
    }

    private static byte[] weights(SequentialBlock block) throws Exception {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        Weights.save(block, params);
        return params.toByteArray();
    }

    /** Promotes the tiny detector's weights under a model name. */
    private void promote(String name, String run, byte[] params) throws Exception {
        promote(name, run, SPEC, params);
    }

    /** Promotes weights under a model name as the evaluator does (files, promoted.json last, then the event). */
    private void promote(String name, String run, ModelSpec spec, byte[] params) throws Exception {
        String prefix = "_models/" + name + "/";
        store.put(Buckets.RUNS, prefix + "model.json", spec.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        store.put(Buckets.RUNS, prefix + "model.params", params, "application/octet-stream");
        store.put(Buckets.RUNS, prefix + "promoted.json", ("{\"modelName\":\"" + name + "\",\"runId\":\"" + run
                + "\",\"iteration\":1,\"metric\":\"AP50\",\"value\":0.5,\"promotedAt\":\"" + Instant.now() + "\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        ModelPromoted event = ModelPromoted.newBuilder().setCorrelationId(run).setPromotedAt(Instant.now()).setModelName(name)
                .setModelFamily(spec.family()).setCheckpoint(new ObjectRef(Buckets.RUNS, prefix)).setIteration(1)
                .setMetric("AP50").setValue(0.5).build();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.MODELS_PROMOTED.topicName(), run, CODEC.encode(event))).get();
        }
    }

    /** The square's box in frame {@code i}: 40 px, moving right and down. */
    private static int[] squareAt(int i) {
        return new int[] {8 + 4 * i, 20 + 3 * i, 40, 40};
    }

    /** Frame {@code i}: the white square on black at {@link #squareAt}. */
    private static BufferedImage squareImage(int i) {
        BufferedImage image = new BufferedImage(VIDEO, VIDEO, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        int[] b = squareAt(i);
        g.fillRect(b[0], b[1], b[2], b[3]);
        g.dispose();
        return image;
    }

    private static Path video(String name) throws Exception {
        Path file = Files.createTempFile(name, ".mp4");
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), VIDEO, VIDEO, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(FRAMES);
            r.setVideoBitrate(800_000);
            r.start();
            for (int i = 0; i < FRAMES; i++) {
                r.record(converter.convert(squareImage(i)), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    private static double iou(io.framewise.events.BoundingBox d, int[] b) {
        double ix = Math.min(d.getX() + d.getWidth(), b[0] + b[2]) - Math.max(d.getX(), b[0]);
        double iy = Math.min(d.getY() + d.getHeight(), b[1] + b[3]) - Math.max(d.getY(), b[1]);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        return ix * iy / (d.getWidth() * d.getHeight() + b[2] * b[3] - ix * iy);
    }

    @Test
    void droppedVideosAreAnnotatedWithThePromotedModelWhichReloadsOnPromotion() throws Exception {
        models();
        promote("squares", "va-run-a", trained);
        try (TopicProbe frames = TopicProbe.fromNow(stack.bootstrapServers(), Topic.DETECTIONS.topicName());
                TopicProbe done = TopicProbe.fromNow(stack.bootstrapServers(), Topic.VIDEO_ANNOTATED.topicName())) {
            store.put(Buckets.VIDEOS, "inference/rink/clip-a.mp4", video("clip-a"), "video/mp4");
            VideoAnnotated a = CODEC.decode(done.awaitMatching(1, r -> r.key().equals("rink/clip-a.mp4"), WAIT).get(0).value(),
                    VideoAnnotated.class);
            assertThat(a.getRunId()).isEqualTo("va-run-a");
            assertThat(a.getModelName()).isEqualTo("squares");
            assertThat(a.getFrames()).isEqualTo(FRAMES);
            assertThat(a.getFps()).isEqualTo(FRAMES);
            assertThat(a.getOutput()).isEqualTo(new ObjectRef(Buckets.ANNOTATED, "rink/clip-a.mp4"));
            assertThat(a.getDetectionsJson()).isEqualTo(new ObjectRef(Buckets.ANNOTATED, "rink/clip-a.json"));

            List<FrameDetections> perFrame = frames.awaitMatching(FRAMES, r -> r.key().equals("rink/clip-a.mp4"), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), FrameDetections.class)).toList();
            assertThat(perFrame).extracting(FrameDetections::getFrameIndex)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, FRAMES).boxed().toList());
            assertThat(perFrame).allSatisfy(f -> {
                assertThat(f.getWidth()).isEqualTo(VIDEO);
                assertThat(f.getRunId()).isEqualTo("va-run-a");
            });
            assertThat(perFrame.get(FRAMES - 1).getPtsMillis()).isBetween(900L, 1000L);
            long found = perFrame.stream().filter(f -> f.getDetections().stream()
                    .anyMatch(d -> d.getLabel().equals("square") && iou(d.getBox(), squareAt((int) f.getFrameIndex())) > 0.4))
                    .count();
            System.out.printf("square found in %d of %d frames%n", found, FRAMES);
            assertThat(found).as("frames where the trained model finds the square").isGreaterThanOrEqualTo(FRAMES / 2);

            Path annotated = Files.createTempFile("annotated", ".mp4");
            store.download(Buckets.ANNOTATED, "rink/clip-a.mp4", annotated);
            OutputCheck.Probe probe = OutputCheck.probe(annotated);
            assertThat(probe.codec()).isEqualTo("h264");
            assertThat(probe.pixelFormat()).isEqualTo("yuv420p");
            assertThat(probe.frames()).isEqualTo(FRAMES);
            assertThat(new String(store.readAllBytes(Buckets.ANNOTATED, "rink/clip-a.json"), StandardCharsets.UTF_8))
                    .contains("\"image_id\":1,");

            // Asked again over REST: already done, answered at once from the marker.
            given().contentType("application/json").body("{\"key\": \"inference/rink/clip-a.mp4\"}").post("/annotations")
                    .then().statusCode(200).body("alreadyAnnotated", org.hamcrest.Matchers.is(true));

            // A newer promotion: the next video uses it, no restart.
            promote("squares", "va-run-b", untrained);
            store.put(Buckets.VIDEOS, "inference/rink/clip-b.mp4", video("clip-b"), "video/mp4");
            VideoAnnotated b = CODEC.decode(done.awaitMatching(1, r -> r.key().equals("rink/clip-b.mp4"), WAIT).get(0).value(),
                    VideoAnnotated.class);
            assertThat(b.getRunId()).isEqualTo("va-run-b");
            assertThat(frames.awaitMatching(FRAMES, r -> r.key().equals("rink/clip-b.mp4"), WAIT)).hasSize(FRAMES);
        }
    }

    @Test
    void aPromotedPoseModelPublishesEachFramesKeypoints() throws Exception {
        Path checkpoint = PoseCheckpoints.write(Files.createTempDirectory("pose"));
        promote("poses", "va-run-pose", PoseCheckpoints.SPEC, Files.readAllBytes(checkpoint.resolve("model.params")));
        store.put(Buckets.VIDEOS, "other/pose.mp4", video("pose"), "video/mp4");
        try (TopicProbe frames = TopicProbe.fromNow(stack.bootstrapServers(), Topic.DETECTIONS.topicName());
                TopicProbe done = TopicProbe.fromNow(stack.bootstrapServers(), Topic.VIDEO_ANNOTATED.topicName())) {
            String id = given().contentType("application/json")
                    .body("{\"key\": \"other/pose.mp4\", \"modelName\": \"poses\", \"minScore\": 0}").post("/annotations")
                    .then().statusCode(202).extract().path("correlationId");
            List<FrameDetections> perFrame = frames.awaitMatching(FRAMES, r -> r.key().equals(id), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), FrameDetections.class)).toList();
            assertThat(perFrame).allSatisfy(f -> {
                assertThat(f.getDetections()).hasSize(1);
                assertThat(f.getDetections().get(0).getKeypoints()).hasSize(4).allSatisfy(k -> {
                    assertThat(k.getX()).isFinite().isBetween(0f, (float) VIDEO);
                    assertThat(k.getY()).isFinite().isBetween(0f, (float) VIDEO);
                });
                assertThat(f.getDetections().get(0).getKeypoints()).extracting(k -> k.getPart().toString())
                        .containsExactly("nose", "left_ear", "right_ear", "tail");
            });
            done.awaitMatching(1, r -> r.key().equals(id), WAIT);
        }
        assertThat(new String(store.readAllBytes(Buckets.ANNOTATED, "videos/other/pose.json"), StandardCharsets.UTF_8))
                .contains("\"keypoints\":[");
    }

    @Test
    void noPromotedModelIsAClearFailure() throws Exception {
        store.put(Buckets.VIDEOS, "other/no-model.mp4", video("no-model"), "video/mp4");
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName())) {
            String id = given().contentType("application/json")
                    .body("{\"key\": \"other/no-model.mp4\", \"modelName\": \"never-promoted\"}").post("/annotations")
                    .then().statusCode(202).extract().path("correlationId");
            assertThat(id).isEqualTo("videos/other/no-model.mp4");
            JobFailed f = CODEC.decode(failed.awaitMatching(1, r -> r.key().equals(id), WAIT).get(0).value(), JobFailed.class);
            assertThat(f.getReason()).contains("no model has been promoted under 'never-promoted'");
            assertThat(f.getService()).isEqualTo("video-annotator");
        }
        given().contentType("application/json").body("{\"key\": \"other/missing.mp4\"}").post("/annotations").then()
                .statusCode(404);
        given().contentType("application/json").body("{\"key\": \"other/no-model.mp4\", \"minScore\": 2}").post("/annotations")
                .then().statusCode(400).body(org.hamcrest.Matchers.containsString("minScore"));
    }

    @Test
    void anImageSetIsAnnotatedIntoImagesWithOneMessagePerImageAndTheResultsJson() throws Exception {
        models();
        promote("squares-images", "va-run-images", trained);
        String[] names = {"a.jpg", "b.png", "c.jpg"};
        for (int i = 0; i < names.length; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(squareImage(3 * i), names[i].endsWith(".png") ? "png" : "jpg", bytes);
            store.put(Buckets.VIDEOS, "sets/rink/" + names[i], bytes.toByteArray(), "image/jpeg");
        }
        store.put(Buckets.VIDEOS, "sets/rink/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain");
        try (TopicProbe frames = TopicProbe.fromNow(stack.bootstrapServers(), Topic.DETECTIONS.topicName());
                TopicProbe done = TopicProbe.fromNow(stack.bootstrapServers(), Topic.VIDEO_ANNOTATED.topicName())) {
            String id = given().contentType("application/json")
                    .body("{\"key\": \"sets/rink/\", \"modelName\": \"squares-images\"}").post("/annotations")
                    .then().statusCode(202).body("images", org.hamcrest.Matchers.is("videos/sets/rink/"))
                    .extract().path("correlationId");
            VideoAnnotated a = CODEC.decode(done.awaitMatching(1, r -> r.key().equals(id), WAIT).get(0).value(), VideoAnnotated.class);
            assertThat(a.getFrames()).isEqualTo(3);
            assertThat(a.getOutput()).isEqualTo(new ObjectRef(Buckets.ANNOTATED, "videos/sets/rink/"));
            assertThat(a.getDetectionsJson()).isEqualTo(new ObjectRef(Buckets.ANNOTATED, "videos/sets/rink.json"));

            List<FrameDetections> perImage = frames.awaitMatching(3, r -> r.key().equals(id), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), FrameDetections.class)).toList();
            assertThat(perImage).extracting(FrameDetections::getImageName).containsExactly(names);
            assertThat(perImage).extracting(FrameDetections::getFrameIndex).containsExactly(0L, 1L, 2L);
            // The tiny model's boxes are rough; each image's best box must at least be centred on its square.
            for (FrameDetections f : perImage) {
                int[] b = squareAt(3 * (int) f.getFrameIndex());
                assertThat(f.getDetections()).as(f.getImageName()).anyMatch(d -> {
                    double cx = d.getBox().getX() + d.getBox().getWidth() / 2;
                    double cy = d.getBox().getY() + d.getBox().getHeight() / 2;
                    return cx > b[0] && cx < b[0] + b[2] && cy > b[1] && cy < b[1] + b[3];
                });
            }
            for (String name : names) {
                BufferedImage out = ImageIO.read(new java.io.ByteArrayInputStream(
                        store.readAllBytes(Buckets.ANNOTATED, "videos/sets/rink/" + name)));
                assertThat(out.getWidth()).isEqualTo(VIDEO);
            }
            assertThat(store.exists(Buckets.ANNOTATED, "videos/sets/rink/notes.txt")).isFalse();
            assertThat(new String(store.readAllBytes(Buckets.ANNOTATED, "videos/sets/rink.json"), StandardCharsets.UTF_8))
                    .contains("\"file_name\":\"b.png\"");
        }
        given().contentType("application/json").body("{\"key\": \"sets/nothing-here/\"}").post("/annotations").then()
                .statusCode(400).body(org.hamcrest.Matchers.containsString("no JPEG, PNG, BMP or GIF image under videos/sets/nothing-here/"));
    }

    @Test
    void aModelsPromotedEventAloneReloadsTheModelInUse() throws Exception {
        models();
        promote("squares-reload", "va-reload-1", trained);
        store.put(Buckets.VIDEOS, "other/reload.mp4", video("reload"), "video/mp4");
        try (TopicProbe done = TopicProbe.fromNow(stack.bootstrapServers(), Topic.VIDEO_ANNOTATED.topicName())) {
            String id = given().contentType("application/json")
                    .body("{\"key\": \"other/reload.mp4\", \"modelName\": \"squares-reload\"}").post("/annotations")
                    .then().statusCode(202).extract().path("correlationId");
            done.awaitMatching(1, r -> r.key().equals(id), WAIT);
        }
        assertThat(registry.runOf("squares-reload")).contains("va-reload-1");
        double loads = meters.counter("framewise.annotator.model.loads").count();

        // No request in between: only the event can make the service load the new model.
        promote("squares-reload", "va-reload-2", untrained);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!registry.runOf("squares-reload").equals(java.util.Optional.of("va-reload-2")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(registry.runOf("squares-reload")).contains("va-reload-2");
        assertThat(meters.counter("framewise.annotator.model.loads").count()).isEqualTo(loads + 1);
    }

    @Test
    void aCorruptVideoIsAFailureAndTheServiceGoesOn() throws Exception {
        models();
        promote("squares", "va-run-c", trained);
        Path noise = TestVideos.notAVideo(Files.createTempFile("noise", ".mp4"));
        try (TopicProbe failed = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName());
                TopicProbe done = TopicProbe.fromNow(stack.bootstrapServers(), Topic.VIDEO_ANNOTATED.topicName())) {
            store.put(Buckets.VIDEOS, "inference/bad/noise.mp4", noise, "video/mp4");
            store.put(Buckets.VIDEOS, "inference/bad/good.mp4", video("good"), "video/mp4");
            JobFailed f = CODEC.decode(failed.awaitMatching(1, r -> r.key().equals("bad/noise.mp4"), WAIT).get(0).value(),
                    JobFailed.class);
            assertThat(f.getReason()).contains("not a video");
            assertThat(f.getSubject().getKey()).isEqualTo("inference/bad/noise.mp4");
            assertThat(done.awaitMatching(1, r -> r.key().equals("bad/good.mp4"), WAIT)).hasSize(1);
            assertThat(store.exists(Buckets.ANNOTATED, "bad/noise.mp4")).isFalse();
        }
    }
}
