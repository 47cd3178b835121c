package io.framewise.evaluator.core.keypoints;

import io.framewise.common.model.keypoints.Keypoint;
import java.util.List;
import java.util.Objects;

/**
 * One predicted pose: its category, one {@code x, y} per part (per-part confidences play no part in COCO
 * evaluation), its score, and the area that decides its size class when it matches nothing.
 *
 * @param xy {@code x, y} per part
 * @param area what pycocotools' {@code loadRes} gives a keypoint result: see {@link #extentArea}
 */
public record PredictedPose(int categoryId, float[] xy, double score, double area) {

    public PredictedPose {
        Objects.requireNonNull(xy, "xy");
        if (xy.length == 0 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a predicted pose is x, y per part: " + xy.length
                    + " values is not a positive multiple of 2");
        }
        xy = xy.clone();
    }

    /** A pose whose area is the area of its keypoints' extent, as for a results file without boxes. */
    public static PredictedPose of(int categoryId, float[] xy, double score) {
        return new PredictedPose(categoryId, xy, score, extentArea(xy));
    }

    /** A pose from COCO's result layout, {@code x, y, score} per part; the per-part scores are dropped. */
    public static PredictedPose fromTriplets(int categoryId, float[] xys, double score) {
        if (xys.length == 0 || xys.length % 3 != 0) {
            throw new IllegalArgumentException("keypoints are x, y, score per part: " + xys.length
                    + " values is not a positive multiple of 3");
        }
        float[] xy = new float[xys.length / 3 * 2];
        for (int i = 0, j = 0; i < xys.length; i += 3, j += 2) {
            xy[j] = xys[i];
            xy[j + 1] = xys[i + 1];
        }
        return of(categoryId, xy, score);
    }

    /** A pose from a model's keypoints, one per part, in part order. */
    public static PredictedPose of(int categoryId, List<Keypoint> keypoints, double score) {
        float[] xy = new float[keypoints.size() * 2];
        double[] exact = new double[xy.length];
        for (int i = 0; i < keypoints.size(); i++) {
            exact[2 * i] = keypoints.get(i).x();
            exact[2 * i + 1] = keypoints.get(i).y();
            xy[2 * i] = (float) exact[2 * i];
            xy[2 * i + 1] = (float) exact[2 * i + 1];
        }
        return new PredictedPose(categoryId, xy, score, extentArea(exact));
    }

    /**
     * pycocotools' area of a keypoint result ({@code loadRes}): {@code (max x - min x) * (max y - min y)} over
     * all parts, whatever their scores.
     */
    public static double extentArea(float[] xy) {
        double[] exact = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            exact[i] = xy[i];
        }
        return extentArea(exact);
    }

    /** {@link #extentArea(float[])} on doubles, {@code x, y} per part. */
    public static double extentArea(double[] xy) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) {
            x0 = Math.min(x0, xy[i]);
            x1 = Math.max(x1, xy[i]);
            y0 = Math.min(y0, xy[i + 1]);
            y1 = Math.max(y1, xy[i + 1]);
        }
        return (x1 - x0) * (y1 - y0);
    }

    public int parts() {
        return xy.length / 2;
    }

    /** A copy of {@code x, y} per part. */
    @Override
    public float[] xy() {
        return xy.clone();
    }
}
