package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.framewise.cli.demo.SampleData;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.FrameDetections;
import io.framewise.events.FramesExtracted;
import io.framewise.events.RunOutcome;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.VideoAnnotated;
import io.framewise.localstack.LocalStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.videoannotator.core.OutputCheck;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability checks of the main job, with the real services as child processes on the embedded stack: each
 * service is killed with SIGKILL in the middle of its work and started again, and the work completes with nothing
 * lost and nothing duplicated; then the broker is stopped and restarted in the middle of a job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final EventCodec CODEC = EventCodec.standard();

    /** Kept when a test fails: the services' logs are in stack/logs/. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;

    private static StackSession session;
    private static ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("framewise.home", Path.of("..").toAbsolutePath().normalize().toString());
        session = StackSession.start(LocalStack.Settings.ephemeral(dir.resolve("stack")), List.of());
        store = session.stack().store();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    private static String bootstrap() {
        return session.stack().bootstrapServers();
    }

    /** Waits for a condition on the store (no event says "the work has begun"), failing after {@code timeout}. */
    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long count(String bucket, String prefix, String suffix) {
        try (Stream<ObjectInfo> objects = store.list(bucket, prefix)) {
            return objects.filter(o -> o.key().endsWith(suffix)).count();
        }
    }

    /** Every event under {@code key} the probe has received since it opened (up to the topic's current end). */
    private static <T extends SpecificRecord> List<T> events(TopicProbe probe, Class<T> type, String key) {
        return probe.drain().stream().filter(r -> key.equals(r.key())).map(r -> CODEC.decode(r.value(), type)).toList();
    }

    private static <T extends SpecificRecord> T await(TopicProbe probe, Class<T> type, String key) {
        return CODEC.decode(probe.awaitMatching(1, r -> key.equals(r.key()), WAIT).get(0).value(), type);
    }

    private static List<String> lines(String bucket, String key) {
        return new String(store.readAllBytes(bucket, key), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    @Order(1)
    void theFrameExtractorKilledMidVideoExtractsItAfterARestartExactlyOnce() throws Exception {
        session.start("frame-extractor");
        Path video = SampleData.video(dir.resolve("long.mp4"), 1500, 3);
        String key = "train/reliability/long.mp4";
        String frames = "frames/reliability/long.mp4/";
        try (TopicProbe extracted = TopicProbe.fromNow(bootstrap(), Topic.FRAMES_EXTRACTED.topicName())) {
            store.put(Buckets.VIDEOS, key, video, "video/mp4");
            await("the first extracted frame", WAIT, () -> count(Buckets.DATASETS, frames, ".jpg") > 0);
            session.kill("frame-extractor");
            long before = count(Buckets.DATASETS, frames, ".jpg");
            assertThat(before).as("frames stored when killed").isBetween(1L, 1499L);
            assertThat(extracted.drain()).as("no result before the kill").isEmpty();

            session.start("frame-extractor");
            FramesExtracted done = CODEC.decode(extracted.awaitMatching(1, r -> CODEC.decode(r.value(), FramesExtracted.class)
                    .getVideo().getKey().equals(key), WAIT).get(0).value(), FramesExtracted.class);
            assertThat(done.getFrameCount()).isEqualTo(1500);
            assertThat(count(Buckets.DATASETS, frames, ".jpg")).isEqualTo(1500);
            List<String> manifest = lines(done.getManifest().getBucket(), done.getManifest().getKey());
            assertThat(manifest).hasSize(1501).doesNotHaveDuplicates();
            assertThat(extracted.drain()).as("one frames.extracted only").hasSize(1);
        } finally {
            session.kill("frame-extractor");
        }
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    @Test
    @Order(2)
    void theDatasetSynthesizerKilledMidDatasetFinishesItAfterARestart() throws Exception {
        session.start("dataset-synthesizer");
        Random random = new Random(5);
        for (int i = 0; i < 2; i++) {
            BufferedImage background = new BufferedImage(128, 96, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 128; x++) {
                    background.setRGB(x, y, random.nextInt(0xffffff));
                }
            }
            store.put(Buckets.INPUTS, "reliability/backgrounds/" + i + ".png", png(background), "image/png");
        }
        BufferedImage template = new BufferedImage(24, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = template.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(220, 40, 40));
        g.fillOval(2, 2, 20, 28);
        g.dispose();
        store.put(Buckets.INPUTS, "reliability/templates/figure.png", png(template), "image/png");

        String output = "reliability/assessor/";
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("backgrounds", "inputs/reliability/backgrounds/");
        request.put("templates", "inputs/reliability/templates/");
        request.put("output", "datasets/" + output);
        request.put("numSamples", 1500);
        request.put("outputSize", List.of(32, 24));
        request.put("imageSize", "64x48");
        request.put("seed", 3);
        try (TopicProbe synthesized = TopicProbe.fromNow(bootstrap(), Topic.DATASET_SYNTHESIZED.topicName())) {
            String id = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("dataset-synthesizer"))
                    .post("/syntheses", request).path("correlationId").asText();
            await("the first progress checkpoint", WAIT, () -> count(Buckets.DATASETS, output + "_progress/", ".tsv") > 0);
            session.kill("dataset-synthesizer");
            assertThat(synthesized.drain()).as("no result before the kill").isEmpty();

            session.start("dataset-synthesizer");
            DatasetSynthesized done = await(synthesized, DatasetSynthesized.class, id);
            assertThat(done.getSamples()).isEqualTo(1500);
            List<String> index = lines(done.getIndex().getBucket(), done.getIndex().getKey());
            assertThat(index.stream().filter(l -> !l.startsWith("path")).count()).isEqualTo(1500);
            assertThat(index).doesNotHaveDuplicates();
            Set<String> images = new HashSet<>();
            index.stream().filter(l -> !l.startsWith("path")).forEach(l -> images.add(l.split("[\t,]")[0]));
            assertThat(images).hasSize(1500);
            await("the progress files removed", WAIT, () -> count(Buckets.DATASETS, output + "_progress/", "") == 0);
            assertThat(events(synthesized, DatasetSynthesized.class, id)).as("one dataset.synthesized only").hasSize(1);
        } finally {
            session.kill("dataset-synthesizer");
        }
    }

    @Test
    @Order(3)
    void theTrainerKilledMidRunResumesFromItsCheckpointWithoutRepeatingOne() throws Exception {
        session.start("trainer");
        Path coco = dir.resolve("coco");
        SampleData.cocoSet(coco, 16, 7);
        try (Stream<Path> files = Files.walk(coco)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                store.put(Buckets.DATASETS, "reliability/coco/" + coco.relativize(f).toString().replace('\\', '/'), f,
                        f.toString().endsWith(".json") ? "application/json" : "image/jpeg");
            }
        }
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("width", 8);
        hyper.put("imageSize", "64x64");
        hyper.put("batchSize", 4);
        hyper.put("iterations", 200);
        hyper.put("logInterval", 5);
        hyper.put("snapshotInterval", 50);
        hyper.put("previewInterval", 200);
        hyper.put("snapshotAtEpochEnd", false);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("family", "one-stage-detector");
        request.put("modelName", "reliability-detector");
        request.put("train", "datasets/reliability/coco/instances.json");
        request.put("trainImages", "datasets/reliability/coco/images/");
        request.put("hyperparameters", hyper);
        try (TopicProbe checkpoints = TopicProbe.fromNow(bootstrap(), Topic.CHECKPOINT_SAVED.topicName());
                TopicProbe completed = TopicProbe.fromNow(bootstrap(), Topic.TRAINING_COMPLETED.topicName())) {
            String run = new ServiceClient("http://127.0.0.1:" + ServiceProcesses.PORTS.get("trainer")).post("/runs", request)
                    .path("runId").asText();
            checkpoints.awaitMatching(1, r -> run.equals(r.key()), WAIT);
            session.kill("trainer");
            assertThat(completed.drain()).as("the run had not ended when killed").isEmpty();

            session.start("trainer");
            TrainingCompleted done = await(completed, TrainingCompleted.class, run);
            assertThat(done.getOutcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(done.getIterations()).isEqualTo(200);
            // Restarted from scratch, the run would save iteration 50 again: resumed, each checkpoint is saved once.
            assertThat(events(checkpoints, CheckpointSaved.class, run)).extracting(CheckpointSaved::getIteration)
                    .as("every checkpoint saved once").containsExactly(50L, 100L, 150L, 200L);
            List<Long> logged = lines(Buckets.RUNS, run + "/metrics.csv").stream().skip(1)
                    .map(l -> Long.parseLong(l.substring(0, l.indexOf(',')))).toList();
            assertThat(logged).as("metrics.csv: each iteration once, in order").isSorted().doesNotHaveDuplicates()
                    .contains(5L, 200L);
            assertThat(events(completed, TrainingCompleted.class, run)).as("one training.completed only").hasSize(1);
        } finally {
            session.kill("trainer");
        }
    }

    /** A tiny untrained detector promoted under {@code name}, as the evaluator would. */
    private static void promote(String name) throws Exception {
        Djl.offline();
        ModelSpec spec = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"), List.of("skater"));
        Path folder = Files.createDirectories(dir.resolve("model-" + name));
        try (NDManager m = NDManager.newBaseManager(); OutputStream params = Files.newOutputStream(folder.resolve("model.params"))) {
            Weights.save(new OneStageDetector(spec).initialize(m, 1), params);
        }
        String prefix = "_models/" + name + "/";
        store.put(Buckets.RUNS, prefix + "model.json", spec.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        store.put(Buckets.RUNS, prefix + "model.params", folder.resolve("model.params"), "application/octet-stream");
        store.put(Buckets.RUNS, prefix + "promoted.json", ("{\"modelName\":\"" + name + "\",\"runId\":\"r\",\"iteration\":0,"
                + "\"metric\":\"AP50\",\"value\":0,\"promotedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    @Test
    @Order(4)
    void theVideoAnnotatorKilledMidVideoAnnotatesItAfterARestart() throws Exception {
        promote("reliability-model");
        session.start("video-annotator");
        Path video = SampleData.video(dir.resolve("to-annotate.mp4"), 750, 4);
        String id = "reliability/to-annotate.mp4";
        try (TopicProbe detections = TopicProbe.fromNow(bootstrap(), Topic.DETECTIONS.topicName());
                TopicProbe annotated = TopicProbe.fromNow(bootstrap(), Topic.VIDEO_ANNOTATED.topicName())) {
            store.put(Buckets.VIDEOS, "inference/" + id, video, "video/mp4");
            detections.awaitMatching(1, r -> id.equals(r.key()), WAIT);
            session.kill("video-annotator");
            int beforeKill = events(detections, FrameDetections.class, id).size();
            assertThat(beforeKill).as("frames published when killed").isBetween(1, 749);
            assertThat(annotated.drain()).as("not annotated before the kill").isEmpty();

            session.start("video-annotator");
            VideoAnnotated done = await(annotated, VideoAnnotated.class, id);
            assertThat(done.getFrames()).isEqualTo(750);
            List<Long> all = detections.awaitMatching(beforeKill + 750, r -> id.equals(r.key()), WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), FrameDetections.class).getFrameIndex()).toList();
            // The restarted annotation publishes every frame again, in order: a subscriber sees the frames published
            // before the crash twice and keys them by (video, frame index); nothing is missing.
            assertThat(all.subList(beforeKill, all.size()))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 750).boxed().toList());
            Path mp4 = dir.resolve("annotated.mp4");
            store.download(done.getOutput().getBucket(), done.getOutput().getKey(), mp4);
            OutputCheck.Probe probe = OutputCheck.probe(mp4);
            assertThat(probe.codec()).isEqualTo("h264");
            assertThat(probe.frames()).isEqualTo(750);
            assertThat(events(annotated, VideoAnnotated.class, id)).as("one video.annotated only").hasSize(1);
        } finally {
            session.kill("video-annotator");
        }
    }

    @Test
    @Order(5)
    void aBrokerRestartInTheMiddleOfAnExtractionDoesNotLoseIt() throws Exception {
        session.start("frame-extractor");
        Path video = SampleData.video(dir.resolve("outage.mp4"), 1000, 6);
        String key = "train/outage/outage.mp4";
        String frames = "frames/outage/outage.mp4/";
        try (TopicProbe extracted = TopicProbe.fromNow(bootstrap(), Topic.FRAMES_EXTRACTED.topicName())) {
            store.put(Buckets.VIDEOS, key, video, "video/mp4");
            await("the first extracted frame", WAIT, () -> count(Buckets.DATASETS, frames, ".jpg") > 0);
            session.stack().restartKafka(Duration.ofSeconds(3));
            // Work that arrives while the services reconnect is not lost either.
            store.put(Buckets.VIDEOS, "train/outage/after.mp4", SampleData.video(dir.resolve("after.mp4"), 50, 7), "video/mp4");
            List<FramesExtracted> done = extracted.awaitMatching(2, r -> true, WAIT).stream()
                    .map(r -> CODEC.decode(r.value(), FramesExtracted.class)).toList();
            assertThat(done).extracting(e -> e.getVideo().getKey()).containsExactlyInAnyOrder(key, "train/outage/after.mp4");
            assertThat(done).filteredOn(e -> e.getVideo().getKey().equals(key)).first()
                    .satisfies(e -> assertThat(e.getFrameCount()).isEqualTo(1000));
            assertThat(count(Buckets.DATASETS, frames, ".jpg")).isEqualTo(1000);
        } finally {
            session.kill("frame-extractor");
        }
    }
}
