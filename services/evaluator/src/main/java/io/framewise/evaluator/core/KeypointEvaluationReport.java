package io.framewise.evaluator.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.evaluator.core.coco.CocoAccumulation;
import io.framewise.evaluator.core.coco.CocoKeypointSummary;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a keypoint evaluation ({@link KeypointEvaluation}): the ten COCO keypoint numbers, per-category
 * numbers, counts and warnings. {@link #toJson()} is what {@code framewise eval-file --keypoints} prints.
 *
 * @param summary the ten numbers; -1 where pycocotools prints -1
 * @param accumulation the precision/recall table behind them (for curves)
 * @param perCategory category id to name, AP, AP50, AP75, AR, groundTruth and detections counts, sigmas
 */
public record KeypointEvaluationReport(CocoKeypointSummary summary, CocoAccumulation accumulation,
                                       Map<Integer, Map<String, Object>> perCategory, Counts counts,
                                       List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the evaluation saw and left out.
     *
     * @param images evaluation images (those the ground truth lists)
     * @param categories evaluated keypoint categories
     * @param groundTruthPoses annotations of keypoint categories on evaluation images, crowds included
     * @param crowdPoses of which crowds
     * @param posesWithoutKeypoints of which non-crowd with {@code num_keypoints == 0} (ignored)
     * @param detections results in the file
     * @param detectionsEvaluated results that took part (before the per-image limit of 20 per category)
     * @param detectionsOfUnknownCategories results of categories without keypoints (ignored)
     */
    public record Counts(int images, int categories, long groundTruthPoses, long crowdPoses,
                         long posesWithoutKeypoints, long detections, long detectionsEvaluated,
                         long detectionsOfUnknownCategories) {
    }

    public KeypointEvaluationReport {
        warnings = List.copyOf(warnings);
    }

    /**
     * The report as ordered nested maps: the ten keys of {@link CocoKeypointSummary#KEYS} first, then
     * {@code perCategory} (by id: name, AP, AP50, AP75, AR, groundTruth, detections, sigmas), {@code counts}
     * and {@code warnings}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(summary.asMap());
        Map<String, Object> categories = new LinkedHashMap<>();
        perCategory.forEach((id, values) -> categories.put(String.valueOf(id), new LinkedHashMap<>(values)));
        map.put("perCategory", categories);
        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put("images", counts.images());
        counted.put("categories", counts.categories());
        counted.put("groundTruthPoses", counts.groundTruthPoses());
        counted.put("crowdPoses", counts.crowdPoses());
        counted.put("posesWithoutKeypoints", counts.posesWithoutKeypoints());
        counted.put("detections", counts.detections());
        counted.put("detectionsEvaluated", counts.detectionsEvaluated());
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
}
