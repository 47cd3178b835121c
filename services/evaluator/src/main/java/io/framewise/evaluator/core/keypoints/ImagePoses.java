package io.framewise.evaluator.core.keypoints;

import java.util.List;

/**
 * What keypoint evaluators consume: one image of the evaluation set, its annotated poses and the model's
 * predicted poses. An image with neither is still part of the set.
 */
public record ImagePoses(long imageId, List<GroundTruthPose> groundTruth, List<PredictedPose> predictions) {

    public ImagePoses {
        groundTruth = List.copyOf(groundTruth);
        predictions = List.copyOf(predictions);
    }
}
