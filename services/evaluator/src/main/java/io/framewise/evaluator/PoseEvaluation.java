package io.framewise.evaluator;

import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.LoadedPoseModel;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.evaluator.core.KeypointEvaluation;
import io.framewise.evaluator.core.KeypointEvaluationReport;
import io.framewise.evaluator.core.coco.CocoKeypointGroundTruth;
import io.framewise.evaluator.core.coco.CocoKeypointResults;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.KeypointCategory;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pose checkpoint evaluated the top-down way (as MARS evaluates its pose model): the model finds the parts inside
 * every ground-truth box of its category, and the poses are scored with COCO keypoint AP/AR by OKS, with the model's
 * own per-part sigmas. Ground truth without a labelled part, or crowds, get no prediction (pycocotools ignores them).
 */
final class PoseEvaluation {

    /** An image to evaluate: its id, decoded pixels and file name. */
    interface Images {
        BufferedImage read(long imageId) throws IOException;
    }

    /** What was predicted for one ground-truth pose, for pictures. */
    record Found(long imageId, GroundTruthPose truth, Detection pose) {
    }

    /** The report and every prediction. */
    record Outcome(KeypointEvaluationReport report, List<Found> found) {
    }

    private PoseEvaluation() {
    }

    /** The ground truth's category the model's poses belong to: same name and same parts, or a clear error. */
    static KeypointCategory categoryOf(StackedHourglass model, CocoKeypointGroundTruth truth, String source) {
        String name = model.spec().categories().get(0);
        List<String> parts = model.keypoints().parts();
        for (KeypointCategory c : truth.categories()) {
            if (c.name().equals(name)) {
                if (!c.parts().equals(parts)) {
                    throw new IllegalArgumentException("the ground truth " + source + " names the parts of '" + name
                            + "' " + c.parts() + ", but the model was trained on " + parts);
                }
                return c;
            }
        }
        throw new IllegalArgumentException("the ground truth " + source + " has no keypoint category '" + name
                + "' (the model's); its keypoint categories: "
                + truth.categories().stream().map(KeypointCategory::name).toList());
    }

    static Outcome evaluate(LoadedPoseModel model, CocoKeypointGroundTruth truth, long[] imageIds, Images images,
            int batchSize, String source) throws IOException {
        KeypointCategory category = categoryOf(model.model(), truth, source);
        Map<Long, List<PredictedPose>> results = new LinkedHashMap<>();
        List<Found> found = new ArrayList<>();
        List<StackedHourglass.Query> queries = new ArrayList<>();
        List<Found> pending = new ArrayList<>();
        for (long id : imageIds) {
            results.put(id, new ArrayList<>());
            List<GroundTruthPose> poses = truth.poses(id).stream()
                    .filter(p -> p.categoryId() == category.id() && !p.ignored() && p.box().width() > 0
                            && p.box().height() > 0)
                    .toList();
            if (poses.isEmpty()) {
                continue;
            }
            BufferedImage image = images.read(id);
            for (GroundTruthPose p : poses) {
                queries.add(new StackedHourglass.Query(image, p.box().x(), p.box().y(), p.box().width(),
                        p.box().height()));
                pending.add(new Found(id, p, null));
                if (queries.size() >= batchSize) {
                    flush(model, queries, pending, category, results, found);
                }
            }
        }
        flush(model, queries, pending, category, results, found);
        Map<Integer, double[]> sigmas = Map.of(category.id(), model.keypoints().sigmas());
        KeypointEvaluationReport report = KeypointEvaluation.evaluate(onlyImages(truth, imageIds),
                CocoKeypointResults.of(results), sigmas);
        return new Outcome(report, found);
    }

    private static CocoKeypointGroundTruth onlyImages(CocoKeypointGroundTruth truth, long[] imageIds) {
        if (imageIds.length == truth.imageCount()) {
            return truth;
        }
        Map<Long, List<GroundTruthPose>> poses = new LinkedHashMap<>();
        for (long id : imageIds) {
            poses.put(id, truth.poses(id));
        }
        return new CocoKeypointGroundTruth(imageIds, truth.categories(), poses);
    }

    private static void flush(LoadedPoseModel model, List<StackedHourglass.Query> queries, List<Found> pending,
            KeypointCategory category, Map<Long, List<PredictedPose>> results, List<Found> found) {
        if (queries.isEmpty()) {
            return;
        }
        List<Detection> poses = model.predict(queries);
        for (int k = 0; k < poses.size(); k++) {
            Found f = pending.get(k);
            Detection pose = poses.get(k);
            results.get(f.imageId()).add(PredictedPose.of(category.id(), pose.keypoints(), pose.score()));
            found.add(new Found(f.imageId(), f.truth(), pose));
        }
        queries.clear();
        pending.clear();
    }

    /** The ground truth's keypoints as {@code [part][x, y, v]} rows, for drawing. */
    static float[][] rows(GroundTruthPose truth, KeypointSpec spec) {
        float[] xyv = truth.keypoints();
        float[][] rows = new float[spec.size()][];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = new float[] {xyv[3 * p], xyv[3 * p + 1], xyv[3 * p + 2]};
        }
        return rows;
    }
}
