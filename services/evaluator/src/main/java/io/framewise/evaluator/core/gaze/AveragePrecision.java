package io.framewise.evaluator.core.gaze;

/**
 * Average precision of scores against binary labels, sklearn's {@code average_precision_score(y_true,
 * y_score)} (version 0.19 on, the non-interpolated step sum; the official VideoAttentionTarget environment
 * pins 0.20.0).
 *
 * <p>sklearn's {@code precision_recall_curve} takes one threshold per distinct score {@code t_1 > ... > t_K}
 * (tied scores are one threshold), with {@code TP_k}, {@code FP_k} the samples scored at least {@code t_k},
 * {@code P_k = TP_k / (TP_k + FP_k)} and {@code R_k = TP_k / P}; it stops at the first threshold reaching full
 * recall and appends (R, P) = (0, 1). The average precision is {@code -sum(diff(recall) * precision[:-1])},
 * that is
 *
 * <pre>
 *   AP = sum_k (R_k - R_{k-1}) P_k = sum_k (TP_k - TP_{k-1}) / P * TP_k / (TP_k + FP_k),   R_0 = 0
 * </pre>
 *
 * Thresholds past full recall add nothing. Tied positives and negatives therefore share one precision:
 * scores (0.5 positive, 0.5 negative) give 1/2, not 1. With no positive sklearn 0.20 divides 0 by 0 and
 * returns {@code NaN} (with a warning), as does this; with only positives it is 1. The sum here runs in
 * ascending recall, sklearn's (pairwise) in descending, so the two can differ in the last bits.
 */
public final class AveragePrecision {

    private AveragePrecision() {
    }

    /**
     * The AP of the first {@code n} pairs; {@code NaN} without a positive.
     *
     * @throws IllegalArgumentException on a non-finite score (sklearn rejects NaN and infinity)
     */
    public static double of(double[] scores, boolean[] positive, int n) {
        ThresholdSteps steps = ThresholdSteps.of(scores, positive, n);
        if (steps.totalPositives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < steps.size; k++) {
            tp += steps.positives[k];
            fp += steps.negatives[k];
            if (steps.positives[k] > 0) {
                ap += (double) steps.positives[k] / steps.totalPositives * ((double) tp / (tp + fp));
            }
        }
        return ap;
    }

    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs "
                    + positive.length);
        }
        return of(scores, positive, scores.length);
    }
}
