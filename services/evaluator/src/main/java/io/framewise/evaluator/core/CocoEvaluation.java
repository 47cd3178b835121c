package io.framewise.evaluator.core;

import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.ImageDetections;
import io.framewise.evaluator.core.coco.CocoAccumulation;
import io.framewise.evaluator.core.coco.CocoEvaluator;
import io.framewise.evaluator.core.coco.CocoGroundTruth;
import io.framewise.evaluator.core.coco.CocoResults;
import io.framewise.evaluator.core.localization.LocalizationEvaluator;
import io.framewise.evaluator.core.voc.VocEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline evaluation of a COCO results file against a COCO ground truth, the core of
 * {@code framewise eval-file --gt GT.json --detections DETS.json [--iou 0.5]}: the twelve COCO numbers,
 * VOC AP (all-points and 11-point) at the chosen IoU, and LoANs-style localization of each image's
 * best-scored detection at that IoU. What is evaluated is decided by {@link CocoEvaluationSet#join}.
 */
public final class CocoEvaluation {

    public static final double DEFAULT_IOU = 0.5;

    private CocoEvaluation() {
    }

    /** Reads both files and evaluates; {@link io.framewise.evaluator.core.coco.CocoFormatException} names the file, line and problem. */
    public static EvaluationReport evaluateFiles(Path groundTruth, Path detections, double iouThreshold)
            throws IOException {
        return evaluate(CocoGroundTruth.read(groundTruth), CocoResults.read(detections), iouThreshold);
    }

    public static EvaluationReport evaluate(CocoGroundTruth groundTruth, CocoResults results, double iouThreshold) {
        return evaluate(CocoEvaluationSet.join(groundTruth, results), iouThreshold);
    }

    public static EvaluationReport evaluate(CocoEvaluationSet set, double iouThreshold) {
        CocoEvaluator coco = new CocoEvaluator(set.categories());
        VocEvaluator voc = new VocEvaluator(iouThreshold, set.categories());
        LocalizationEvaluator localization = new LocalizationEvaluator(iouThreshold, 1);
        for (Evaluator<ImageDetections> evaluator : List.of(coco, voc, localization)) {
            evaluator.reset();
            evaluator.process(set.images());
        }
        CocoAccumulation accumulation = coco.accumulate();
        Metrics cocoMetrics = coco.evaluate(accumulation);
        Metrics vocMetrics = voc.evaluate();
        List<String> warnings = new ArrayList<>(set.warnings());
        warnings.addAll(cocoMetrics.warnings());
        return new EvaluationReport(accumulation.summary(), iouThreshold, vocMetrics, localization.evaluate(),
                perCategory(set, cocoMetrics, vocMetrics), set.counts(), warnings);
    }

    private static Map<Integer, Map<String, Object>> perCategory(CocoEvaluationSet set, Metrics coco, Metrics voc) {
        Map<Integer, Map<String, Object>> perCategory = new LinkedHashMap<>();
        for (Category category : set.categories()) {
            int id = category.id();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", category.name());
            values.putAll(coco.perCategory().getOrDefault(id, Map.of()));
            Map<String, Double> vocValues = voc.perCategory().getOrDefault(id, Map.of());
            values.put("vocAP", vocValues.getOrDefault("vocAP", Double.NaN));
            values.put("voc07AP", vocValues.getOrDefault("voc07AP", Double.NaN));
            values.put("groundTruth", set.groundTruthPerCategory().getOrDefault(id, 0L));
            values.put("detections", set.detectionsPerCategory().getOrDefault(id, 0L));
            perCategory.put(id, values);
        }
        return perCategory;
    }
}
