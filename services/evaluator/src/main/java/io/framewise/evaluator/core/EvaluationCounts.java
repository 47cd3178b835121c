package io.framewise.evaluator.core;

/**
 * What an evaluation saw and what it left out.
 *
 * @param images evaluation images (those the ground truth lists)
 * @param categories evaluated categories
 * @param groundTruthBoxes ground-truth boxes on evaluation images, crowds included
 * @param crowdBoxes of which crowd regions
 * @param detections detections in the results file
 * @param detectionsOnUnknownImages detections on images the ground truth does not list (ignored)
 * @param detectionsOfUnknownCategories detections of categories the ground truth does not declare (ignored)
 * @param detectionsEvaluated detections that took part (before the per-image limit of 100 per category)
 */
public record EvaluationCounts(int images, int categories, long groundTruthBoxes, long crowdBoxes, long detections,
                               long detectionsOnUnknownImages, long detectionsOfUnknownCategories,
                               long detectionsEvaluated) {
}
