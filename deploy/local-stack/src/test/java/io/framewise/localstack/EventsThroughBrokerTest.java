package io.framewise.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.framewise.events.JobFailed;
import io.framewise.localstack.testing.LocalStackExtension;
import io.framewise.localstack.testing.TopicProbe;
import io.framewise.schemas.EventCatalog;
import io.framewise.schemas.OlderJobFailed;
import io.framewise.schemas.SampleEvents;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.schemas.codec.EventDeserializer;
import io.framewise.schemas.codec.EventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class EventsThroughBrokerTest {

    @Test
    void everyEventTypeRoundTripsThroughTheBrokerOnItsTopic(LocalStack stack) throws Exception {
        List<SpecificRecord> sent = new ArrayList<>();
        List<TopicProbe> probes = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig(stack),
                new StringSerializer(), new EventSerializer())) {
            for (Topic topic : Topic.values()) {
                if (topic.eventType().isEmpty()) {
                    continue;
                }
                probes.add(TopicProbe.fromNow(stack.bootstrapServers(), topic.topicName()));
                SpecificRecord event = SampleEvents.of(topic.eventType().get(), topic.ordinal());
                producer.send(new ProducerRecord<>(topic.topicName(), "key-" + topic.ordinal(), event)).get();
                sent.add(event);
            }
        }
        assertThat(sent.stream().map(e -> (Object) e.getClass()).toList()).containsAll(List.copyOf(EventCatalog.EVENT_TYPES));
        EventDeserializer deserializer = new EventDeserializer();
        for (int i = 0; i < sent.size(); i++) {
            try (TopicProbe probe = probes.get(i)) {
                ConsumerRecord<String, byte[]> record = probe.await(1, Duration.ofSeconds(30)).get(0);
                assertThat(deserializer.deserialize(record.topic(), record.value())).isEqualTo(sent.get(i));
            }
        }
    }

    @Test
    void aMessageWrittenWithAnOlderSchemaDecodesWithTheNewerReader(LocalStack stack) throws Exception {
        byte[] bytes = OlderJobFailed.encode("ds-1", "frame-extractor", "bucket-event", "truncated video");

        try (TopicProbe probe = TopicProbe.fromNow(stack.bootstrapServers(), Topic.JOBS_FAILED.topicName());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(stack),
                        new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.JOBS_FAILED.topicName(), "ds-1", bytes)).get();
            byte[] received = probe.await(1, Duration.ofSeconds(30)).get(0).value();
            JobFailed decoded = EventCodec.standard().withWriterSchema(OlderJobFailed.SCHEMA).decode(received, JobFailed.class);
            assertThat(decoded.getReason()).isEqualTo("truncated video");
            assertThat(decoded.getService()).isEqualTo("frame-extractor");
            assertThat(decoded.getSubject()).isNull();
        }
    }

    static Properties producerConfig(LocalStack stack) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }
}
