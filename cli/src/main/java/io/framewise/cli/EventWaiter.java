package io.framewise.cli;

import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.schemas.codec.UndecodableEventException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for the first event, on any of some topics, that a request's outcome is announced by. Opened
 * before the request is sent, so the answer cannot be missed.
 */
final class EventWaiter implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    EventWaiter(String bootstrapServers, List<Topic> topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(t -> consumer.partitionsFor(t.topicName(), Duration.ofSeconds(15)).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        // A first fetch sets up the consumer's sessions, so the first real wait measures only the service.
        consumer.poll(Duration.ZERO);
    }

    /** Polls for up to {@code step}; returns the first matching event, or null. */
    SpecificRecord poll(Duration step, Predicate<SpecificRecord> match) {
        for (var record : consumer.poll(step)) {
            try {
                SpecificRecord event = EventCodec.standard().decode(record.value());
                if (match.test(event)) {
                    return event;
                }
            } catch (UndecodableEventException ignored) {
                // not ours to judge here
            }
        }
        return null;
    }

    /** Polls for up to {@code step}; returns every matching event, in order. */
    java.util.List<SpecificRecord> pollAll(Duration step, Predicate<SpecificRecord> match) {
        java.util.List<SpecificRecord> events = new java.util.ArrayList<>();
        for (var record : consumer.poll(step)) {
            try {
                SpecificRecord event = EventCodec.standard().decode(record.value());
                if (match.test(event)) {
                    events.add(event);
                }
            } catch (UndecodableEventException ignored) {
                // not ours to judge here
            }
        }
        return events;
    }

    /** Every Framewise event carries the correlation id of its job: is this one about {@code correlationId}? */
    static boolean isAbout(SpecificRecord event, String correlationId) {
        return correlationId.equals(String.valueOf(event.get(event.getSchema().getField("correlationId").pos())));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
