package io.framewise.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.framewise.schemas.EventCatalog;
import io.framewise.schemas.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = EventCodec.standard();

    @Test
    void everyCataloguedEventDecodesToAnEqualObject() {
        for (Class<? extends SpecificRecord> type : EventCatalog.EVENT_TYPES) {
            SpecificRecord event = SampleEvents.of(type, 1);
            byte[] bytes = codec.encode(event);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            assertThat(codec.decode(bytes)).as(type.getSimpleName()).isEqualTo(event);
        }
    }

    @Test
    void messageWrittenWithAnOlderSchemaVersionDecodesWithTheCurrentReader() throws Exception {
        // An older FramesExtracted: no durationSeconds yet. The current schema gives the field no default,
        // so simulate an evolution the other way: an old writer that lacked an optional field the reader has.
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"JobFailed","namespace":"io.framewise.events","fields":[
                  {"name":"correlationId","type":"string"},
                  {"name":"failedAt","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"service","type":"string"},
                  {"name":"requestType","type":"string"},
                  {"name":"reason","type":"string"}]}""");
        GenericRecord oldEvent = new GenericData.Record(old);
        oldEvent.put("correlationId", "run-7");
        oldEvent.put("failedAt", 1_700_000_000_000L);
        oldEvent.put("service", "trainer");
        oldEvent.put("requestType", "TrainingRequest");
        oldEvent.put("reason", "unknown model family 'yolo9'");
        byte[] bytes = singleObject(old, oldEvent);

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("unknown writer schema");

        JobFailed decoded = codec.withWriterSchema(old).decode(bytes, JobFailed.class);
        assertThat(decoded.getReason()).isEqualTo("unknown model family 'yolo9'");
        assertThat(decoded.getSubject()).isNull();
        assertThat(decoded.getDetail()).isNull();
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> codec.decode("{\"hello\":1}".getBytes()))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("not an Avro single-object message");
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2}))
                .hasMessageContaining("shorter than the Avro single-object header");
        byte[] good = codec.encode(SampleEvents.of(FramesExtracted.class, 3));
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 5)))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("corrupt FramesExtracted");
    }

    @Test
    void decodingAsTheWrongTypeNamesBothTypes() {
        byte[] bytes = codec.encode(new ObjectRefHolder().failed());
        assertThatThrownBy(() -> codec.decode(bytes, FramesExtracted.class))
                .hasMessageContaining("expected a FramesExtracted but the message is a JobFailed");
    }

    private static final class ObjectRefHolder {
        JobFailed failed() {
            return JobFailed.newBuilder().setCorrelationId("c").setFailedAt(java.time.Instant.ofEpochMilli(1))
                    .setService("s").setRequestType("r").setReason("why")
                    .setSubject(new ObjectRef("videos", "a.mp4")).build();
        }
    }

    static byte[] singleObject(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(schema));
        out.write(header.array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
