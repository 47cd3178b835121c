package io.framewise.cli;

import io.framewise.events.FrameDetections;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.schemas.codec.UndecodableEventException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detections", mixinStandardHelpOptions = true,
        header = "Print the per-frame detections of annotated videos as JSON lines.",
        description = {"Reads the 'detections' topic: one JSON line per frame (or image of an image set) with the video id,",
            "frame index, presentation time, frame size, model and run, and every detection (label, score, box in",
            "pixels, assessor score for LoANs models). Without --follow, prints what the topic holds and exits;",
            "with --follow, waits for new frames until Ctrl-C (or --max / --timeout).",
            "Examples: framewise detections rink/yuna.mp4",
            "          framewise detections --follow | jq -c '.detections[] | select(.score > 0.8)'"})
final class DetectionsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "VIDEO_ID", description = "Only this video's frames (the message key: the "
            + "path below videos/inference/, or bucket/key for other videos).")
    String videoId;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new frames (starting now, unless --from-beginning).")
    boolean follow;

    @Option(names = "--from-beginning", description = "With --follow: print the stored frames first.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N frames.")
    Integer max;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --follow: stop when nothing arrives for this long.")
    Integer timeoutSeconds;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() {
        int printed = 0;
        long idleSince = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(connection.bootstrapServers())) {
            List<TopicPartition> partitions = TopicReader.assign(consumer, Topic.DETECTIONS.topicName(), !follow || fromBeginning);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (max == null || printed < max) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (videoId != null && !videoId.equals(record.key())) {
                        continue;
                    }
                    System.out.println(render(record));
                    System.out.flush();
                    if (max != null && ++printed >= max) {
                        break;
                    }
                    idleSince = System.nanoTime();
                }
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
                if (follow && timeoutSeconds != null && System.nanoTime() - idleSince > timeoutSeconds * 1_000_000_000L) {
                    break;
                }
            }
        }
        return 0;
    }

    private static String render(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.standard().decode(record.value(), FrameDetections.class).toString();
        } catch (UndecodableEventException e) {
            return "{\"key\":" + TailCommand.quote(String.valueOf(record.key())) + ",\"undecodable\":"
                    + TailCommand.quote(e.getMessage()) + "}";
        }
    }
}
