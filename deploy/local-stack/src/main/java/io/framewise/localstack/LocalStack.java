package io.framewise.localstack;

import io.framewise.common.bridge.BucketEventBridge;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.store.StoreSettings;
import io.framewise.schemas.Topic;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The whole embedded stack in one JVM: a Kafka broker, an S3 server, the pipeline's topics and buckets,
 * and the bucket-event bridge that stands in for MinIO's notifications. Data lives under one folder, so
 * stopping and starting again on that folder keeps every topic, message and object.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    /** How to start the stack. Port 0 means any free loopback port. */
    public record Settings(Path dataDir, int kafkaPort, int s3Port, String accessKey, String secretKey,
            boolean bridge, Duration bridgeInterval) {

        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 9092, 9000, "framewise", "framewise-secret", true, Duration.ofSeconds(1));
        }

        /** Free ports, a fast bridge: for tests. */
        public static Settings ephemeral(Path dataDir) {
            return new Settings(dataDir, 0, 0, "framewise-test", "framewise-test-secret", true, Duration.ofMillis(200));
        }

        public Settings withBridge(boolean on) {
            return new Settings(dataDir, kafkaPort, s3Port, accessKey, secretKey, on, bridgeInterval);
        }
    }

    private final Settings settings;
    private volatile EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final ObjectStore store;
    private final BucketEventBridge bridge;

    private final FileChannel lockFile;
    private final FileLock lock;

    private LocalStack(Settings settings, FileChannel lockFile, FileLock lock,
            EmbeddedKafka kafka, EmbeddedS3 s3, ObjectStore store, BucketEventBridge bridge) {
        this.settings = settings;
        this.lockFile = lockFile;
        this.lock = lock;
        this.kafka = kafka;
        this.s3 = s3;
        this.store = store;
        this.bridge = bridge;
    }

    public static LocalStack start(Settings settings) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(settings.dataDir());
        FileChannel lockFile = FileChannel.open(settings.dataDir().resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            lockFile.close();
            throw new IllegalStateException("another stack is already running on " + settings.dataDir().toAbsolutePath()
                    + "; stop it first, or use another data folder");
        }
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort());
        } catch (Exception | Error e) {
            lock.release();
            lockFile.close();
            throw e;
        }
        EmbeddedS3 s3 = null;
        try {
            s3 = EmbeddedS3.start(settings.dataDir().resolve("s3"), settings.s3Port(), settings.accessKey(), settings.secretKey());
            createTopics(kafka.bootstrapServers());
            ObjectStore store = ObjectStore.connect(new StoreSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1"));
            store.ensureBuckets(Buckets.ALL);
            BucketEventBridge bridge = settings.bridge()
                    ? new BucketEventBridge(kafka.bootstrapServers(), store, Buckets.WATCHED, settings.bridgeInterval())
                            .ignoring(BucketEventBridge.S3PROXY_TEMPORARY).start()
                    : null;
            LOG.infof("local stack up in %d ms: kafka %s, s3 %s, data %s", (System.nanoTime() - t0) / 1_000_000,
                    kafka.bootstrapServers(), s3.endpoint(), settings.dataDir().toAbsolutePath());
            return new LocalStack(settings, lockFile, lock, kafka, s3, store, bridge);
        } catch (Exception | Error e) {
            if (s3 != null) {
                s3.close();
            }
            kafka.close();
            lock.release();
            lockFile.close();
            throw e;
        }
    }

    /** Creates every topic of the catalogue that does not exist yet. */
    public static void createTopics(String bootstrapServers) throws InterruptedException, ExecutionException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Arrays.stream(Topic.values())
                    .filter(t -> !existing.contains(t.topicName()))
                    .map(t -> new NewTopic(t.topicName(), t.partitions(), (short) 1).configs(t.config()))
                    .toList();
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same port with the same data: clients
     * see a broker outage and must reconnect. For reliability tests.
     */
    public synchronized void restartKafka(java.time.Duration down) throws Exception {
        LOG.infof("stopping the broker for %d ms", down.toMillis());
        kafka.close();
        Thread.sleep(down.toMillis());
        kafka = EmbeddedKafka.start(kafka.logDir(), kafka.port(), kafka.controllerPort());
        LOG.infof("broker back on %s", kafka.bootstrapServers());
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public StoreSettings storeSettings() {
        return new StoreSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1");
    }

    public ObjectStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    /** The configuration a service needs to run against this stack, as property names and values. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers());
        config.put("framewise.store.endpoint", s3.endpoint());
        config.put("framewise.store.access-key", s3.accessKey());
        config.put("framewise.store.secret-key", s3.secretKey());
        config.put("framewise.store.region", "us-east-1");
        return config;
    }

    /** The same, as environment variables for a service process. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        serviceConfig().forEach((k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }

    @Override
    public void close() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        s3.close();
        kafka.close();
        lock.release();
        lockFile.close();
        LOG.info("local stack stopped");
    }
}
