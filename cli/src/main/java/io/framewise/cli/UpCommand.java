package io.framewise.cli;

import io.framewise.common.store.Buckets;
import io.framewise.localstack.LocalStack;
import io.framewise.schemas.Topic;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        header = "Start the embedded stack (Kafka, S3, bucket-event bridge), optionally the services.",
        description = {"Start the embedded stack: a Kafka broker (KRaft), an S3 server (s3proxy on the file system),",
            "the pipeline's topics and buckets, and the bucket-event bridge; optionally the services too.",
            "Data lives in the data folder and survives restarts. Ctrl-C stops everything cleanly.",
            "Example: framewise up --services all"})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:FRAMEWISE_DATA:-.framewise/data}",
            description = "Data folder for the broker's log and the store's objects (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--services", paramLabel = "LIST", defaultValue = "none",
            description = "Services to start: all, none, or a comma list of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ServiceNames.class)
    String services;

    @Option(names = "--no-bridge", description = "Do not run the bucket-event bridge (when a real MinIO publishes events).")
    boolean noBridge;

    @Option(names = "--access-key", defaultValue = "${env:FRAMEWISE_STORE_ACCESS_KEY:-framewise}", description = "S3 access key.")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "${env:FRAMEWISE_STORE_SECRET_KEY:-framewise-secret}", description = "S3 secret key.")
    String secretKey;

    static final class ServiceNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ServiceProcesses.PORTS.keySet().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> toStart = ServiceProcesses.parse(services);
        LocalStack.Settings settings = new LocalStack.Settings(dataDir, kafkaPort, s3Port, accessKey, secretKey,
                !noBridge, Duration.ofSeconds(1));
        StackSession session = StackSession.start(settings, toStart);
        LocalStack stack = session.stack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping ...");
            session.close();
            deleteStackFile();
            stopped.countDown();
        }, "framewise-up-stop"));

        writeStackFile(stack);
        System.out.println("Framewise embedded stack is up");
        System.out.println("  kafka      " + stack.bootstrapServers());
        System.out.println("  s3         " + stack.s3Endpoint() + "   (access key " + accessKey + ")");
        System.out.println("  buckets    " + Buckets.ALL + (noBridge ? "" : ", new objects in " + Buckets.WATCHED + " announced on '" + Topic.BUCKET_EVENTS.topicName() + "'"));
        System.out.println("  topics     " + Arrays.stream(Topic.values()).map(Topic::topicName).toList());
        System.out.println("  data       " + dataDir.toAbsolutePath());
        toStart.forEach(name -> System.out.printf("  %-20s ready   http://127.0.0.1:%d   log %s%n", name,
                ServiceProcesses.PORTS.get(name), dataDir.resolve("logs").resolve(name + ".log")));
        System.out.println("Try: ./framewise upload videos train/demo/clip.mp4 some.mp4  and  ./framewise tail bucket-events");
        System.out.println("Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private void writeStackFile(LocalStack stack) throws IOException {
        Properties p = new Properties();
        p.putAll(stack.serviceConfig());
        Files.createDirectories(dataDir);
        try (OutputStream out = Files.newOutputStream(dataDir.resolve(StackConnection.STACK_FILE))) {
            p.store(out, "written by 'framewise up' while the stack runs");
        }
    }

    private void deleteStackFile() {
        try {
            Files.deleteIfExists(dataDir.resolve(StackConnection.STACK_FILE));
        } catch (IOException ignored) {
            // the stack is stopping anyway
        }
    }
}
