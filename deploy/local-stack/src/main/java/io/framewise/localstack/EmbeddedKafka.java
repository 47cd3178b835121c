package io.framewise.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node acting as broker and controller, no ZooKeeper.
 * Its log directory is formatted on first start and reused afterwards, so topics and messages survive a
 * restart on the same data folder.
 */
public final class EmbeddedKafka implements AutoCloseable {

    static {
        Logging.quiet("kafka");
        Logging.quiet("org.apache.kafka");
    }

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, int port, int controllerPort, Path logDir) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
    }

    /** Starts the broker on {@code port} (0 = any free port) with its data under {@code logDir}. */
    public static EmbeddedKafka start(Path logDir, int port) throws Exception {
        return start(logDir, port, 0);
    }

    /** Starts the broker with its controller on {@code controllerPort} too (0 = any free port). */
    static EmbeddedKafka start(Path logDir, int port, int controller) throws Exception {
        Files.createDirectories(logDir);
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = controller == 0 ? freePort() : controller;
        String dir = logDir.toAbsolutePath().toString();

        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir);
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // Small buffers: this broker shares its JVM and a 2-core machine with the services.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        KafkaConfig config = KafkaConfig.fromProps(p, false);

        format(dir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server, brokerPort, controllerPort, logDir);
    }

    /** Formats an empty log dir; a formatted one keeps its cluster id (and so its data). */
    private static void format(String dir) throws Exception {
        MetaPropertiesEnsemble existing = new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(dir)).load();
        if (existing.emptyLogDirs().isEmpty()) {
            return;
        }
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(existing.clusterId().orElseGet(() -> Uuid.randomUuid().toString()))
                .setDirectories(List.of(dir))
                .setMetadataLogDirectory(dir)
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setIgnoreFormatted(true)
                .run();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    int controllerPort() {
        return controllerPort;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
