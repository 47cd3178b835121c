package io.framewise.datasetsynthesizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.events.DatasetKind;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.ObjectRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The small JSON object written beside a finished dataset, {@code <output prefix>_synthesized.json}: which
 * settings and which versions of the inputs produced it, what the {@code dataset.synthesized} event said, and
 * what the run noticed on the way. A request with the same settings on the same inputs has nothing left to do.
 *
 * @param settings    the request's settings in one line; see {@link SynthesisJob#settings}
 * @param inputs      a digest of the input objects' keys and eTags; see {@link InputImages#fingerprint}
 * @param resumedFrom the sample index the last run started at (0 unless it continued an interrupted one)
 */
record CompletionMarker(String correlationId, String settings, String inputs, DatasetSynthesized event,
                        int resumedFrom, double seconds, List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    CompletionMarker {
        warnings = List.copyOf(warnings);
    }

    boolean records(String currentSettings, String currentInputs) {
        return settings.equals(currentSettings) && inputs.equals(currentInputs);
    }

    /** The completion event again, for another request that asked for the same dataset. */
    DatasetSynthesized eventFor(String otherCorrelationId) {
        return DatasetSynthesized.newBuilder(event).setCorrelationId(otherCorrelationId).build();
    }

    JsonNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("correlationId", correlationId);
        root.put("completedAt", event.getCompletedAt().toString());
        root.put("kind", SynthesisRequestForm.spelling(event.getKind()));
        root.put("output", SynthesisRequestForm.name(event.getOutput()));
        root.put("index", SynthesisRequestForm.name(event.getIndex()));
        root.put("samples", event.getSamples());
        root.put("skipped", event.getSkipped());
        root.put("resumedFrom", resumedFrom);
        root.put("seconds", seconds);
        root.put("settings", settings);
        root.put("inputs", inputs);
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root;
    }

    byte[] toBytes() throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
    }

    static CompletionMarker read(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        DatasetSynthesized event = DatasetSynthesized.newBuilder()
                .setCorrelationId(root.path("correlationId").asText())
                .setCompletedAt(Instant.parse(root.path("completedAt").asText()))
                .setKind(DatasetKind.valueOf(root.path("kind").asText().toUpperCase(java.util.Locale.ROOT)))
                .setOutput(ref(root.path("output").asText()))
                .setIndex(ref(root.path("index").asText()))
                .setSamples(root.path("samples").asInt())
                .setSkipped(root.path("skipped").asInt())
                .build();
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new CompletionMarker(event.getCorrelationId(), root.path("settings").asText(""),
                root.path("inputs").asText(""), event, root.path("resumedFrom").asInt(), root.path("seconds").asDouble(),
                warnings);
    }

    private static ObjectRef ref(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not bucket/key: " + name);
        }
        return new ObjectRef(name.substring(0, slash), name.substring(slash + 1));
    }
}
