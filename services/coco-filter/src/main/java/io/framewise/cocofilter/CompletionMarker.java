package io.framewise.cocofilter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.events.CategoryCount;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.CocoFiltered;
import io.framewise.events.ObjectRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The small JSON object written beside a finished result, {@code <output key>.done.json}: which request
 * settings and which version of the input produced the output (and which version of the output that is),
 * what the {@code coco.filtered} event said, and what the run noticed on the way. A request with the same
 * settings on the same input version, while that output is still in place, has nothing left to do.
 *
 * @param settings the request's settings in one line; see {@link #settings(CocoFilterRequest)}
 * @param imagesMissing kept images whose file was not under {@code imagesSource}
 */
record CompletionMarker(String correlationId, String inputEtag, String settings, String outputEtag,
                        CocoFiltered event, long imagesCopied, long imagesMissing, long masks, List<String> warnings) {

    static final String SUFFIX = ".done.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    CompletionMarker {
        warnings = List.copyOf(warnings);
    }

    static String key(ObjectRef output) {
        return output.getKey() + SUFFIX;
    }

    /** Everything in a request that changes what it writes; the correlation id and time do not. */
    static String settings(CocoFilterRequest r) {
        return "input=" + FilterRequestForm.name(r.getInput())
                + ";categories=" + r.getCategories()
                + ";balance=" + r.getBalance()
                + ";masks=" + r.getMasks()
                + ";imagesSource=" + (r.getImagesSource() == null ? "" : FilterRequestForm.name(r.getImagesSource()))
                + ";imagesTarget=" + (r.getImagesTarget() == null ? "" : FilterRequestForm.name(r.getImagesTarget()));
    }

    /** True when this marker records {@code request} run on this version of the input, giving this output version. */
    boolean records(CocoFilterRequest request, String currentInputEtag, String currentOutputEtag) {
        return inputEtag != null && inputEtag.equals(currentInputEtag)
                && outputEtag != null && outputEtag.equals(currentOutputEtag)
                && settings.equals(settings(request));
    }

    /** The completion event again, for another request that asked for the same result. */
    CocoFiltered eventFor(String otherCorrelationId) {
        return CocoFiltered.newBuilder(event).setCorrelationId(otherCorrelationId).build();
    }

    JsonNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("correlationId", correlationId);
        root.put("completedAt", event.getCompletedAt().toString());
        root.put("inputEtag", inputEtag);
        root.put("settings", settings);
        root.put("output", FilterRequestForm.name(event.getOutput()));
        root.put("outputEtag", outputEtag);
        root.putObject("images").put("before", event.getImagesBefore()).put("after", event.getImagesAfter())
                .put("copied", imagesCopied).put("missing", imagesMissing);
        root.putObject("annotations").put("before", event.getAnnotationsBefore()).put("after", event.getAnnotationsAfter());
        root.put("masks", masks);
        ArrayNode categories = root.putArray("categories");
        for (CategoryCount c : event.getCategories()) {
            ObjectNode n = categories.addObject();
            n.put("name", c.getName());
            n.put("originalId", c.getOriginalId());
            if (c.getNewId() == null) {
                n.putNull("newId");
            } else {
                n.put("newId", c.getNewId());
            }
            n.put("instancesBefore", c.getInstancesBefore());
            n.put("instancesAfter", c.getInstancesAfter());
            n.put("imagesBefore", c.getImagesBefore());
            n.put("imagesAfter", c.getImagesAfter());
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root;
    }

    byte[] toBytes() throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
    }

    static CompletionMarker read(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        String output = root.path("output").asText();
        int slash = output.indexOf('/');
        List<CategoryCount> categories = new ArrayList<>();
        for (JsonNode c : root.path("categories")) {
            categories.add(CategoryCount.newBuilder()
                    .setName(c.path("name").asText())
                    .setOriginalId(c.path("originalId").asLong())
                    .setNewId(c.hasNonNull("newId") ? c.get("newId").asLong() : null)
                    .setInstancesBefore(c.path("instancesBefore").asLong())
                    .setInstancesAfter(c.path("instancesAfter").asLong())
                    .setImagesBefore(c.path("imagesBefore").asLong())
                    .setImagesAfter(c.path("imagesAfter").asLong())
                    .build());
        }
        CocoFiltered event = CocoFiltered.newBuilder()
                .setCorrelationId(root.path("correlationId").asText())
                .setCompletedAt(Instant.parse(root.path("completedAt").asText()))
                .setOutput(new ObjectRef(output.substring(0, slash), output.substring(slash + 1)))
                .setImagesBefore(root.path("images").path("before").asLong())
                .setImagesAfter(root.path("images").path("after").asLong())
                .setAnnotationsBefore(root.path("annotations").path("before").asLong())
                .setAnnotationsAfter(root.path("annotations").path("after").asLong())
                .setCategories(categories)
                .build();
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new CompletionMarker(event.getCorrelationId(), root.path("inputEtag").asText(null),
                root.path("settings").asText(""), root.path("outputEtag").asText(null), event,
                root.path("images").path("copied").asLong(), root.path("images").path("missing").asLong(),
                root.path("masks").asLong(), warnings);
    }
}
