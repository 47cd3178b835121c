package io.framewise.evaluator.core.gaze;

/**
 * Area under the ROC curve of scores against binary labels, equal to sklearn's
 * {@code roc_auc_score(y_true, y_score)} for binary {@code y_true}.
 *
 * <p>sklearn builds the ROC curve at every distinct score {@code t_1 > t_2 > ... > t_K} (tied scores are
 * one point), {@code TP_k} and {@code FP_k} counting the samples scored at least {@code t_k}, prepends
 * (0, 0) and integrates with the trapezoid rule ({@code np.trapz}) over {@code fpr = FP / N},
 * {@code tpr = TP / P}. Dropping collinear points ({@code drop_intermediate}) does not change the area.
 * Here the same sum is taken exactly in integers and divided once:
 *
 * <pre>
 *   AUC = sum_k (FP_k - FP_{k-1}) (TP_k + TP_{k-1}) / (2 P N),   TP_0 = FP_0 = 0
 * </pre>
 *
 * which is the Mann-Whitney statistic: the fraction of (positive, negative) pairs the positive outscores,
 * a tie counting one half. It can differ from sklearn's floating-point trapezoid only in the last bits
 * (about 1e-16). Undefined, so {@code NaN}, when the labels are all one class (sklearn raises "Only one
 * class present in y_true").
 */
public final class AucScore {

    private AucScore() {
    }

    /**
     * The AUC of the first {@code n} pairs; {@code NaN} without both a positive and a negative.
     *
     * @throws IllegalArgumentException on a non-finite score (sklearn rejects NaN and infinity)
     */
    public static double of(double[] scores, boolean[] positive, int n) {
        ThresholdSteps steps = ThresholdSteps.of(scores, positive, n);
        if (steps.totalPositives == 0 || steps.totalNegatives == 0) {
            return Double.NaN;
        }
        long twiceArea = 0;
        long tp = 0;
        for (int k = 0; k < steps.size; k++) {
            long dtp = steps.positives[k];
            twiceArea += steps.negatives[k] * (2 * tp + dtp);
            tp += dtp;
        }
        return twiceArea / (2.0 * steps.totalPositives * steps.totalNegatives);
    }

    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs "
                    + positive.length);
        }
        return of(scores, positive, scores.length);
    }
}
