package io.framewise.evaluator.core.box;

/**
 * Box overlap, computed the way pycocotools' {@code bbIou} does so that COCO numbers reproduce to the bit:
 * the same operations in the same order, the ground-truth box area from its width and height (never the
 * annotation's {@code area} field), and for a crowd region the detection's own area as denominator, so a
 * detection lying inside a crowd scores 1 however large the crowd is.
 */
public final class Iou {

    private Iou() {
    }

    /**
     * @param dx detection box (x, y, width, height)
     * @param gx ground-truth box (x, y, width, height)
     * @param crowd whether the ground truth is a crowd region
     */
    public static double of(double dx, double dy, double dw, double dh,
                            double gx, double gy, double gw, double gh, boolean crowd) {
        double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double detectionArea = dw * dh;
        double union = crowd ? detectionArea : detectionArea + gw * gh - intersection;
        return intersection / union;
    }

    public static double of(BoundingBox detection, BoundingBox groundTruth, boolean crowd) {
        return of(detection.x(), detection.y(), detection.width(), detection.height(),
                groundTruth.x(), groundTruth.y(), groundTruth.width(), groundTruth.height(), crowd);
    }
}
