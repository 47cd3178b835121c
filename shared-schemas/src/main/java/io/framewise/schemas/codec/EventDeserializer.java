package io.framewise.schemas.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for every Framewise event. A message it cannot read raises a
 * {@link SerializationException} whose message is the reason, for the dead-letter record.
 */
public class EventDeserializer implements Deserializer<SpecificRecord> {
    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventCodec.standard().decode(data);
        } catch (UndecodableEventException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
