package io.framewise.datasetsynthesizer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.datasetsynthesizer.core.AssessorSynthesis;
import io.framewise.datasetsynthesizer.core.CocoDirectorySink;
import io.framewise.datasetsynthesizer.core.DetectionSynthesis;
import io.framewise.datasetsynthesizer.core.DirectorySink;
import io.framewise.datasetsynthesizer.core.ImageLoader;
import io.framewise.datasetsynthesizer.core.LowIouRule;
import io.framewise.datasetsynthesizer.core.NamedImage;
import io.framewise.datasetsynthesizer.core.Size;
import io.framewise.datasetsynthesizer.core.SynthesisInputs;
import io.framewise.datasetsynthesizer.core.SynthesisOptions;
import io.framewise.datasetsynthesizer.core.TemplateCategory;
import io.framewise.events.DatasetKind;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.framewise.events.SynthesisRequest;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service against a real broker and store: requests by REST, by request file and on the topic; what lands
 * in the store and on the topics. Inputs are tiny (64x48 backgrounds, 16x16 templates) and sample counts small.
 * Each test uses its own keys, since the stack is shared. Checkpoints are every 4 samples in tests
 * ({@code %test.} settings in application.properties).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DatasetSynthesizerServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry metrics;

    @Inject
    SynthesisService service;

    private final LocalStack stack = SharedTestStack.get();

    // ---- fixtures -------------------------------------------------------------------------------------------

    /** Three noisy backgrounds (two PNG, one JPEG) and the templates under {@code inputs/<test>/}. */
    private void putInputs(String test, List<String> templateNames) throws IOException {
        for (int i = 0; i < 3; i++) {
            String format = i == 2 ? "jpg" : "png";
            store.put(Buckets.INPUTS, test + "/backgrounds/bg" + i + "." + format, encode(noise(64, 48, i), format), "image/" + format);
        }
        int colour = 0;
        for (String name : templateNames) {
            store.put(Buckets.INPUTS, test + "/templates/" + name, encode(disc(16, 16, colour++ == 0 ? 0xffd03030 : 0xff3030d0), "png"),
                    "image/png");
        }
        store.put(Buckets.INPUTS, test + "/backgrounds/readme.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static BufferedImage noise(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static BufferedImage disc(int width, int height, int argb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - width / 2.0;
                double dy = y + 0.5 - height / 2.0;
                image.setRGB(x, y, dx * dx + dy * dy <= width * width / 4.0 ? argb : 0);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A PNG header declaring 100000 x 100000 pixels, and nothing behind it: an image bomb. */
    private static byte[] imageBomb() {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }

    private static String assessorBody(String test, String output, int samples) {
        return """
                {"backgrounds": "inputs/%s/backgrounds", "templates": {"key": "%s/templates/"},
                 "output": "%s", "numSamples": %d, "outputSize": [32, 24], "imageSize": "64x48",
                 "zoomMode": true, "seed": 3}""".formatted(test, test, output, samples);
    }

    /** What the offline command writes for the same inputs and settings (the service must give the same bytes). */
    private Map<String, byte[]> offlineAssessor(String test, int samples, Path dir) throws IOException {
        try (DirectorySink sink = new DirectorySink(dir, "png")) {
            AssessorSynthesis.run(decodedInputs(test), options(samples, DatasetKind.ASSESSOR), 2, sink, 0);
        }
        return files(dir);
    }

    private SynthesisInputs decodedInputs(String test) {
        ImageLoader loader = new ImageLoader();
        List<NamedImage> backgrounds = new ArrayList<>();
        List<NamedImage> templates = new ArrayList<>();
        String prefix = test + "/backgrounds/";
        store.list(Buckets.INPUTS, prefix).filter(o -> InputImages.isImage(o.key())).forEach(o -> backgrounds.add(
                loader.background(o.key().substring(prefix.length()), store.readAllBytes(Buckets.INPUTS, o.key()))));
        String templatePrefix = test + "/templates/";
        store.list(Buckets.INPUTS, templatePrefix).forEach(o -> templates.add(
                loader.template(o.key().substring(templatePrefix.length()), store.readAllBytes(Buckets.INPUTS, o.key()))));
        return new SynthesisInputs(backgrounds, templates);
    }

    private static SynthesisOptions options(int samples, DatasetKind kind) {
        return SynthesisOptions.assessor(samples, new Size(32, 24), kind == DatasetKind.ASSESSOR, 3)
                .withImageSize(new Size(64, 48)).withLowIouRule(LowIouRule.REACHABLE);
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Every object under the dataset prefix except the marker, by key relative to the prefix. */
    private Map<String, byte[]> stored(String prefix) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        store.list(Buckets.DATASETS, prefix).map(ObjectInfo::key).filter(k -> !k.endsWith(DatasetLayout.MARKER)).sorted()
                .forEach(k -> objects.put(k.substring(prefix.length()), store.readAllBytes(Buckets.DATASETS, k)));
        return objects;
    }

    private static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    private TopicProbe probe(Topic topic) {
        return TopicProbe.fromNow(stack.bootstrapServers(), topic.topicName());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T awaitOne(TopicProbe probe, String key, Class<T> type) {
        return EventCodec.standard().decode(probe.awaitMatching(1, r -> key.equals(r.key()), WAIT).get(0).value(), type);
    }

    private static String post(String body) {
        return given().contentType("application/json").body(body).post("/syntheses")
                .then().statusCode(202).extract().path("correlationId");
    }

    private static SynthesisRequest request(String id, String test, String output, int samples) {
        // Every field set, not defaulted: Avro would take default enums from another class loader under @QuarkusTest.
        return SynthesisRequest.newBuilder().setCorrelationId(id).setRequestedAt(Instant.now())
                .setKind(DatasetKind.ASSESSOR)
                .setBackgrounds(new ObjectRef(Buckets.INPUTS, test + "/backgrounds/"))
                .setTemplates(new ObjectRef(Buckets.INPUTS, test + "/templates/"))
                .setOutput(new ObjectRef(Buckets.DATASETS, output))
                .setNumSamples(samples).setOutputWidth(32).setOutputHeight(24).setZoomMode(true)
                .setImageWidth(64).setImageHeight(48).setBaseBboxes(null).setEnlargeRegion(List.of()).setSeed(3)
                .build();
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void aRestRequestWritesTheDatasetAsTheOfflineCommandDoesAndAnnouncesItOnce(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        putInputs("rest", List.of("skater.png", "ball.png"));
        String body = assessorBody("rest", "datasets/rest/assessor/", 12);
        String id;
        try (TopicProbe completions = probe(Topic.DATASET_SYNTHESIZED)) {
            double synthesized = counter("synthesized");
            id = post(body);
            DatasetSynthesized event = awaitOne(completions, id, DatasetSynthesized.class);
            awaitCounter("synthesized", synthesized + 1); // the marker follows the event, then the checkpoints go
            assertThat(event.getKind()).isEqualTo(DatasetKind.ASSESSOR);
            assertThat(event.getOutput()).isEqualTo(new ObjectRef(Buckets.DATASETS, "rest/assessor/"));
            assertThat(event.getIndex()).isEqualTo(new ObjectRef(Buckets.DATASETS, "rest/assessor/images.csv"));
            assertThat(event.getSamples() + event.getSkipped()).isEqualTo(12);
            assertThat(event.getSamples()).isGreaterThan(8);

            Map<String, byte[]> dataset = stored("rest/assessor/");
            assertSameFiles(dataset, offlineAssessor("rest", 12, temp.resolve("offline")));
            List<String> rows = new String(dataset.get("images.csv"), StandardCharsets.UTF_8).lines().toList();
            assertThat(rows).hasSize(event.getSamples())
                    .allSatisfy(row -> assertThat(row).matches("images/\\d+\\.png\t[01]\\.\\d{4}"));
            JsonNode marker = JSON.readTree(store.readAllBytes(Buckets.DATASETS, "rest/assessor/_synthesized.json"));
            assertThat(marker.get("correlationId").asText()).isEqualTo(id);
            assertThat(marker.get("samples").asInt()).isEqualTo(event.getSamples());
            assertThat(store.list(Buckets.DATASETS, "rest/assessor/_progress/").toList()).isEmpty();

            // The same request again over REST: answered from the marker, nothing queued.
            given().contentType("application/json").body(body).post("/syntheses").then().statusCode(200)
                    .body("alreadySynthesized", equalTo(true)).body("correlationId", equalTo(id))
                    .body("result.samples", equalTo(event.getSamples()));

            // The same request redelivered on the topic: recognised as done, not redone, no second event.
            double skipped = counter("skipped");
            double drawn = metrics.counter(SynthesisJob.DRAWN_COUNTER).count();
            send(Topic.SYNTHESIS_REQUESTS.topicName(), id,
                    EventCodec.standard().encode(request(id, "rest", "rest/assessor/", 12)));
            awaitCounter("skipped", skipped + 1);
            assertThat(metrics.counter(SynthesisJob.DRAWN_COUNTER).count()).isEqualTo(drawn);
            assertThat(completions.drain()).filteredOn(r -> id.equals(r.key())).hasSize(1);
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("framewise_synthesizer_requests_total{outcome=\"synthesized\""))
                .body(containsString("framewise_synthesizer_samples_drawn_total"));
    }

    @Test
    void aRequestFileGivesADetectionDatasetWithCocoBoxes(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        putInputs("files", List.of("skater/front.png", "ball/round.png"));
        try (TopicProbe completions = probe(Topic.DATASET_SYNTHESIZED)) {
            double synthesized = counter("synthesized");
            store.put(Buckets.REQUESTS, "dataset-synthesizer/detection.yaml", """
                    # a small detection set: categories from the template folders
                    backgrounds: inputs/files/backgrounds/
                    templates: inputs/files/templates/
                    output: datasets/files/detection/
                    kind: detection
                    numSamples: 6
                    outputSize: [32, 24]
                    imageSize: [64, 48]
                    seed: 3
                    """.getBytes(StandardCharsets.UTF_8), "application/yaml");
            ConsumerRecord<String, byte[]> record = completions.awaitMatching(1, r -> r.key().startsWith("detection-"), WAIT).get(0);
            DatasetSynthesized event = EventCodec.standard().decode(record.value(), DatasetSynthesized.class);
            awaitCounter("synthesized", synthesized + 1);
            assertThat(event.getKind()).isEqualTo(DatasetKind.DETECTION);
            assertThat(event.getSamples()).isEqualTo(6);
            assertThat(event.getSkipped()).isZero();
            assertThat(event.getIndex()).isEqualTo(new ObjectRef(Buckets.DATASETS, "files/detection/instances.json"));

            JsonNode coco = JSON.readTree(store.readAllBytes(Buckets.DATASETS, "files/detection/instances.json"));
            assertThat(coco.get("images")).hasSize(6);
            assertThat(coco.get("categories").findValuesAsText("name")).containsExactly("ball", "skater");
            assertThat(coco.get("annotations")).isNotEmpty().allSatisfy(a -> {
                assertThat(a.get("bbox").get(0).asInt() + a.get("bbox").get(2).asInt()).isLessThanOrEqualTo(64);
                assertThat(a.get("bbox").get(1).asInt() + a.get("bbox").get(3).asInt()).isLessThanOrEqualTo(48);
                assertThat(a.get("iscrowd").asInt()).isZero();
            });
            for (JsonNode image : coco.get("images")) {
                assertThat(store.exists(Buckets.DATASETS, "files/detection/" + image.get("file_name").asText())).isTrue();
            }
            // Byte for byte what the offline command writes (annotation ids run across the checkpointed parts).
            Path offline = temp.resolve("offline");
            SynthesisInputs inputs = decodedInputs("files");
            try (CocoDirectorySink sink = new CocoDirectorySink(offline, TemplateCategory.all(inputs))) {
                DetectionSynthesis.run(inputs, options(6, DatasetKind.DETECTION), 3, 2, sink, 0);
            }
            assertSameFiles(stored("files/detection/"), files(offline));

            // The bucket event again (a redelivery): the same request, recognised as done.
            double skipped = counter("skipped");
            String file = "dataset-synthesizer/detection.yaml";
            ObjectInfo info = store.stat(Buckets.REQUESTS, file).orElseThrow();
            send(Topic.BUCKET_EVENTS.topicName(), Buckets.REQUESTS + "/" + file, BucketEventJson.write(new BucketEvent(
                    BucketEvent.OBJECT_CREATED_PUT, Buckets.REQUESTS, file, info.size(), info.etag(), "application/yaml",
                    Instant.now(), "2")));
            awaitCounter("skipped", skipped + 1);
            assertThat(completions.drain()).filteredOn(r -> r.key().startsWith("detection-")).hasSize(1);
        }
    }

    @Test
    void badInputsFailNamingTheObjectAndTheServiceKeepsServing() throws Exception {
        putInputs("bad", List.of("skater.png"));
        store.put(Buckets.INPUTS, "bad/broken-backgrounds/bg0.jpg", "not a jpeg".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        store.put(Buckets.INPUTS, "bad/bomb-templates/huge.png", imageBomb(), "image/png");
        try (TopicProbe failed = probe(Topic.JOBS_FAILED); TopicProbe completions = probe(Topic.DATASET_SYNTHESIZED)) {
            String undecodable = post("""
                    {"backgrounds": "inputs/bad/broken-backgrounds/", "templates": "inputs/bad/templates/",
                     "output": "datasets/bad/one/", "numSamples": 4, "outputSize": [32, 24], "imageSize": [64, 48]}""");
            String bomb = post("""
                    {"backgrounds": "inputs/bad/backgrounds/", "templates": "inputs/bad/bomb-templates/",
                     "output": "datasets/bad/two/", "numSamples": 4, "outputSize": [32, 24], "imageSize": [64, 48]}""");
            String noBackgrounds = post("""
                    {"backgrounds": "inputs/bad/nothing-here/", "templates": "inputs/bad/templates/",
                     "output": "datasets/bad/three/", "numSamples": 4, "outputSize": [32, 24], "imageSize": [64, 48]}""");
            String missingBoxes = post("""
                    {"backgrounds": "inputs/bad/backgrounds/", "templates": "inputs/bad/templates/", "baseBboxes": "inputs/bad/boxes.json",
                     "output": "datasets/bad/four/", "numSamples": 4, "outputSize": [32, 24], "imageSize": [64, 48]}""");
            String fine = post(assessorBody("bad", "datasets/bad/fine/", 4));

            JobFailed failure = awaitOne(failed, undecodable, JobFailed.class);
            assertThat(failure.getService()).isEqualTo("dataset-synthesizer");
            assertThat(failure.getRequestType()).isEqualTo("SynthesisRequest");
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.INPUTS, "bad/broken-backgrounds/bg0.jpg"));
            assertThat(failure.getReason()).startsWith("cannot decode background inputs/bad/broken-backgrounds/bg0.jpg");

            failure = awaitOne(failed, bomb, JobFailed.class);
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.INPUTS, "bad/bomb-templates/huge.png"));
            assertThat(failure.getReason()).contains("template inputs/bad/bomb-templates/huge.png declares 100000x100000 pixels");

            failure = awaitOne(failed, noBackgrounds, JobFailed.class);
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.DATASETS, "bad/three/"));
            assertThat(failure.getReason()).startsWith("no background images under inputs/bad/nothing-here/");

            failure = awaitOne(failed, missingBoxes, JobFailed.class);
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.INPUTS, "bad/boxes.json"));
            assertThat(failure.getReason()).isEqualTo("no object inputs/bad/boxes.json in the store");

            // ... and the next request is carried out as usual.
            assertThat(awaitOne(completions, fine, DatasetSynthesized.class).getSamples()).isPositive();
        }
        assertThat(store.list(Buckets.DATASETS, "bad/one/").filter(o -> o.key().contains("/images/")).toList()).isEmpty();
    }

    @Test
    void anInterruptedRunContinuesFromItsLastCheckpointWithoutDuplicates(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        putInputs("resume", List.of("skater.png", "ball.png"));
        String id = "resume-1";
        SynthesisRequest request = request(id, "resume", "resume/assessor/", 20);
        try (TopicProbe failed = probe(Topic.JOBS_FAILED); TopicProbe completions = probe(Topic.DATASET_SYNTHESIZED)) {
            // A first run dies after 10 samples: checkpoints every 4 samples cover 0..7.
            service.synthesize(request, 10);
            assertThat(awaitOne(failed, id, JobFailed.class).getReason()).contains("stopped after 10 samples");
            assertThat(store.list(Buckets.DATASETS, "resume/assessor/_progress/").map(ObjectInfo::key).toList())
                    .containsExactly("resume/assessor/_progress/part-0000000000-0000000004.tsv",
                            "resume/assessor/_progress/part-0000000004-0000000008.tsv",
                            "resume/assessor/_progress/state.json");
            assertThat(store.exists(Buckets.DATASETS, "resume/assessor/images.csv")).isFalse();

            // The request again (as Kafka redelivers it after a crash): only samples 8..19 are drawn.
            double drawn = metrics.counter(SynthesisJob.DRAWN_COUNTER).count();
            double synthesized = counter("synthesized");
            send(Topic.SYNTHESIS_REQUESTS.topicName(), id, EventCodec.standard().encode(request));
            DatasetSynthesized event = awaitOne(completions, id, DatasetSynthesized.class);
            awaitCounter("synthesized", synthesized + 1);
            assertThat(event.getSamples() + event.getSkipped()).isEqualTo(20);
            assertThat(metrics.counter(SynthesisJob.DRAWN_COUNTER).count() - drawn).isEqualTo(12);
            JsonNode marker = JSON.readTree(store.readAllBytes(Buckets.DATASETS, "resume/assessor/_synthesized.json"));
            assertThat(marker.get("resumedFrom").asInt()).isEqualTo(8);
        }
        // The same dataset as an unbroken run: every sample once, no leftovers.
        Map<String, byte[]> dataset = stored("resume/assessor/");
        assertSameFiles(dataset, offlineAssessor("resume", 20, temp.resolve("offline")));
        List<String> rows = new String(dataset.get("images.csv"), StandardCharsets.UTF_8).lines().toList();
        assertThat(rows).doesNotHaveDuplicates();
    }

    @Test
    void restRequestsAreValidated() {
        String ok = "\"backgrounds\": \"inputs/v/bg/\", \"templates\": \"inputs/v/t/\", \"output\": \"datasets/v/out/\"";
        badRequest("{" + ok + ", \"outputSize\": [32, 24]}", "'numSamples' is required");
        badRequest("{" + ok + ", \"numSamples\": 0, \"outputSize\": [32, 24]}", "'numSamples' is a whole number from 1 to");
        badRequest("{" + ok + ", \"numSamples\": 2.5, \"outputSize\": [32, 24]}", "'numSamples' is a whole number");
        badRequest("{" + ok + ", \"numSamples\": 4}", "'outputSize' is [width, height]");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32]}", "'outputSize' is [width, height]");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"imageSize\": [100000, 224]}",
                "'imageSize' width is a whole number from 1 to 4096");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"kind\": \"segmentation\"}",
                "'kind' is assessor or detection");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"zoomMode\": \"yes\"}",
                "'zoomMode' is true or false");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"enlargeRegion\": [1, 2, 3]}",
                "'enlargeRegion' is four margins");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"imageSize\": [64, 48], \"enlargeRegion\": [32, 0, 32, 0]}",
                "leaves no room for a template");
        badRequest("{" + ok + ", \"numSamples\": 4, \"outputSize\": [32, 24], \"zoom\": true}", "has no field 'zoom'");
        badRequest("{\"backgrounds\": \"inputs/v/bg/\", \"templates\": \"inputs/v/t/\", \"output\": \"requests/v/\", "
                + "\"numSamples\": 4, \"outputSize\": [32, 24]}", "cannot be in the requests bucket");
        badRequest("{\"backgrounds\": \"inputs/v/\", \"templates\": \"inputs/v/t/\", \"output\": \"datasets/v/\", "
                + "\"numSamples\": 4, \"outputSize\": [32, 24]}", "'templates' (inputs/v/t/) overlaps 'backgrounds' (inputs/v/)");
        badRequest("{\"backgrounds\": \"inputs/v/../bg/\", \"templates\": \"inputs/v/t/\", \"output\": \"datasets/v/\", "
                + "\"numSamples\": 4, \"outputSize\": [32, 24]}", "'backgrounds': prefix 'v/../bg/' contains a '..' segment");
        badRequest("{\"templates\": \"inputs/v/t/\", \"output\": \"datasets/v/\", \"numSamples\": 4, \"outputSize\": [32, 24]}",
                "'backgrounds' is required");
        badRequest("[1, 2]", "a synthesis request is an object");
    }

    @Test
    void aRequestFileThatIsNotARequestIsReportedAgainstTheFile() throws Exception {
        try (TopicProbe failed = probe(Topic.JOBS_FAILED)) {
            store.put(Buckets.REQUESTS, "dataset-synthesizer/typo.json", """
                    {"backgrounds": "inputs/x/bg/", "templates": "inputs/x/t/", "output": "datasets/x/",
                     "numSamples": 4, "outputSize": [32, 24], "seeed": 1}""".getBytes(StandardCharsets.UTF_8), "application/json");
            JobFailed failure = EventCodec.standard().decode(
                    failed.awaitMatching(1, r -> r.key().startsWith("typo-"), WAIT).get(0).value(), JobFailed.class);
            assertThat(failure.getRequestType()).isEqualTo("request-file");
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.REQUESTS, "dataset-synthesizer/typo.json"));
            assertThat(failure.getReason()).startsWith("request file requests/dataset-synthesizer/typo.json: "
                    + "a synthesis request has no field 'seeed'");
        }
    }

    private static void badRequest(String body, String error) {
        given().contentType("application/json").body(body).post("/syntheses")
                .then().statusCode(400).body("error", containsString(error));
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private double counter(String outcome) {
        return metrics.counter(SynthesisService.REQUESTS_METRIC, "outcome", outcome).count();
    }

    /**
     * Polls the request counter until it reaches the value: a skipped request publishes nothing to wait on, and a
     * finished one counts only once its marker is written and its checkpoints removed, after the event.
     */
    private void awaitCounter(String outcome, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter(outcome) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("counter " + outcome + " did not reach " + atLeast);
            }
            Thread.sleep(20);
        }
    }
}
