package io.framewise.evaluator.core.gaze;

/**
 * One annotated head in one frame, with what the gaze-target model predicted for it.
 *
 * @param heatmap the predicted gaze heatmap, row-major ({@code heatmap[y * width + x]}), any scale (VTD's
 *     64x64 decoder output as it comes, before any sigmoid or normalisation: only its order and, for the
 *     AUC, its 8-bit quantisation between its own minimum and maximum matter)
 * @param width the heatmap's width in cells (64 for VTD)
 * @param height the heatmap's height in cells (64 for VTD)
 * @param inFrameScore the predicted in-frame score, any monotone scale (VTD's raw {@code inout} logit will do:
 *     only its order matters for the AP)
 * @param gazeX the true gaze point's x as a fraction of the image width, or {@link #OUTSIDE}
 * @param gazeY the true gaze point's y as a fraction of the image height, or {@link #OUTSIDE}
 * @param imageWidth the frame's width in pixels, 0 when unknown (informational; the metrics use the
 *     normalised point)
 * @param imageHeight the frame's height in pixels, 0 when unknown
 */
public record GazeSample(float[] heatmap, int width, int height, double inFrameScore, double gazeX, double gazeY,
                         int imageWidth, int imageHeight) {

    /** The dataset's mark for a gaze target outside the frame: both coordinates -1. */
    public static final double OUTSIDE = -1;

    public GazeSample {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("heatmap size must be positive: " + width + "x" + height);
        }
        if (heatmap == null || heatmap.length != width * height) {
            throw new IllegalArgumentException("heatmap must hold " + width + "x" + height + " values, has "
                    + (heatmap == null ? "none" : heatmap.length));
        }
        if (imageWidth < 0 || imageHeight < 0) {
            throw new IllegalArgumentException("image size must not be negative");
        }
    }

    /** A head whose gaze target is in the frame, at ({@code gazeX}, {@code gazeY}) in [0, 1] image fractions. */
    public static GazeSample inside(float[] heatmap, int width, int height, double inFrameScore, double gazeX,
                                    double gazeY) {
        if (gazeX == OUTSIDE && gazeY == OUTSIDE) {
            throw new IllegalArgumentException("(-1, -1) marks a gaze outside the frame; use outside(...)");
        }
        return new GazeSample(heatmap, width, height, inFrameScore, gazeX, gazeY, 0, 0);
    }

    /** A head whose gaze target is outside the frame. */
    public static GazeSample outside(float[] heatmap, int width, int height, double inFrameScore) {
        return new GazeSample(heatmap, width, height, inFrameScore, OUTSIDE, OUTSIDE, 0, 0);
    }

    /**
     * From a VideoAttentionTarget annotation line's gaze in pixels, as the official loader
     * ({@code dataset.py}, {@code VideoAttTarget_video}, test mode) reads it: {@code -1 -1} is outside;
     * otherwise a negative coordinate (a point slightly outside, annotated in) becomes 0 and the point is
     * divided by the frame's width and height (a coordinate past the far edge is kept as it is).
     */
    public static GazeSample fromAnnotation(float[] heatmap, int width, int height, double inFrameScore,
                                            double gazeXPixels, double gazeYPixels, int imageWidth,
                                            int imageHeight) {
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("image size must be positive: " + imageWidth + "x" + imageHeight);
        }
        if (gazeXPixels == -1 && gazeYPixels == -1) {
            return new GazeSample(heatmap, width, height, inFrameScore, OUTSIDE, OUTSIDE, imageWidth, imageHeight);
        }
        double x = Math.max(0, gazeXPixels) / imageWidth;
        double y = Math.max(0, gazeYPixels) / imageHeight;
        return new GazeSample(heatmap, width, height, inFrameScore, x, y, imageWidth, imageHeight);
    }

    /** Whether the gaze target is in the frame: anything but (-1, -1). */
    public boolean inFrame() {
        return !(gazeX == OUTSIDE && gazeY == OUTSIDE);
    }
}
