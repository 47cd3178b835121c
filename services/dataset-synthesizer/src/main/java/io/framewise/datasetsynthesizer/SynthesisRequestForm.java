package io.framewise.datasetsynthesizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.RequestFields;
import io.framewise.events.DatasetKind;
import io.framewise.events.ObjectRef;
import io.framewise.events.SynthesisRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A synthesis request as a user writes it: the JSON body of {@code POST /syntheses}, or a request file (YAML
 * or JSON) dropped under {@code requests/dataset-synthesizer/}. Both have the same fields:
 *
 * <pre>
 * backgrounds:   inputs/synth/backgrounds/    # required: prefix of the background JPEG/PNG files
 * templates:     inputs/synth/templates/      # required: prefix of the RGBA PNG templates (sub-folders = categories)
 * output:        datasets/synth/skater/       # required: prefix the dataset is written under
 * kind:          assessor                     # assessor (default) or detection
 * numSamples:    10000                        # required: samples (assessor) or images (detection)
 * outputSize:    [75, 100]                    # required: width, height of every crop ("75x100" works too)
 * imageSize:     [224, 224]                   # backgrounds are resized to this before pasting (default 224x224)
 * zoomMode:      true                         # IoU-bucket and naive-zoom crops (default false)
 * baseBboxes:    inputs/synth/base-boxes.json # optional: natural box sizes the templates are resized to
 * enlargeRegion: [4, 4, 4, 4]                 # margins left, top, right, bottom around the paste (default 0s)
 * seed:          7                            # the dataset is a function of the inputs, settings and seed (default 0)
 * </pre>
 *
 * An object or prefix is named either by one string {@code "bucket/key"} whose first segment is a pipeline
 * bucket, or by {@code {"bucket": ..., "key": ...}} where the bucket may be left out (inputs for the inputs,
 * datasets for {@code output}). Prefixes are taken as folders: a missing trailing '/' is added. The output may
 * not lie in a bucket whose new objects start jobs ({@link Buckets#WATCHED}), nor overlap the inputs; the
 * backgrounds and templates may not overlap each other. Unknown fields are refused, so a misspelt option is an
 * error rather than silently ignored. Every problem is an {@link IllegalArgumentException} naming the field.
 */
final class SynthesisRequestForm {

    static final List<String> FIELDS = List.of("backgrounds", "templates", "output", "kind", "numSamples", "outputSize",
            "imageSize", "zoomMode", "baseBboxes", "enlargeRegion", "seed");
    private static final List<String> SIZE_FIELDS = List.of("width", "height");
    static final int MAX_SAMPLES = 10_000_000;
    static final int MAX_SIDE = 4096;

    private SynthesisRequestForm() {
    }

    static SynthesisRequest read(JsonNode form, String correlationId, Instant requestedAt) {
        if (form == null || !form.isObject()) {
            throw new IllegalArgumentException("a synthesis request is an object with the fields " + FIELDS
                    + " (backgrounds, templates, output, numSamples and outputSize required)");
        }
        refuseUnknownFields(form, FIELDS, "a synthesis request");
        ObjectRef backgrounds = prefix(form, "backgrounds", Buckets.INPUTS);
        ObjectRef templates = prefix(form, "templates", Buckets.INPUTS);
        ObjectRef output = prefix(form, "output", Buckets.DATASETS);
        if (Buckets.WATCHED.contains(output.getBucket())) {
            throw new IllegalArgumentException("'output' cannot be in the " + output.getBucket()
                    + " bucket: new objects there start jobs; use " + Buckets.DATASETS);
        }
        refuseOverlap("output", output, "backgrounds", backgrounds);
        refuseOverlap("output", output, "templates", templates);
        refuseOverlap("templates", templates, "backgrounds", backgrounds);
        ObjectRef baseBboxes = key(form, "baseBboxes", Buckets.INPUTS);
        int numSamples = integer(form, "numSamples", null, 1, MAX_SAMPLES);
        int[] outputSize = size(form, "outputSize", null);
        int[] imageSize = size(form, "imageSize", new int[] {224, 224});
        List<Integer> enlarge = enlargeRegion(form.get("enlargeRegion"));
        if (!enlarge.isEmpty() && (imageSize[0] - enlarge.get(0) - enlarge.get(2) < 1
                || imageSize[1] - enlarge.get(1) - enlarge.get(3) < 1)) {
            throw new IllegalArgumentException("'enlargeRegion' " + enlarge + " leaves no room for a template in a "
                    + imageSize[0] + "x" + imageSize[1] + " image ('imageSize')");
        }
        return SynthesisRequest.newBuilder()
                .setCorrelationId(correlationId)
                .setRequestedAt(requestedAt)
                .setKind(choice(form, "kind", DatasetKind.values(), DatasetKind.ASSESSOR))
                .setBackgrounds(backgrounds)
                .setTemplates(templates)
                .setOutput(output)
                .setNumSamples(numSamples)
                .setOutputWidth(outputSize[0])
                .setOutputHeight(outputSize[1])
                .setZoomMode(bool(form, "zoomMode"))
                .setImageWidth(imageSize[0])
                .setImageHeight(imageSize[1])
                .setBaseBboxes(baseBboxes)
                .setEnlargeRegion(enlarge)
                .setSeed(seed(form.get("seed")))
                .build();
    }

    static String name(ObjectRef ref) {
        return RequestFields.name(ref);
    }

    static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A required, non-empty prefix, ending in '/'. */
    private static ObjectRef prefix(JsonNode form, String field, String defaultBucket) {
        ObjectRef ref = ref(form, field, defaultBucket, true);
        if (ref == null || ref.getKey().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is required: a folder \"bucket/prefix/\" or "
                    + "{\"bucket\": ..., \"key\": ...}, not a whole bucket");
        }
        String key = ref.getKey();
        return new ObjectRef(ref.getBucket(), key.endsWith("/") ? key : key + "/");
    }

    /** An optional object key. */
    private static ObjectRef key(JsonNode form, String field, String defaultBucket) {
        return ref(form, field, defaultBucket, false);
    }

    private static ObjectRef ref(JsonNode form, String field, String defaultBucket, boolean prefix) {
        return prefix ? RequestFields.prefix(form, field, defaultBucket) : RequestFields.object(form, field, defaultBucket, false);
    }

    private static void refuseOverlap(String field, ObjectRef a, String otherField, ObjectRef b) {
        if (a.getBucket().equals(b.getBucket()) && (a.getKey().startsWith(b.getKey()) || b.getKey().startsWith(a.getKey()))) {
            throw new IllegalArgumentException("'" + field + "' (" + name(a) + ") overlaps '" + otherField + "' ("
                    + name(b) + "); give them separate folders");
        }
    }

    private static int integer(JsonNode form, String field, Integer absent, int min, int max) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            if (absent == null) {
                throw new IllegalArgumentException("'" + field + "' is required: a whole number from " + min + " to " + max);
            }
            return absent;
        }
        return integer(node, "'" + field + "'", min, max);
    }

    private static int integer(JsonNode node, String what, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new IllegalArgumentException(what + " is a whole number from " + min + " to " + max + ", not " + node);
        }
        return node.asInt();
    }

    /** {@code [width, height]}, {@code {"width": w, "height": h}} or {@code "WxH"}; each side 1..{@value #MAX_SIDE}. */
    private static int[] size(JsonNode form, String field, int[] absent) {
        JsonNode node = form.get(field);
        String shape = "'" + field + "' is [width, height], {\"width\": w, \"height\": h} or \"WxH\"";
        if (node == null || node.isNull()) {
            if (absent == null) {
                throw new IllegalArgumentException(shape + " and is required");
            }
            return absent.clone();
        }
        JsonNode width;
        JsonNode height;
        if (node.isArray() && node.size() == 2) {
            width = node.get(0);
            height = node.get(1);
        } else if (node.isObject()) {
            refuseUnknownFields(node, SIZE_FIELDS, "'" + field + "'");
            width = node.path("width");
            height = node.path("height");
        } else if (node.isTextual() && node.asText().trim().matches("\\d{1,9}\\s*[xX]\\s*\\d{1,9}")) {
            String[] sides = node.asText().trim().split("\\s*[xX]\\s*");
            width = com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(sides[0]));
            height = com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(sides[1]));
        } else {
            throw new IllegalArgumentException(shape + ", not " + node);
        }
        return new int[] {integer(width, "'" + field + "' width", 1, MAX_SIDE),
            integer(height, "'" + field + "' height", 1, MAX_SIDE)};
    }

    private static List<Integer> enlargeRegion(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() != 4) {
            throw new IllegalArgumentException("'enlargeRegion' is four margins [left, top, right, bottom] in pixels, not " + node);
        }
        List<Integer> margins = new ArrayList<>();
        for (JsonNode margin : node) {
            margins.add(integer(margin, "each 'enlargeRegion' margin", 0, MAX_SIDE));
        }
        return margins;
    }

    private static boolean bool(JsonNode form, String field) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' is true or false, not " + node);
        }
        return node.asBoolean();
    }

    private static long seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("'seed' is a whole number, not " + node);
        }
        return node.asLong();
    }

    /** Reads an enum from its lower-case spelling ({@code detection}); the Avro name works too. */
    private static <E extends Enum<E>> E choice(JsonNode form, String field, E[] values, E absent) {
        JsonNode node = form.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        String wanted = node.asText().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + field + "' is " + Arrays.stream(values)
                        .map(SynthesisRequestForm::spelling).collect(Collectors.joining(" or ")) + "; not " + node));
    }

    private static void refuseUnknownFields(JsonNode node, Collection<String> known, String what) {
        RequestFields.refuseUnknownFields(node, known, what);
    }
}
