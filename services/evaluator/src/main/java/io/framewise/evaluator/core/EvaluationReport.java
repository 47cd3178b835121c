package io.framewise.evaluator.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.framewise.evaluator.core.coco.CocoSummary;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of evaluating one results file against one ground truth: the twelve COCO numbers, VOC AP at
 * the chosen IoU (all-points and 11-point), LoANs-style localization of the best box per image, per-category
 * numbers, counts and warnings. {@link #toJson()} is what {@code framewise eval-file} prints.
 *
 * @param coco the twelve numbers; -1 where pycocotools prints -1
 * @param iouThreshold the IoU threshold of the VOC and localization numbers
 * @param voc {@code vocAP}, {@code voc07AP}; NaN when no category has ground truth
 * @param localization see {@link io.framewise.evaluator.core.localization.LocalizationEvaluator}
 * @param perCategory category id to its name and numbers
 */
public record EvaluationReport(CocoSummary coco, double iouThreshold, Metrics voc, Metrics localization,
                               Map<Integer, Map<String, Object>> perCategory, EvaluationCounts counts,
                               List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public EvaluationReport {
        warnings = List.copyOf(warnings);
    }

    /**
     * The report as nested maps (ordered): the twelve COCO keys first, then {@code iouThreshold},
     * {@code vocAP}, {@code voc07AP}, {@code localization}, {@code perCategory}, {@code counts},
     * {@code warnings}. A value that cannot be computed (NaN) is null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        coco.asMap().forEach(map::put);
        map.put("iouThreshold", iouThreshold);
        map.put("vocAP", finite(voc.get("vocAP")));
        map.put("voc07AP", finite(voc.get("voc07AP")));
        Map<String, Object> located = new LinkedHashMap<>();
        located.put("recall", finite(localization.get("recall")));
        located.put("precision", finite(localization.get("precision")));
        located.put("hMean", finite(localization.get("hMean")));
        located.put("missedIoU", finite(localization.get("missedIoU")));
        located.put("objects", (long) localization.get("objects"));
        located.put("foundObjects", (long) localization.get("foundObjects"));
        located.put("predictions", (long) localization.get("predictions"));
        map.put("localization", located);
        Map<String, Object> categories = new LinkedHashMap<>();
        perCategory.forEach((id, values) -> {
            Map<String, Object> cleaned = new LinkedHashMap<>();
            values.forEach((key, value) -> cleaned.put(key, value instanceof Double d ? finite(d) : value));
            categories.put(String.valueOf(id), cleaned);
        });
        map.put("perCategory", categories);
        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put("images", counts.images());
        counted.put("categories", counts.categories());
        counted.put("groundTruthBoxes", counts.groundTruthBoxes());
        counted.put("crowdBoxes", counts.crowdBoxes());
        counted.put("detections", counts.detections());
        counted.put("detectionsEvaluated", counts.detectionsEvaluated());
        counted.put("detectionsOnUnknownImages", counts.detectionsOnUnknownImages());
        counted.put("detectionsOfUnknownCategories", counts.detectionsOfUnknownCategories());
        map.put("counts", counted);
        map.put("warnings", warnings);
        return map;
    }

    /** {@link #toMap()} as one JSON object. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
