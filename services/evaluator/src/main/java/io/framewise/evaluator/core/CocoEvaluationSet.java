package io.framewise.evaluator.core;

import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.GroundTruthBox;
import io.framewise.evaluator.core.box.ImageDetections;
import io.framewise.evaluator.core.coco.CocoGroundTruth;
import io.framewise.evaluator.core.coco.CocoResults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A ground truth and a results file joined image by image, what every evaluator then consumes.
 *
 * <p>The ground truth decides what is evaluated: its images (detections on other images are dropped, where
 * pycocotools would refuse the whole file) and its declared categories, or when it declares none the
 * categories of its annotations (detections of other categories are dropped, as pycocotools drops them).
 * Each drop is counted and explained in {@link #warnings()}.
 *
 * @param images one entry per ground-truth image, in file order
 * @param categories the evaluated categories, ascending id
 */
public record CocoEvaluationSet(List<ImageDetections> images, List<Category> categories, EvaluationCounts counts,
                                Map<Integer, Long> groundTruthPerCategory, Map<Integer, Long> detectionsPerCategory,
                                List<String> warnings) {

    public CocoEvaluationSet {
        images = List.copyOf(images);
        categories = List.copyOf(categories);
        groundTruthPerCategory = Map.copyOf(groundTruthPerCategory);
        detectionsPerCategory = Map.copyOf(detectionsPerCategory);
        warnings = List.copyOf(warnings);
    }

    public static CocoEvaluationSet join(CocoGroundTruth groundTruth, CocoResults results) {
        List<String> warnings = new ArrayList<>(groundTruth.warnings());
        List<Category> categories = evaluatedCategories(groundTruth, warnings);
        Set<Integer> evaluated = new LinkedHashSet<>();
        categories.forEach(category -> evaluated.add(category.id()));

        List<ImageDetections> images = new ArrayList<>(groundTruth.imageCount());
        Map<Integer, Long> gtPerCategory = new HashMap<>();
        Map<Integer, Long> dtPerCategory = new HashMap<>();
        long gtBoxes = 0;
        long crowds = 0;
        long kept = 0;
        for (long imageId : groundTruth.imageIds()) {
            List<GroundTruthBox> boxes = groundTruth.boxes(imageId);
            for (GroundTruthBox box : boxes) {
                gtPerCategory.merge(box.categoryId(), 1L, Long::sum);
                crowds += box.crowd() ? 1 : 0;
            }
            gtBoxes += boxes.size();
            List<Detection> detections = new ArrayList<>();
            for (Detection detection : results.detections(imageId)) {
                if (evaluated.contains(detection.categoryId())) {
                    dtPerCategory.merge(detection.categoryId(), 1L, Long::sum);
                    detections.add(detection);
                }
            }
            kept += detections.size();
            images.add(new ImageDetections(imageId, boxes, detections));
        }

        long onUnknownImages = 0;
        int unknownImages = 0;
        for (long imageId : results.imageIds()) {
            if (!groundTruth.hasImage(imageId)) {
                onUnknownImages += results.detections(imageId).size();
                unknownImages++;
            }
        }
        long ofUnknownCategories = results.count() - onUnknownImages - kept;
        if (onUnknownImages > 0) {
            warnings.add(onUnknownImages + " detections on " + unknownImages
                    + " images absent from the ground truth were ignored");
        }
        if (ofUnknownCategories > 0) {
            warnings.add(ofUnknownCategories + " detections of categories absent from the ground truth were ignored");
        }
        EvaluationCounts counts = new EvaluationCounts(groundTruth.imageCount(), categories.size(), gtBoxes, crowds,
                results.count(), onUnknownImages, ofUnknownCategories, kept);
        return new CocoEvaluationSet(images, categories, counts, gtPerCategory, dtPerCategory, warnings);
    }

    private static List<Category> evaluatedCategories(CocoGroundTruth groundTruth, List<String> warnings) {
        if (!groundTruth.categories().isEmpty()) {
            Map<Integer, Category> byId = new TreeMap<>();
            groundTruth.categories().forEach(category -> byId.putIfAbsent(category.id(), category));
            return List.copyOf(byId.values());
        }
        warnings.add("the ground truth declares no categories; the categories of its annotations are used");
        Map<Integer, Category> byId = new TreeMap<>();
        for (long imageId : groundTruth.imageIds()) {
            for (GroundTruthBox box : groundTruth.boxes(imageId)) {
                byId.putIfAbsent(box.categoryId(), new Category(box.categoryId(), null));
            }
        }
        return List.copyOf(byId.values());
    }
}
