package io.framewise.cli;

import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.schemas.codec.UndecodableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true,
        header = "Print a topic's messages as JSON lines.",
        description = {"Print a topic's messages as JSON lines, Avro events decoded.",
            "Example: framewise tail bucket-events --from-beginning --max 1"})
final class TailCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC", description = "A topic of the catalogue: ${COMPLETION-CANDIDATES}",
            completionCandidates = TopicNames.class)
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest message instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N messages.")
    Integer max;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop when nothing arrives for this long.")
    Integer timeoutSeconds;

    @Mixin
    StackConnection connection;

    static final class TopicNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Topic.values()).map(Topic::topicName).iterator();
        }
    }

    @Override
    public Integer call() {
        Topic known = Topic.byName(topic).orElseThrow(() -> new IllegalArgumentException("unknown topic '" + topic
                + "'; topics: " + java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toList()));
        int seen = 0;
        long idleSince = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(connection.bootstrapServers())) {
            TopicReader.assign(consumer, topic, fromBeginning);
            while (max == null || seen < max) {
                var records = consumer.poll(Duration.ofMillis(250));
                for (ConsumerRecord<String, byte[]> record : records) {
                    System.out.println(render(known, record));
                    System.out.flush();
                    if (max != null && ++seen >= max) {
                        break;
                    }
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (timeoutSeconds != null && System.nanoTime() - idleSince > timeoutSeconds * 1_000_000_000L) {
                    break;
                }
            }
        }
        return 0;
    }

    static String render(Topic topic, ConsumerRecord<String, byte[]> record) {
        StringBuilder json = new StringBuilder("{\"topic\":").append(quote(record.topic()))
                .append(",\"partition\":").append(record.partition())
                .append(",\"offset\":").append(record.offset())
                .append(",\"timestamp\":").append(record.timestamp())
                .append(",\"key\":").append(record.key() == null ? "null" : quote(record.key()));
        byte[] value = record.value();
        switch (topic.format()) {
            case AVRO -> {
                try {
                    var event = EventCodec.standard().decode(value);
                    json.append(",\"type\":").append(quote(event.getSchema().getName())).append(",\"value\":").append(event);
                } catch (UndecodableEventException e) {
                    json.append(",\"undecodable\":").append(quote(e.getMessage()));
                }
            }
            case S3_EVENT_JSON -> json.append(",\"value\":").append(new String(value, StandardCharsets.UTF_8));
            default -> {
                StringBuilder headers = new StringBuilder("{");
                for (Header h : record.headers()) {
                    if (headers.length() > 1) {
                        headers.append(',');
                    }
                    headers.append(quote(h.key())).append(':').append(h.value() == null ? "null" : quote(new String(h.value(), StandardCharsets.UTF_8)));
                }
                json.append(",\"headers\":").append(headers).append('}');
                json.append(",\"valueBase64\":").append(value == null ? "null" : quote(Base64.getEncoder().encodeToString(value)));
            }
        }
        return json.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
