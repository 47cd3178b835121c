package io.framewise.common.bridge;

import io.framewise.common.bucketevents.BucketEvent;
import io.framewise.common.bucketevents.BucketEventJson;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Announces new objects of stores that cannot notify (s3proxy, plain S3) exactly as MinIO would: it lists
 * the watched buckets over and over and publishes one MinIO-format S3 event per new object version to the
 * bucket-events topic.
 *
 * <p>What has been announced is kept in a compacted state topic, written in the same Kafka transaction as
 * the events, so a restarted bridge neither repeats nor skips an announcement. An object written while a
 * listing runs is simply found by the next listing: the bridge compares against the announced set, not
 * against a time watermark. A second bridge with the same transactional id fences the first.
 */
public final class BucketEventBridge implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BucketEventBridge.class);

    private final ObjectStore store;
    private final List<String> buckets;
    private final Duration interval;
    private final KafkaProducer<String, byte[]> producer;
    private final Properties consumerConfig;
    /** bucket/key → eTag of the version last announced. */
    private final Map<String, String> announced = new HashMap<>();
    private final AtomicLong published = new AtomicLong();
    private Predicate<String> inProgress = key -> false;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private Thread thread;

    public BucketEventBridge(String bootstrapServers, ObjectStore store, List<String> buckets, Duration interval) {
        this.store = store;
        this.buckets = List.copyOf(buckets);
        this.interval = interval;
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "framewise-bucket-event-bridge");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "framewise-bucket-event-bridge");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "framewise-bucket-event-bridge-state");
    }

    /**
     * Keys that match are writes still in progress and are not announced. s3proxy's filesystem backend
     * writes an object as {@code <key>-<random UUID>} and renames it when complete, and a listing can
     * catch the temporary name; {@link #S3PROXY_TEMPORARY} matches it.
     */
    public BucketEventBridge ignoring(Predicate<String> writesInProgress) {
        this.inProgress = writesInProgress;
        return this;
    }

    public static final Predicate<String> S3PROXY_TEMPORARY = Pattern
            .compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").asPredicate();

    /**
     * Takes over from any earlier bridge and restores what it announced; then {@link #scanOnce} can be called.
     * {@link #start} does this and keeps scanning on a background thread.
     */
    public BucketEventBridge open() {
        // Aborts a transaction a crashed predecessor left open, so the state read below is complete.
        producer.initTransactions();
        restoreState();
        return this;
    }

    /** Opens the bridge, then lists and publishes on a background thread until closed. */
    public BucketEventBridge start() {
        open();
        LOG.infof("bucket-event bridge watching %s every %d ms (%d objects already announced)", buckets,
                interval.toMillis(), announced.size());
        thread = new Thread(this::run, "bucket-event-bridge");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Number of events published since start. */
    public long published() {
        return published.get();
    }

    private void run() {
        try {
            while (running) {
                try {
                    scanOnce();
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.warnf("bucket-event bridge: listing failed, retrying in %d ms: %s", interval.toMillis(), e.getMessage());
                }
                sleep();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** One listing of every watched bucket; publishes what changed since the last announcement. */
    public synchronized int scanOnce() {
        List<BucketEvent> events = new ArrayList<>();
        for (String bucket : buckets) {
            Set<String> present = new HashSet<>();
            for (ObjectInfo object : (Iterable<ObjectInfo>) store.list(bucket, "")::iterator) {
                if (inProgress.test(object.key())) {
                    continue;
                }
                String id = bucket + "/" + object.key();
                present.add(id);
                String version = version(object);
                if (!version.equals(announced.get(id))) {
                    events.add(new BucketEvent(BucketEvent.OBJECT_CREATED_PUT, bucket, object.key(), object.size(),
                            version, contentType(object.key()), lastModified(object), sequencer(object)));
                }
            }
            String bucketPrefix = bucket + "/";
            announced.keySet().stream()
                    .filter(id -> id.startsWith(bucketPrefix) && !present.contains(id))
                    .toList()
                    .forEach(id -> events.add(new BucketEvent(BucketEvent.OBJECT_REMOVED_DELETE, bucket,
                            id.substring(bucketPrefix.length()), 0, null, null, Instant.now(), sequencer(null))));
        }
        if (!events.isEmpty()) {
            publish(events);
        }
        return events.size();
    }

    private void publish(List<BucketEvent> events) {
        producer.beginTransaction();
        try {
            for (BucketEvent event : events) {
                String id = event.messageKey();
                producer.send(new ProducerRecord<>(Topic.BUCKET_EVENTS.topicName(), id, BucketEventJson.write(event)));
                byte[] state = event.isCreated() ? event.eTag().getBytes(StandardCharsets.UTF_8) : null;
                producer.send(new ProducerRecord<>(Topic.BRIDGE_STATE.topicName(), id, state));
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
        for (BucketEvent event : events) {
            if (event.isCreated()) {
                announced.put(event.messageKey(), event.eTag());
            } else {
                announced.remove(event.messageKey());
            }
            LOG.debugf("announced %s %s", event.eventName(), event.messageKey());
        }
        published.addAndGet(events.size());
    }

    private void restoreState() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.BRIDGE_STATE.topicName(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        announced.remove(record.key());
                    } else {
                        announced.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The eTag; a store that keeps none (s3proxy on a file system without xattrs) is versioned by size and time. */
    private static String version(ObjectInfo object) {
        return object.etag() != null && !object.etag().isEmpty() ? object.etag()
                : object.size() + "-" + lastModified(object).toEpochMilli();
    }

    private static Instant lastModified(ObjectInfo object) {
        return object.lastModified() != null ? object.lastModified() : Instant.now();
    }

    private static String sequencer(ObjectInfo object) {
        Instant t = object == null || object.lastModified() == null ? Instant.now() : object.lastModified();
        return String.format("%016X", t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    static String contentType(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (ext) {
            case "mp4", "m4v" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "webm" -> "video/webm";
            case "mkv" -> "video/x-matroska";
            case "avi" -> "video/x-msvideo";
            case "json" -> "application/json";
            case "yaml", "yml" -> "application/yaml";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(10));
    }
}
