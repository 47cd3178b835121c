package io.framewise.schemas.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.framewise.schemas.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaHistoryCheckTest {

    private static Schema schema(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
    }

    @Test
    void theCommittedHistoryMatchesTheCurrentSchemas() throws Exception {
        Path root = Path.of("src/main/resources/schema-history");
        List<Schema> current = EventCatalog.EVENT_TYPES.stream().map(EventCatalog::schemaOf).toList();
        assertThat(SchemaHistoryCheck.check(root, current, false)).isEmpty();
    }

    @Test
    void anAddedFieldWithADefaultIsRecordedAsTheNextVersion(@TempDir Path root) throws Exception {
        Schema v1 = schema("{\"name\":\"a\",\"type\":\"string\"}");
        Schema v2 = schema("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":3}");
        assertThat(SchemaHistoryCheck.check(root, List.of(v1), true)).isEmpty();
        assertThat(SchemaHistoryCheck.check(root, List.of(v2), false))
                .singleElement().asString().contains("changed but its new version is not recorded");
        assertThat(SchemaHistoryCheck.check(root, List.of(v2), true)).isEmpty();
        assertThat(Files.exists(root.resolve("t.Probe/v2.avsc"))).isTrue();
        assertThat(SchemaHistoryCheck.check(root, List.of(v2), false)).isEmpty();
    }

    @Test
    void anAddedFieldWithoutADefaultFailsTheBuildAndIsNotRecorded(@TempDir Path root) throws Exception {
        SchemaHistoryCheck.check(root, List.of(schema("{\"name\":\"a\",\"type\":\"string\"}")), true);
        Schema incompatible = schema("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
        assertThat(SchemaHistoryCheck.check(root, List.of(incompatible), true))
                .singleElement().asString()
                .contains("t.Probe cannot read its committed version v1")
                .contains("READER_FIELD_MISSING_DEFAULT");
        assertThat(Files.exists(root.resolve("t.Probe/v2.avsc"))).isFalse();
    }

    @Test
    void aRetypedFieldFailsTheBuild(@TempDir Path root) throws Exception {
        SchemaHistoryCheck.check(root, List.of(schema("{\"name\":\"a\",\"type\":\"string\"}")), true);
        assertThat(SchemaHistoryCheck.check(root, List.of(schema("{\"name\":\"a\",\"type\":\"int\"}")), false))
                .singleElement().asString().contains("TYPE_MISMATCH");
    }
}
