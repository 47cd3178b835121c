package io.framewise.schemas.codec;

import io.framewise.schemas.EventCatalog;
import io.framewise.schemas.history.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes events in Avro single-object encoding (two marker bytes, the 8-byte CRC-64-AVRO fingerprint of
 * the writer schema, then the binary datum) and decodes them with no schema registry: every writer schema
 * this build has ever committed is known from the schema history, and the reader is the generated class
 * of the same record name.
 */
public final class EventCodec {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    /**
     * Generated classes are found through this module's class loader, never the thread's context loader:
     * under Quarkus (and in its tests) threads carry different context loaders, and a class from the wrong
     * one cannot be cast to Avro's interfaces.
     */
    private static final SpecificData MODEL = new SpecificData(EventCodec.class.getClassLoader());

    private static final EventCodec STANDARD = new EventCodec(EventCatalog.EVENT_TYPES, SchemaHistory.fromClasspath());

    /** Reader schema (the generated class's) by record full name. */
    private final Map<String, Schema> readers = new ConcurrentHashMap<>();
    private final Map<Long, Schema> writers = new ConcurrentHashMap<>();
    private final Map<Long, SpecificDatumReader<SpecificRecord>> datumReaders = new ConcurrentHashMap<>();
    private final Map<Class<?>, SpecificDatumWriter<SpecificRecord>> datumWriters = new ConcurrentHashMap<>();
    private final Map<Class<?>, byte[]> headers = new ConcurrentHashMap<>();

    EventCodec(List<Class<? extends SpecificRecord>> types, SchemaHistory history) {
        for (Class<? extends SpecificRecord> type : types) {
            Schema current = EventCatalog.schemaOf(type);
            readers.put(current.getFullName(), current);
            addWriterSchema(current);
            history.versions(current.getFullName()).forEach(this::addWriterSchema);
        }
    }

    /** The codec for every event in the catalogue and every historical version of their schemas. */
    public static EventCodec standard() {
        return STANDARD;
    }

    /** A codec that also reads messages written with {@code writer}, e.g. a schema from another build. */
    public EventCodec withWriterSchema(Schema writer) {
        EventCodec copy = new EventCodec(List.of(), SchemaHistory.empty());
        copy.readers.putAll(readers);
        copy.writers.putAll(writers);
        copy.addWriterSchema(writer);
        return copy;
    }

    private void addWriterSchema(Schema schema) {
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }

    public byte[] encode(SpecificRecord event) {
        Class<?> type = event.getClass();
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(headers.computeIfAbsent(type, t -> header(event.getSchema())));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            datumWriters.computeIfAbsent(type, t -> new SpecificDatumWriter<>(event.getSchema(), MODEL))
                    .write(event, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + event.getSchema().getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Decodes any known event. */
    public SpecificRecord decode(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH) {
            throw new UndecodableEventException("not a Framewise event: "
                    + (message == null ? "no value" : message.length + " bytes is shorter than the Avro single-object header"));
        }
        if (message[0] != MARKER_0 || message[1] != MARKER_1) {
            throw new UndecodableEventException("not an Avro single-object message: it starts with 0x"
                    + HexFormat.of().formatHex(message, 0, 2) + " instead of 0xc301");
        }
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SpecificDatumReader<SpecificRecord> reader = datumReaders.computeIfAbsent(fingerprint, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
        try {
            SpecificRecord event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableEventException(reader.getSchema().getName() + " message has "
                        + "trailing bytes: the payload does not match its schema");
            }
            return event;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UndecodableEventException u) {
                throw u;
            }
            throw new UndecodableEventException("corrupt " + reader.getSchema().getName() + " message: " + e, e);
        }
    }

    /** Decodes a message that must be of the given type. */
    public <T extends SpecificRecord> T decode(byte[] message, Class<T> type) {
        SpecificRecord event = decode(message);
        if (!type.isInstance(event)) {
            throw new UndecodableEventException("expected a " + type.getSimpleName() + " but the message is a "
                    + event.getSchema().getName());
        }
        return type.cast(event);
    }

    private SpecificDatumReader<SpecificRecord> readerFor(long fingerprint) {
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            throw new UndecodableEventException("unknown writer schema (fingerprint "
                    + Long.toUnsignedString(fingerprint, 16) + "): the producer uses a schema version this service "
                    + "does not know; upgrade the service or record the schema in shared-schemas");
        }
        Schema reader = readers.get(writer.getFullName());
        if (reader == null) {
            throw new UndecodableEventException("no event type " + writer.getFullName() + " in this service's catalogue");
        }
        return new SpecificDatumReader<>(writer, reader, MODEL);
    }

    private static byte[] header(Schema schema) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MARKER_0).put(MARKER_1).putLong(SchemaNormalization.parsingFingerprint64(schema));
        return header.array();
    }
}
