package io.framewise.evaluator.core.keypoints;

import io.framewise.evaluator.core.box.BoundingBox;
import java.util.Objects;

/**
 * One annotated pose of an image, as a COCO keypoints annotation gives it.
 *
 * @param id the annotation id (a match with id 0 counts as no match, as in pycocotools)
 * @param keypoints {@code x, y, v} per part; {@code v > 0} marks a labelled part
 * @param area the annotation's area: the OKS scale and the size class
 * @param box the annotation's box; OKS uses it only when no part is labelled
 * @param crowd a crowd region: it absorbs detections, which are then neither right nor wrong
 * @param numKeypoints COCO's {@code num_keypoints}; an object with 0 is ignored, as a crowd is
 */
public record GroundTruthPose(long id, int categoryId, float[] keypoints, double area, BoundingBox box,
                              boolean crowd, int numKeypoints) {

    public GroundTruthPose {
        Objects.requireNonNull(box, "box");
        keypoints = checkTriplets(keypoints).clone();
        if (!(area >= 0) || Double.isInfinite(area)) {
            throw new IllegalArgumentException("the area of annotation " + id + " must be finite and not negative, was "
                    + area);
        }
    }

    /** A regular (non-crowd) pose whose {@code num_keypoints} is its number of labelled parts. */
    public static GroundTruthPose of(long id, int categoryId, float[] keypoints, double area, BoundingBox box) {
        return new GroundTruthPose(id, categoryId, keypoints, area, box, false, labelled(checkTriplets(keypoints)));
    }

    /** The number of parts with {@code v > 0}. */
    public static int labelled(float[] xyv) {
        int n = 0;
        for (int i = 2; i < xyv.length; i += 3) {
            if (xyv[i] > 0) {
                n++;
            }
        }
        return n;
    }

    public int parts() {
        return keypoints.length / 3;
    }

    /** A copy of {@code x, y, v} per part. */
    @Override
    public float[] keypoints() {
        return keypoints.clone();
    }

    /** Whether pycocotools ignores it: a crowd, or no labelled keypoint ({@code num_keypoints == 0}). */
    public boolean ignored() {
        return crowd || numKeypoints == 0;
    }

    private static float[] checkTriplets(float[] xyv) {
        Objects.requireNonNull(xyv, "keypoints");
        if (xyv.length == 0 || xyv.length % 3 != 0) {
            throw new IllegalArgumentException("keypoints are x, y, v per part: " + xyv.length
                    + " values is not a positive multiple of 3");
        }
        return xyv;
    }
}
