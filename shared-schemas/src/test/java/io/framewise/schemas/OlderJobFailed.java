package io.framewise.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A JobFailed as a producer built with an older schema would write it: without the optional
 * {@code subject} and {@code detail} fields the current schema has, in single-object encoding.
 */
public final class OlderJobFailed {

    public static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"JobFailed","namespace":"io.framewise.events","fields":[
              {"name":"correlationId","type":"string"},
              {"name":"failedAt","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"service","type":"string"},
              {"name":"requestType","type":"string"},
              {"name":"reason","type":"string"}]}""");

    private OlderJobFailed() {
    }

    public static byte[] encode(String correlationId, String service, String requestType, String reason) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("correlationId", correlationId);
        record.put("failedAt", 1_700_000_000_000L);
        record.put("service", service);
        record.put("requestType", requestType);
        record.put("reason", reason);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(SCHEMA)).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
