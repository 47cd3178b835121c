package io.framewise.common.model.keypoints;

/**
 * One predicted keypoint: its position (pixel-centre convention, see {@link Heatmaps}) and the heatmap value at the
 * maximum as confidence.
 */
public record Keypoint(double x, double y, double confidence) {
}
