package io.framewise.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ObjectRef;
import io.framewise.schemas.EventCatalog;
import io.framewise.schemas.OlderJobFailed;
import io.framewise.schemas.SampleEvents;
import java.util.Arrays;
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
    void messageWrittenWithAnOlderSchemaVersionDecodesWithTheCurrentReader() {
        byte[] bytes = OlderJobFailed.encode("run-7", "trainer", "TrainingRequest", "unknown model family 'yolo9'");

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("unknown writer schema");

        JobFailed decoded = codec.withWriterSchema(OlderJobFailed.SCHEMA).decode(bytes, JobFailed.class);
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
}
