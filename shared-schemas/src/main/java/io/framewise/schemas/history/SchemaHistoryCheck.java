package io.framewise.schemas.history;

import io.framewise.schemas.EventCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * The build's schema gate, run by Maven after compiling shared-schemas. It fails when an event schema
 * cannot read a version committed earlier (a backward-incompatible change), or when a schema changed
 * without its new version being recorded. Recording: {@code mvn -pl shared-schemas process-classes
 * -Dframewise.schemas.record=record}, which writes the next {@code vN.avsc} only if it is compatible.
 */
public final class SchemaHistoryCheck {

    private SchemaHistoryCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        boolean record = args.length > 1 && "record".equals(args[1]);
        List<Schema> current = EventCatalog.EVENT_TYPES.stream().map(EventCatalog::schemaOf).toList();
        List<String> problems = check(root, current, record);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("event schema check failed:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Checks (and, when {@code record}, records) each schema; returns what is wrong, empty when all is well. */
    public static List<String> check(Path root, List<Schema> current, boolean record) throws IOException {
        SchemaHistory history = SchemaHistory.fromDirectory(root);
        List<String> problems = new ArrayList<>();
        for (Schema schema : current) {
            String name = schema.getFullName();
            List<Schema> versions = history.versions(name);
            boolean compatible = true;
            for (int v = 0; v < versions.size(); v++) {
                SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(schema, versions.get(v));
                if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    compatible = false;
                    problems.add(name + " cannot read its committed version v" + (v + 1) + ": "
                            + result.getResult().getIncompatibilities().stream()
                                    .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                                    .toList()
                            + ". Give new fields defaults; never remove or retype a field without a default.");
                }
            }
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            boolean recorded = versions.stream().anyMatch(v -> SchemaNormalization.parsingFingerprint64(v) == fingerprint);
            if (!recorded && compatible) {
                if (record) {
                    Path file = root.resolve(SchemaHistory.versionPath(name, versions.size() + 1));
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, schema.toString(true) + "\n");
                } else {
                    problems.add(name + " changed but its new version is not recorded in " + root
                            + "; run: mvn -pl shared-schemas process-classes -Dframewise.schemas.record=record");
                }
            }
        }
        return problems;
    }
}
