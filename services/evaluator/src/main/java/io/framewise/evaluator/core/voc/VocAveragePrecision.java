package io.framewise.evaluator.core.voc;

/**
 * The two PASCAL VOC ways of turning a precision/recall curve (detections in descending score order) into
 * one number.
 */
public final class VocAveragePrecision {

    private VocAveragePrecision() {
    }

    /**
     * VOC2010 and later: the exact area under the curve after making precision monotonically decreasing
     * (each point takes the best precision at any higher recall).
     */
    public static double allPoints(double[] recall, double[] precision, int n) {
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        mrec[n + 1] = 1;
        for (int i = n; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double area = 0;
        for (int i = 0; i < n + 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                area += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return area;
    }

    /**
     * VOC2007: the mean, over the recall levels 0, 0.1, ..., 1, of the best precision reached at that
     * recall or above (0 when never reached).
     */
    public static double elevenPoint(double[] recall, double[] precision, int n) {
        double ap = 0;
        for (int level = 0; level <= 10; level++) {
            double threshold = level * 0.1;
            double best = 0;
            for (int i = 0; i < n; i++) {
                if (recall[i] >= threshold && precision[i] > best) {
                    best = precision[i];
                }
            }
            ap += best / 11.0;
        }
        return ap;
    }
}
