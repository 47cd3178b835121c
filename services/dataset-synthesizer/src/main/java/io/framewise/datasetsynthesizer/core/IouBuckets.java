package io.framewise.datasetsynthesizer.core;

/** The zoom-mode target IoUs 0.20, 0.25, ..., 1.00, cycled one per IoU-crop sample as the source does. */
public final class IouBuckets {

    public static final int COUNT = 17;

    private IouBuckets() {
    }

    public static double target(int bucket) {
        return (20 + 5 * bucket) / 100.0;
    }

    /** The bucket whose interval (target - 0.05, target] holds the IoU, or -1 below 0.15. */
    public static int of(double iou) {
        for (int b = 0; b < COUNT; b++) {
            if (iou > target(b) - 0.05 - 1e-12 && iou <= target(b) + 1e-12) {
                return b;
            }
        }
        return -1;
    }
}
