package io.framewise.cocofilter;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.RequestFields;
import io.framewise.events.BalanceMode;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.MaskMode;
import io.framewise.events.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A filter request as a user writes it: the JSON body of {@code POST /filters}, or a request file (YAML or
 * JSON) dropped under {@code requests/coco-filter/}. Both have the same fields:
 *
 * <pre>
 * input:        inputs/coco/instances_val2014.json   # required: the COCO instances file
 * output:       datasets/coco/person-ball.json       # required: where the filtered file goes
 * categories:   [person, sports ball]                # required: names to keep, matched exactly
 * balance:      keep-rarest                          # none (default), require-all or keep-rarest
 * masks:        instance-ids                         # none (default), instance-ids or category-ids
 * imagesSource: inputs/coco/val2014/                 # optional, both or neither: copy the kept images'
 * imagesTarget: datasets/coco/person-ball/images/    #   file_name from one prefix to the other
 * </pre>
 *
 * An object is named either by one string {@code "bucket/key"} whose first segment is a pipeline bucket, or
 * by {@code {"bucket": ..., "key": ...}} where the bucket may be left out (inputs for {@code input} and
 * {@code imagesSource}, datasets for {@code output} and {@code imagesTarget}). Results never go to the buckets
 * whose new objects start jobs ({@link Buckets#WATCHED}). Unknown fields are refused, so a misspelt option
 * is an error rather than silently ignored. Every problem is an {@link IllegalArgumentException} naming the
 * field.
 */
final class FilterRequestForm {

    static final List<String> FIELDS = List.of("input", "output", "categories", "balance", "masks", "imagesSource",
            "imagesTarget");

    private FilterRequestForm() {
    }

    static CocoFilterRequest read(JsonNode form, String correlationId, Instant requestedAt) {
        if (form == null || !form.isObject()) {
            throw new IllegalArgumentException("a filter request is an object with the fields " + FIELDS
                    + " (input, output and categories required)");
        }
        refuseUnknownFields(form, FIELDS, "a filter request");
        ObjectRef input = ref(form, "input", Buckets.INPUTS, false);
        ObjectRef output = writable(ref(form, "output", Buckets.DATASETS, false), "output");
        if (input.equals(output)) {
            throw new IllegalArgumentException("'output' is the input " + name(input) + "; write the result elsewhere");
        }
        ObjectRef imagesSource = ref(form, "imagesSource", Buckets.INPUTS, true);
        ObjectRef imagesTarget = ref(form, "imagesTarget", Buckets.DATASETS, true);
        if ((imagesSource == null) != (imagesTarget == null)) {
            throw new IllegalArgumentException("give both 'imagesSource' and 'imagesTarget' to copy the kept images, or neither");
        }
        if (imagesTarget != null) {
            writable(imagesTarget, "imagesTarget");
            if (imagesTarget.equals(imagesSource)) {
                throw new IllegalArgumentException("'imagesTarget' is 'imagesSource' (" + name(imagesSource) + "); copy the images elsewhere");
            }
        }
        return CocoFilterRequest.newBuilder()
                .setCorrelationId(correlationId)
                .setRequestedAt(requestedAt)
                .setInput(input)
                .setOutput(output)
                .setCategories(categories(form.get("categories")))
                .setBalance(choice(form, "balance", BalanceMode.values(), BalanceMode.NONE))
                .setMasks(choice(form, "masks", MaskMode.values(), MaskMode.NONE))
                .setImagesSource(imagesSource)
                .setImagesTarget(imagesTarget)
                .build();
    }

    static String name(ObjectRef ref) {
        return RequestFields.name(ref);
    }

    /** An object key, or for a prefix ({@code prefix} true) an optional field whose key may be empty. */
    private static ObjectRef ref(JsonNode form, String field, String defaultBucket, boolean prefix) {
        return prefix ? RequestFields.prefix(form, field, defaultBucket) : RequestFields.key(form, field, defaultBucket);
    }

    private static ObjectRef writable(ObjectRef ref, String field) {
        return RequestFields.writable(ref, field);
    }

    private static List<String> categories(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode name : node) {
                names.add(categoryName(name));
            }
        } else if (node != null && !node.isNull()) {
            names.add(categoryName(node));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("'categories' needs at least one category name, e.g. [\"person\", \"sports ball\"]");
        }
        return names;
    }

    private static String categoryName(JsonNode node) {
        if (!node.isValueNode() || node.isNull() || node.asText().isBlank()) {
            throw new IllegalArgumentException("'categories' holds names (non-empty strings), not " + node);
        }
        return node.asText();
    }

    /** Reads an enum from its lower-case, hyphenated spelling ({@code keep-rarest}); the Avro name works too. */
    private static <E extends Enum<E>> E choice(JsonNode form, String field, E[] values, E absent) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        String wanted = node.asText().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + field + "' is " + Arrays.stream(values)
                        .map(FilterRequestForm::spelling).collect(Collectors.joining(", ")) + "; not " + node));
    }

    static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void refuseUnknownFields(JsonNode node, java.util.Collection<String> known, String what) {
        RequestFields.refuseUnknownFields(node, known, what);
    }
}
