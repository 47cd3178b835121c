package io.framewise.localstack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the moment it is opened (or from its beginning), for tests that wait on events:
 * {@link #await} polls until enough records arrived or the timeout passes, never sleeping blindly.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    private TopicProbe(String bootstrapServers, String topic, boolean fromBeginning) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Uncommitted reads see a transactional write as soon as it is acknowledged (commit markers land
        // asynchronously), and would also show any aborted duplicate: the stricter view for tests.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
    }

    /** Sees what is published after this call. */
    public static TopicProbe fromNow(String bootstrapServers, String topic) {
        return new TopicProbe(bootstrapServers, topic, false);
    }

    public static TopicProbe fromBeginning(String bootstrapServers, String topic) {
        return new TopicProbe(bootstrapServers, topic, true);
    }

    /** Waits until at least {@code count} records were received in all; returns all received so far. */
    public List<ConsumerRecord<String, byte[]>> await(int count, Duration timeout) {
        return awaitMatching(count, r -> true, timeout);
    }

    /** Waits until {@code count} received records match; returns every match. Throws on timeout. */
    public List<ConsumerRecord<String, byte[]>> awaitMatching(int count, Predicate<ConsumerRecord<String, byte[]>> match,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, byte[]>> matching = received.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " matching records on " + partitions.get(0).topic()
                        + " within " + timeout + " but got " + matching.size() + " (of " + received.size() + " received)");
            }
            consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, left / 1_000_000)))).forEach(received::add);
        }
    }

    /** Reads everything up to the topic's current end and returns all records received so far. */
    public List<ConsumerRecord<String, byte[]>> drain() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            consumer.poll(Duration.ofMillis(100)).forEach(received::add);
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
