package io.framewise.cli;

import io.framewise.events.JobFailed;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show the services, their consumer lag and the latest failures.",
        description = {"Asks each service whether it is ready (GET /q/health/ready), the broker for every consumer group's",
            "lag (messages not yet processed, per topic), and the 'jobs.failed' and 'dead-letters' topics for how many",
            "requests failed and the latest reasons. Exit code 0 when the broker and every checked service answer,",
            "1 otherwise. Service URLs: FRAMEWISE_<SERVICE>_URL (e.g. FRAMEWISE_TRAINER_URL), else 127.0.0.1 and",
            "the embedded stack's ports.",
            "Example: framewise status --failures 10"})
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--services", defaultValue = "all", paramLabel = "all|none|LIST",
            description = "Which services to check, e.g. trainer,evaluator (default: ${DEFAULT-VALUE}).")
    String services;

    @Option(names = "--failures", defaultValue = "5", paramLabel = "N", description = "How many of the latest failures to show (default: ${DEFAULT-VALUE}).")
    int failures;

    @Mixin
    StackConnection connection;

    static String serviceUrl(String name) {
        String env = System.getenv("FRAMEWISE_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL");
        return env != null && !env.isBlank() ? env : "http://127.0.0.1:" + ServiceProcesses.PORTS.get(name);
    }

    @Override
    public Integer call() throws Exception {
        boolean healthy = true;
        List<String> names = ServiceProcesses.parse(services);
        if (!names.isEmpty()) {
            System.out.println("services");
            for (String name : names) {
                String url = serviceUrl(name);
                boolean ready = new ServiceClient(url).ready();
                healthy &= ready;
                System.out.printf(Locale.ROOT, "  %-20s %-24s %s%n", name, url, ready ? "ready" : "NOT READY (down or starting)");
            }
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            printLag(admin);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.out.println("broker " + connection.bootstrapServers() + ": NOT REACHABLE (" + e.getMessage() + ")");
            return 1;
        }
        printFailures();
        return healthy ? 0 : 1;
    }

    /** Every consumer group's lag per topic: the end offset minus the group's committed offset, summed over partitions. */
    private static void printLag(Admin admin) throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).sorted().toList();
        System.out.println("consumer lag (messages waiting)");
        if (groups.isEmpty()) {
            System.out.println("  no consumer groups yet");
            return;
        }
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> lag = new TreeMap<>();
            committed.forEach((p, offset) -> {
                long end = ends.get(p).offset();
                lag.merge(p.topic(), Math.max(0, end - (offset == null ? 0 : offset.offset())), Long::sum);
            });
            System.out.printf(Locale.ROOT, "  %-36s %s%n", group, lag.isEmpty() ? "(no committed offsets)"
                    : lag.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
    }

    /** The number of failures and dead letters, and the latest failures' reasons. */
    private void printFailures() {
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(connection.bootstrapServers())) {
            long deadLetters = count(consumer, Topic.DEAD_LETTERS.topicName());
            List<TopicPartition> partitions = TopicReader.partitions(consumer, Topic.JOBS_FAILED.topicName());
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            System.out.printf(Locale.ROOT, "failures: %d failed request%s (jobs.failed), %d dead letter%s%n", total,
                    total == 1 ? "" : "s", deadLetters, deadLetters == 1 ? "" : "s");
            if (total == 0 || failures <= 0) {
                return;
            }
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - failures));
            }
            List<JobFailed> latest = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.add(EventCodec.standard().decode(r.value(), JobFailed.class));
                }
            }
            latest.stream().sorted(Comparator.comparing(JobFailed::getFailedAt).reversed()).limit(failures)
                    .forEach(f -> System.out.printf(Locale.ROOT, "  %s  %-19s %s%s: %s%n", f.getFailedAt(), f.getService(),
                            f.getSubject() == null ? "" : f.getSubject().getBucket() + "/" + f.getSubject().getKey(),
                            f.getSubject() == null ? f.getCorrelationId() : "", f.getReason()));
            if (deadLetters > 0) {
                System.out.println("  dead letters: framewise tail dead-letters --from-beginning");
            }
        }
    }

    private static long count(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = TopicReader.partitions(consumer, topic);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }
}
