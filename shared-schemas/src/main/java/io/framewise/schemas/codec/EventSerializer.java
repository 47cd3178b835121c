package io.framewise.schemas.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for every Framewise event; no schema registry needed. */
public class EventSerializer implements Serializer<SpecificRecord> {
    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        return event == null ? null : EventCodec.standard().encode(event);
    }
}
