package io.framewise.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.RequestFields;
import io.framewise.events.ObjectRef;
import io.framewise.events.TrainingRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A training request as a user writes it: the JSON body of {@code POST /runs}, or a request file (YAML or
 * JSON) dropped under {@code requests/trainer/}:
 *
 * <pre>
 * family:          one-stage-detector                # required: the model family
 * modelName:       shapes                            # required: the name the best checkpoint is promoted under
 * train:           datasets/shapes/instances.json    # required: COCO instances file
 * trainImages:     datasets/shapes/                  # optional: prefix of its file_name values (default: its folder)
 * validation:      datasets/shapes-val/instances.json   # optional, with validationImages
 * assessor:        datasets/synth/skater/images.csv  # LoANs: the assessor dataset (images relative to its folder)
 * hyperparameters: {batchSize: 8, learningRate: 0.001, epochs: 10, imageSize: 224, ...}
 * sweep:           {batchSize: [4, 8], chunkSize: [2, 3]}   # optional: one run per combination (see Sweep)
 * initialWeights:  runs/old-run/checkpoints/iter-00001000/   # optional: fine-tune from these
 * freezeUpTo:      stage2                            # optional: stem, stage1..stage4 stay as loaded
 * promotionMetric: AP50                              # optional (default AP50; auc for gaze-target), with minImprovement (default 0)
 * runId:           shapes-try-3                      # optional: default modelName-date-time-random
 * </pre>
 *
 * Objects are {@code "bucket/key"} strings or {@code {bucket, key}} objects (there the bucket defaults to
 * datasets; runs for initialWeights). Unknown fields are refused; every problem is an {@link IllegalArgumentException}
 * naming the field.
 */
final class TrainingRequestForm {

    static final List<String> FIELDS = List.of("family", "modelName", "train", "trainImages", "validation",
            "validationImages", "assessor", "hyperparameters", "sweep", "initialWeights", "freezeUpTo", "promotionMetric",
            "minImprovement", "runId");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private TrainingRequestForm() {
    }

    static TrainingRequest read(JsonNode form, Instant now) {
        if (form == null || !form.isObject()) {
            throw new IllegalArgumentException("a training request is an object with the fields " + FIELDS
                    + " (family, modelName and train required)");
        }
        RequestFields.refuseUnknownFields(form, FIELDS, "a training request");
        String family = text(form, "family", true);
        String modelName = text(form, "modelName", true);
        if (!modelName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("'modelName' is 1 to 100 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, was '" + modelName + "'");
        }
        String runId = text(form, "runId", false);
        if (runId == null) {
            runId = modelName + "-" + STAMP.format(now) + "-"
                    + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xf000));
        } else if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,119}")) {
            throw new IllegalArgumentException("'runId' is 1 to 120 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, was '" + runId + "'");
        }
        ObjectRef train = ref(form, "train", Buckets.DATASETS, false);
        ObjectRef validation = ref(form, "validation", Buckets.DATASETS, true);
        ObjectRef validationImages = ref(form, "validationImages", Buckets.DATASETS, true);
        if (validation == null && validationImages != null) {
            throw new IllegalArgumentException("'validationImages' without 'validation'");
        }
        Map<String, String> hyper = new LinkedHashMap<>();
        JsonNode h = form.get("hyperparameters");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw new IllegalArgumentException("'hyperparameters' is an object of names and values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new IllegalArgumentException("hyperparameter '" + e.getKey() + "' must be a number, text or boolean");
                }
                hyper.put(e.getKey(), e.getValue().asText());
            }
        }
        Map<String, List<String>> sweep = new LinkedHashMap<>();
        JsonNode sw = form.get("sweep");
        if (sw != null && !sw.isNull()) {
            if (!sw.isObject()) {
                throw new IllegalArgumentException("'sweep' is an object of hyperparameter names and lists of values, say"
                        + " {\"batchSize\": [4, 8]}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sw.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode values = e.getValue();
                if (!values.isArray() || values.isEmpty()) {
                    throw new IllegalArgumentException("sweep '" + e.getKey() + "' must be a non-empty list of values");
                }
                List<String> list = new java.util.ArrayList<>();
                for (JsonNode v : values) {
                    if (!v.isValueNode() || v.isNull()) {
                        throw new IllegalArgumentException("sweep '" + e.getKey() + "': each value is a number, text or"
                                + " boolean");
                    }
                    list.add(v.asText());
                }
                sweep.put(e.getKey(), list);
            }
        }
        double minImprovement = form.path("minImprovement").asDouble(0);
        if (form.has("minImprovement") && !form.get("minImprovement").isNumber()) {
            throw new IllegalArgumentException("'minImprovement' must be a number");
        }
        Map<String, ObjectRef> auxiliary = new LinkedHashMap<>();
        ObjectRef assessor = ref(form, "assessor", Buckets.DATASETS, true);
        if (assessor != null) {
            auxiliary.put("assessor", assessor);
        }
        return TrainingRequest.newBuilder().setCorrelationId(runId).setAuxiliary(auxiliary).setRequestedAt(now).setModelFamily(family)
                .setModelName(modelName).setTrain(train).setTrainImages(ref(form, "trainImages", Buckets.DATASETS, true))
                .setValidation(validation).setValidationImages(validationImages).setHyperparameters(hyper).setSweep(sweep)
                .setInitialWeights(ref(form, "initialWeights", Buckets.RUNS, true))
                .setFreezeUpTo(text(form, "freezeUpTo", false))
                .setPromotionMetric(form.has("promotionMetric") ? text(form, "promotionMetric", true)
                        : defaultPromotionMetric(family))
                .setMinImprovement(minImprovement).build();
    }

    /** The metric a family's runs are promoted on unless the request names one: auc for gaze-target, else AP50. */
    static String defaultPromotionMetric(String family) {
        return io.framewise.common.model.gaze.GazeModel.FAMILY.equals(family) ? "auc" : "AP50";
    }

    private static String text(JsonNode form, String field, boolean required) {
        JsonNode v = form.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return v.asText().trim();
    }

    static ObjectRef ref(JsonNode form, String field, String defaultBucket, boolean optional) {
        return RequestFields.object(form, field, defaultBucket, !optional);
    }
}
