package io.framewise.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Every committed version of every event schema: {@code schema-history/<full.name>/v1.avsc, v2.avsc, ...}.
 * Versions are never edited or removed once committed; the history check enforces that the current schema
 * can read all of them.
 */
public final class SchemaHistory {

    public static final String ROOT = "schema-history";

    /** Text of version {@code n} of a schema, or null when there is no such version. */
    private final Function<String, String> source;

    private SchemaHistory(Function<String, String> source) {
        this.source = source;
    }

    public static SchemaHistory fromClasspath() {
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        return new SchemaHistory(path -> {
            try (InputStream in = loader.getResourceAsStream(ROOT + "/" + path)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static SchemaHistory fromDirectory(Path root) {
        return new SchemaHistory(path -> {
            Path file = root.resolve(path);
            try {
                return Files.isRegularFile(file) ? Files.readString(file) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static SchemaHistory empty() {
        return new SchemaHistory(path -> null);
    }

    public static String versionPath(String fullName, int version) {
        return fullName + "/v" + version + ".avsc";
    }

    /** The recorded versions of a schema, oldest first. Each is parsed on its own, with its named types inline. */
    public List<Schema> versions(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String text = source.apply(versionPath(fullName, v));
            if (text == null) {
                return versions;
            }
            versions.add(new Schema.Parser().parse(text));
        }
    }
}
