/**
 * The samples keypoint (pose) metrics consume: {@code ImagePoses}, an image id with its annotated
 * {@code GroundTruthPose}s and the model's {@code PredictedPose}s, and {@code KeypointCategory}, a COCO
 * keypoints category. The COCO OKS evaluation itself is {@code core.coco.CocoKeypointEvaluator}.
 */
package io.framewise.evaluator.core.keypoints;
