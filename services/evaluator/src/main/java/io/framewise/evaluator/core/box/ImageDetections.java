package io.framewise.evaluator.core.box;

import java.util.List;

/**
 * What box evaluators consume: one image of the evaluation set, its ground truth and the model's
 * detections. An image with neither is still part of the set.
 */
public record ImageDetections(long imageId, List<GroundTruthBox> groundTruth, List<Detection> detections) {

    public ImageDetections {
        groundTruth = List.copyOf(groundTruth);
        detections = List.copyOf(detections);
    }
}
