package io.framewise.cocofilter;

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
import io.framewise.events.BalanceMode;
import io.framewise.events.CategoryCount;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.CocoFiltered;
import io.framewise.events.JobFailed;
import io.framewise.events.MaskMode;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service against a real broker and store: requests by REST, by request file and on the topic; what
 * lands in the store and on the topics. Each test uses its own keys, since the stack is shared.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CocoFilterServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry metrics;

    private final LocalStack stack = SharedTestStack.get();

    /** The four-image file of the tests: person + sports ball keeps images 1, 2, 3 and annotations 10, 11, 12, 14. */
    private void putSmallCoco(String key) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/coco/small.json")) {
            store.put(Buckets.INPUTS, key, in.readAllBytes(), "application/json");
        }
    }

    private static String post(String body) {
        return given().contentType("application/json").body(body).post("/filters")
                .then().statusCode(202).extract().path("correlationId");
    }

    private TopicProbe probe(Topic topic) {
        return TopicProbe.fromNow(stack.bootstrapServers(), topic.topicName());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T awaitOne(TopicProbe probe, String key, Class<T> type) {
        return EventCodec.standard().decode(probe.awaitMatching(1, r -> key.equals(r.key()), WAIT).get(0).value(), type);
    }

    private JsonNode readJson(String bucket, String key) throws IOException {
        return JSON.readTree(store.readAllBytes(bucket, key));
    }

    private static List<Long> longs(JsonNode array, String field) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asLong()));
        return out;
    }

    private List<String> keysUnder(String bucket, String prefix) {
        return store.list(bucket, prefix).map(ObjectInfo::key).toList();
    }

    @Test
    void aRestRequestWritesTheFilteredFileAndAnnouncesItOnce() throws Exception {
        putSmallCoco("rest/small.json");
        String body = """
                {"input": "inputs/rest/small.json", "output": {"key": "rest/people.json"},
                 "categories": ["person", "sports ball"]}""";
        String id;
        try (TopicProbe completions = probe(Topic.COCO_FILTERED)) {
            id = post(body);
            CocoFiltered event = awaitOne(completions, id, CocoFiltered.class);
            assertThat(event.getOutput()).isEqualTo(new ObjectRef(Buckets.DATASETS, "rest/people.json"));
            assertThat(event.getImagesBefore()).isEqualTo(4);
            assertThat(event.getImagesAfter()).isEqualTo(3);
            assertThat(event.getAnnotationsBefore()).isEqualTo(6);
            assertThat(event.getAnnotationsAfter()).isEqualTo(4);
            assertThat(event.getCategories()).containsExactly(
                    new CategoryCount("sports ball", 37L, 1L, 1L, 1L, 1L, 1L),
                    new CategoryCount("person", 1L, 2L, 3L, 3L, 3L, 3L),
                    new CategoryCount("dog", 18L, null, 2L, 0L, 2L, 0L));

            JsonNode output = readJson(Buckets.DATASETS, "rest/people.json");
            assertThat(longs(output.get("images"), "id")).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(longs(output.get("annotations"), "id")).containsExactlyInAnyOrder(10L, 11L, 12L, 14L);
            assertThat(longs(output.get("categories"), "id")).containsExactly(1L, 2L);
            output.get("annotations").forEach(a -> assertThat(a.get("category_id").asLong())
                    .isEqualTo(a.get("id").asLong() == 11 ? 1 : 2));
            assertThat(readJson(Buckets.DATASETS, "rest/people.json.done.json").get("correlationId").asText()).isEqualTo(id);

            // The same request again over REST: answered from the marker, nothing queued.
            given().contentType("application/json").body(body).post("/filters").then().statusCode(200)
                    .body("alreadyFiltered", equalTo(true)).body("correlationId", equalTo(id))
                    .body("result.annotations.after", equalTo(4));

            // The same request redelivered on the topic: recognised as done, no second event.
            double skipped = counter("skipped");
            send(Topic.COCO_FILTER_REQUESTS.topicName(), id, EventCodec.standard().encode(CocoFilterRequest.newBuilder()
                    .setCorrelationId(id).setRequestedAt(Instant.now())
                    .setInput(new ObjectRef(Buckets.INPUTS, "rest/small.json"))
                    .setOutput(new ObjectRef(Buckets.DATASETS, "rest/people.json"))
                    .setCategories(List.of("person", "sports ball"))
                    // Set, not defaulted: Avro would take the default enum from another class loader under @QuarkusTest.
                    .setBalance(BalanceMode.NONE).setMasks(MaskMode.NONE).setImagesSource(null).setImagesTarget(null)
                    .build()));
            awaitCounter("skipped", skipped + 1);
            assertThat(completions.drain()).filteredOn(r -> id.equals(r.key())).hasSize(1);
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("framewise_cocofilter_requests_total{outcome=\"filtered\""))
                .body(containsString("framewise_cocofilter_filter_duration_seconds_count"));
    }

    @Test
    void onlyTheKeptImagesAreCopiedAndTheirMasksUploaded() throws Exception {
        putSmallCoco("imgs/small.json");
        for (String name : List.of("a.jpg", "sub/c.jpg", "d.jpg")) { // b.jpg is missing
            store.put(Buckets.INPUTS, "imgs/photos/" + name, name.getBytes(StandardCharsets.UTF_8), "image/jpeg");
        }
        try (TopicProbe completions = probe(Topic.COCO_FILTERED)) {
            String id = post("""
                    {"input": "inputs/imgs/small.json", "output": "datasets/imgs/people.json",
                     "categories": ["person", "sports ball"], "masks": "instance-ids",
                     "imagesSource": {"key": "imgs/photos/"}, "imagesTarget": "datasets/imgs/people/images"}""");
            CocoFiltered event = awaitOne(completions, id, CocoFiltered.class);
            assertThat(event.getImagesAfter()).isEqualTo(3);
        }
        assertThat(keysUnder(Buckets.DATASETS, "imgs/people/images/"))
                .containsExactlyInAnyOrder("imgs/people/images/a.jpg", "imgs/people/images/sub/c.jpg");
        assertThat(new String(store.readAllBytes(Buckets.DATASETS, "imgs/people/images/sub/c.jpg"), StandardCharsets.UTF_8))
                .isEqualTo("sub/c.jpg");
        assertThat(keysUnder(Buckets.DATASETS, "imgs/people-masks/"))
                .containsExactlyInAnyOrder("imgs/people-masks/1.png", "imgs/people-masks/2.png", "imgs/people-masks/3.png");
        JsonNode marker = readJson(Buckets.DATASETS, "imgs/people.json.done.json");
        assertThat(marker.get("images").get("copied").asLong()).isEqualTo(2);
        assertThat(marker.get("images").get("missing").asLong()).isEqualTo(1);
        assertThat(marker.get("masks").asLong()).isEqualTo(3);
        assertThat(marker.get("warnings").toString()).contains("inputs/imgs/photos/b.jpg is not in the store");
    }

    @Test
    void anUnknownCategoryFailsWithSuggestionsAndWritesNothing() throws Exception {
        putSmallCoco("unknown/small.json");
        try (TopicProbe failed = probe(Topic.JOBS_FAILED)) {
            String id = post("""
                    {"input": "inputs/unknown/small.json", "output": "datasets/unknown/out.json",
                     "categories": ["persn", "sports ball"], "masks": "category-ids"}""");
            JobFailed failure = awaitOne(failed, id, JobFailed.class);
            assertThat(failure.getService()).isEqualTo("coco-filter");
            assertThat(failure.getRequestType()).isEqualTo("CocoFilterRequest");
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.INPUTS, "unknown/small.json"));
            assertThat(failure.getReason()).startsWith("unknown category \"persn\" (closest: \"person\"");
        }
        assertThat(keysUnder(Buckets.DATASETS, "unknown/")).isEmpty();
    }

    @Test
    void aMalformedInputFailsNamingThePosition() throws Exception {
        store.put(Buckets.INPUTS, "broken/instances.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}],
                 "annotations": [{"id": 2,, "image_id": 1}],
                 "categories": []}""".getBytes(StandardCharsets.UTF_8), "application/json");
        try (TopicProbe failed = probe(Topic.JOBS_FAILED)) {
            String id = post("""
                    {"input": "inputs/broken/instances.json", "output": "datasets/broken/out.json", "categories": "person"}""");
            JobFailed failure = awaitOne(failed, id, JobFailed.class);
            assertThat(failure.getReason()).startsWith("inputs/broken/instances.json at line 2, column ")
                    .contains("malformed JSON");
            assertThat(failure.getDetail()).isEqualTo(InputFormatException.class.getName());
        }
        assertThat(keysUnder(Buckets.DATASETS, "broken/")).isEmpty();
    }

    @Test
    void aRequestFileDroppedIntoTheRequestsBucketIsCarriedOutOnce() throws Exception {
        putSmallCoco("files/small.json");
        String file = "coco-filter/person-ball.yaml";
        try (TopicProbe completions = probe(Topic.COCO_FILTERED)) {
            store.put(Buckets.REQUESTS, file, """
                    # people with a ball, balanced on the rarest class
                    input: inputs/files/small.json
                    output: datasets/files/person-ball.json
                    categories: [person, sports ball]
                    balance: keep-rarest
                    """.getBytes(StandardCharsets.UTF_8), "application/yaml");
            ConsumerRecord<String, byte[]> record = completions.awaitMatching(1, r -> r.key().startsWith("person-ball-"), WAIT).get(0);
            CocoFiltered event = EventCodec.standard().decode(record.value(), CocoFiltered.class);
            assertThat(event.getImagesAfter()).isEqualTo(1);
            assertThat(event.getAnnotationsAfter()).isEqualTo(2);
            assertThat(longs(readJson(Buckets.DATASETS, "files/person-ball.json").get("annotations"), "id"))
                    .containsExactlyInAnyOrder(10L, 11L);

            // The bucket event again (a redelivery): the same request, recognised as done.
            double skipped = counter("skipped");
            ObjectInfo info = store.stat(Buckets.REQUESTS, file).orElseThrow();
            send(Topic.BUCKET_EVENTS.topicName(), Buckets.REQUESTS + "/" + file, BucketEventJson.write(new BucketEvent(
                    BucketEvent.OBJECT_CREATED_PUT, Buckets.REQUESTS, file, info.size(), info.etag(), "application/yaml",
                    Instant.now(), "2")));
            awaitCounter("skipped", skipped + 1);
            assertThat(completions.drain()).filteredOn(r -> r.key().startsWith("person-ball-")).hasSize(1);
        }
    }

    @Test
    void aRequestFileThatIsNotARequestIsReportedAgainstTheFile() throws Exception {
        try (TopicProbe failed = probe(Topic.JOBS_FAILED)) {
            store.put(Buckets.REQUESTS, "coco-filter/empty.yml", """
                    input: inputs/files/small.json
                    output: datasets/files/nothing.json
                    categories: []
                    """.getBytes(StandardCharsets.UTF_8), "application/yaml");
            JobFailed failure = EventCodec.standard().decode(
                    failed.awaitMatching(1, r -> r.key().startsWith("empty-"), WAIT).get(0).value(), JobFailed.class);
            assertThat(failure.getRequestType()).isEqualTo("request-file");
            assertThat(failure.getSubject()).isEqualTo(new ObjectRef(Buckets.REQUESTS, "coco-filter/empty.yml"));
            assertThat(failure.getReason()).isEqualTo("request file requests/coco-filter/empty.yml: "
                    + "'categories' needs at least one category name, e.g. [\"person\", \"sports ball\"]");
        }
    }

    @Test
    void restRequestsAreValidated() throws IOException {
        putSmallCoco("valid/small.json");
        badRequest("{\"input\": \"inputs/valid/../small.json\", \"output\": \"datasets/x.json\", \"categories\": [\"person\"]}",
                "'input': object key 'valid/../small.json' contains a '..' segment");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"datasets/x.json\"}",
                "'categories' needs at least one category name");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"datasets/x.json\", \"categories\": []}",
                "'categories' needs at least one category name");
        badRequest("{\"input\": \"valid/small.json\", \"output\": \"datasets/x.json\", \"categories\": [\"person\"]}",
                "does not start with a bucket");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"datasets/x.json\", \"categories\": [\"person\"], \"balance\": \"rarest\"}",
                "'balance' is none, require-all, keep-rarest");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"requests/coco-filter/x.json\", \"categories\": [\"person\"]}",
                "cannot be in the requests bucket");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"datasets/x.json\", \"category\": [\"person\"]}",
                "has no field 'category'");
        badRequest("{\"input\": \"inputs/valid/small.json\", \"output\": \"datasets/x.json\", \"categories\": [\"person\"], "
                + "\"imagesSource\": \"inputs/valid/\"}", "give both 'imagesSource' and 'imagesTarget'");
        given().contentType("application/json")
                .body("{\"input\": {\"key\": \"valid/missing.json\"}, \"output\": \"datasets/x.json\", \"categories\": [\"person\"]}")
                .post("/filters").then().statusCode(404).body("error", equalTo("no object inputs/valid/missing.json in the store"));
    }

    @Test
    void anUndecodableRequestIsDeadLettered() throws Exception {
        try (TopicProbe deadLetters = probe(Topic.DEAD_LETTERS)) {
            send(Topic.COCO_FILTER_REQUESTS.topicName(), "not-a-request", "{\"categories\": [\"person\"]}".getBytes(StandardCharsets.UTF_8));
            ConsumerRecord<String, byte[]> dead = deadLetters.awaitMatching(1, r -> "not-a-request".equals(r.key()), WAIT).get(0);
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topic.COCO_FILTER_REQUESTS.topicName());
            assertThat(header(dead, "dead-letter-reason")).contains("not an Avro single-object message");
        }
    }

    private static void badRequest(String body, String error) {
        given().contentType("application/json").body(body).post("/filters")
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
        return metrics.counter(CocoFilterService.REQUESTS_METRIC, "outcome", outcome).count();
    }

    /** Polls the request counter (a skipped request publishes nothing to wait on) until it reaches the value. */
    private void awaitCounter(String outcome, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter(outcome) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("counter " + outcome + " did not reach " + atLeast);
            }
            Thread.sleep(20);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
