package io.framewise.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.framewise.common.store.Buckets;
import io.framewise.localstack.testing.SharedTestStack;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LocalStackRestartTest {

    @Test
    void stoppingAndStartingOnTheSameFolderKeepsObjectsTopicsAndMessages() throws Exception {
        Path dir = Files.createTempDirectory("restart-test");
        try {
            try (LocalStack stack = LocalStack.start(LocalStack.Settings.ephemeral(dir))) {
                stack.store().put(Buckets.VIDEOS, "train/kept.mp4", "kept".getBytes(StandardCharsets.UTF_8), "video/mp4");
                try (TopicProbe probe = TopicProbe.fromBeginning(stack.bootstrapServers(), Topic.BUCKET_EVENTS.topicName())) {
                    probe.await(1, Duration.ofSeconds(30));
                }
            }
            try (LocalStack again = LocalStack.start(LocalStack.Settings.ephemeral(dir))) {
                assertThat(new String(again.store().readAllBytes(Buckets.VIDEOS, "train/kept.mp4"), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
                try (TopicProbe probe = TopicProbe.fromBeginning(again.bootstrapServers(), Topic.BUCKET_EVENTS.topicName())) {
                    List<ConsumerRecord<String, byte[]>> events = probe.drain();
                    assertThat(events).extracting(ConsumerRecord::key).containsExactly("videos/train/kept.mp4");
                }
            }
        } finally {
            SharedTestStack.deleteRecursively(dir);
        }
    }
}
