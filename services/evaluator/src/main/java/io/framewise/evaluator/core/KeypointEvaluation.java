package io.framewise.evaluator.core;

import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.evaluator.core.coco.CocoAccumulation;
import io.framewise.evaluator.core.coco.CocoKeypointEvaluator;
import io.framewise.evaluator.core.coco.CocoKeypointGroundTruth;
import io.framewise.evaluator.core.coco.CocoKeypointResults;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.ImagePoses;
import io.framewise.evaluator.core.keypoints.KeypointCategory;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offline COCO keypoint evaluation of a results file against a COCO keypoints ground truth, the core of
 * {@code framewise eval-file --keypoints}: the ten numbers of pycocotools' {@code COCOeval(iouType='keypoints')},
 * per-category numbers, counts and warnings.
 *
 * <p>The OKS sigmas are the caller's (one per part, for every keypoint category), or when none are given the
 * COCO person sigmas for a category whose parts are exactly the 17 COCO person keypoints; any other category
 * without sigmas is an error.
 */
public final class KeypointEvaluation {

    private KeypointEvaluation() {
    }

    /**
     * Reads both files and evaluates.
     *
     * @param sigmas one OKS sigma per part, or null for the COCO person defaults
     * @throws io.framewise.evaluator.core.coco.CocoFormatException naming the file and the problem
     * @throws IllegalArgumentException when sigmas are missing or do not fit a category
     */
    public static KeypointEvaluationReport evaluateFiles(Path groundTruth, Path results, double[] sigmas)
            throws IOException {
        CocoKeypointGroundTruth gt = CocoKeypointGroundTruth.read(groundTruth);
        Map<Integer, double[]> resolved = sigmas(gt.categories(), sigmas);
        return evaluate(gt, CocoKeypointResults.read(results, gt), resolved);
    }

    public static KeypointEvaluationReport evaluate(CocoKeypointGroundTruth groundTruth, CocoKeypointResults results,
                                                    double[] sigmas) {
        return evaluate(groundTruth, results, sigmas(groundTruth.categories(), sigmas));
    }

    /** @param sigmas per keypoint category of the ground truth (see {@link #sigmas}) */
    public static KeypointEvaluationReport evaluate(CocoKeypointGroundTruth groundTruth, CocoKeypointResults results,
                                                    Map<Integer, double[]> sigmas) {
        List<ImagePoses> images = new ArrayList<>(groundTruth.imageCount());
        Map<Integer, Long> gtPerCategory = new HashMap<>();
        Map<Integer, Long> dtPerCategory = new HashMap<>();
        long poses = 0;
        long crowds = 0;
        long withoutKeypoints = 0;
        long evaluated = 0;
        for (long imageId : groundTruth.imageIds()) {
            List<GroundTruthPose> truth = groundTruth.poses(imageId);
            for (GroundTruthPose pose : truth) {
                gtPerCategory.merge(pose.categoryId(), 1L, Long::sum);
                crowds += pose.crowd() ? 1 : 0;
                withoutKeypoints += !pose.crowd() && pose.numKeypoints() == 0 ? 1 : 0;
            }
            poses += truth.size();
            List<PredictedPose> predicted = results.poses(imageId);
            predicted.forEach(pose -> dtPerCategory.merge(pose.categoryId(), 1L, Long::sum));
            evaluated += predicted.size();
            images.add(new ImagePoses(imageId, truth, predicted));
        }
        CocoKeypointEvaluator evaluator = new CocoKeypointEvaluator(sigmas);
        evaluator.process(images);
        CocoAccumulation accumulation = evaluator.accumulate();
        Metrics metrics = evaluator.evaluate(accumulation);

        List<String> warnings = new ArrayList<>(groundTruth.warnings());
        if (results.ofUnknownCategories() > 0) {
            warnings.add(results.ofUnknownCategories() + " results of categories without keypoints in the ground"
                    + " truth were ignored");
        }
        warnings.addAll(metrics.warnings());
        Map<Integer, Map<String, Object>> perCategory = new LinkedHashMap<>();
        for (KeypointCategory category : byId(groundTruth.categories()).values()) {
            if (!sigmas.containsKey(category.id())) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", category.name());
            values.putAll(metrics.perCategory().getOrDefault(category.id(), Map.of()));
            values.put("groundTruth", gtPerCategory.getOrDefault(category.id(), 0L));
            values.put("detections", dtPerCategory.getOrDefault(category.id(), 0L));
            values.put("sigmas", sigmas.get(category.id()).clone());
            perCategory.put(category.id(), values);
        }
        KeypointEvaluationReport.Counts counts = new KeypointEvaluationReport.Counts(groundTruth.imageCount(),
                perCategory.size(), poses, crowds, withoutKeypoints, results.count(), evaluated,
                results.ofUnknownCategories());
        return new KeypointEvaluationReport(accumulation.keypointSummary(), accumulation, perCategory, counts,
                warnings);
    }

    /**
     * The sigmas of each keypoint category: {@code given} for every one (its length must be the category's part
     * count), or when null the COCO person sigmas for a category with the 17 COCO person parts.
     *
     * @throws IllegalArgumentException when a category has no sigmas or the wrong number
     */
    public static Map<Integer, double[]> sigmas(List<KeypointCategory> categories, double[] given) {
        Map<Integer, double[]> sigmas = new TreeMap<>();
        for (KeypointCategory category : byId(categories).values()) {
            String name = category.id() + (category.name() == null ? "" : " '" + category.name() + "'");
            int parts = category.parts().size();
            if (given != null) {
                if (given.length != parts) {
                    throw new IllegalArgumentException(given.length + " OKS sigmas given, but category " + name
                            + " has " + parts + " keypoints; give one sigma per keypoint");
                }
                for (double sigma : given) {
                    if (!(sigma > 0) || Double.isInfinite(sigma)) {
                        throw new IllegalArgumentException("OKS sigmas must be positive and finite: "
                                + Arrays.toString(given));
                    }
                }
                sigmas.put(category.id(), given.clone());
            } else if (category.isCocoPerson()) {
                sigmas.put(category.id(), KeypointSpec.COCO_PERSON_SIGMAS.clone());
            } else {
                throw new IllegalArgumentException("category " + name + " has " + parts + " keypoints " + category.parts()
                        + ", not the 17 COCO person keypoints, so there are no default OKS sigmas: pass one sigma"
                        + " per keypoint (--sigmas s1,...,s" + parts + ")");
            }
        }
        return sigmas;
    }

    private static Map<Integer, KeypointCategory> byId(List<KeypointCategory> categories) {
        Map<Integer, KeypointCategory> byId = new TreeMap<>();
        categories.forEach(category -> byId.putIfAbsent(category.id(), category));
        return byId;
    }
}
