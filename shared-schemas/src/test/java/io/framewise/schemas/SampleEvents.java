package io.framewise.schemas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Builds an event of any catalogued type with every field set to a distinct, non-default value. */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static <T extends SpecificRecord> T of(Class<T> type, int seed) {
        GenericRecord generic = (GenericRecord) fill(EventCatalog.schemaOf(type), type.getSimpleName(), seed);
        return type.cast(SpecificData.getForClass(type).deepCopy(EventCatalog.schemaOf(type), generic));
    }

    private static Object fill(Schema schema, String path, int seed) {
        int h = Math.abs((path + seed).hashCode());
        switch (schema.getType()) {
            case RECORD:
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    record.put(f.pos(), fill(f.schema(), path + "." + f.name(), seed));
                }
                return record;
            case UNION:
                Schema nonNull = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
                return fill(nonNull, path, seed);
            case ENUM:
                return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(h % schema.getEnumSymbols().size()));
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    items.add(fill(schema.getElementType(), path + "[" + i + "]", seed));
                }
                return items;
            case MAP:
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    map.put("k" + i, fill(schema.getValueType(), path + "{" + i + "}", seed));
                }
                return map;
            case STRING:
                return path + "#" + seed;
            case INT:
                return h % 100_000;
            case LONG:
                long millis = 1_700_000_000_000L + h;
                return schema.getLogicalType() == null ? millis : java.time.Instant.ofEpochMilli(millis);
            case FLOAT:
                return (h % 1000) / 7f;
            case DOUBLE:
                return (h % 100_000) / 13d;
            case BOOLEAN:
                return h % 2 == 0;
            default:
                throw new IllegalArgumentException("no sample for " + schema.getType() + " at " + path);
        }
    }
}
