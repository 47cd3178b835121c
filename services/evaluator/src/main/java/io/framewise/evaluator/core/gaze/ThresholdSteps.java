package io.framewise.evaluator.core.gaze;

import java.util.Arrays;

/**
 * The counts behind sklearn's {@code _binary_clf_curve}: the samples grouped by distinct score, from the
 * highest score down, with how many positives and negatives share each score. Tied scores form one
 * threshold, as in sklearn, which keeps only the last index of each run of equal scores.
 */
final class ThresholdSteps {

    /** Positives at each distinct score, highest score first. */
    final int[] positives;
    /** Negatives at each distinct score, highest score first. */
    final int[] negatives;
    /** The number of distinct scores. */
    final int size;
    final int totalPositives;
    final int totalNegatives;

    private ThresholdSteps(int[] positives, int[] negatives, int size, int totalPositives, int totalNegatives) {
        this.positives = positives;
        this.negatives = negatives;
        this.size = size;
        this.totalPositives = totalPositives;
        this.totalNegatives = totalNegatives;
    }

    /**
     * The first {@code n} (score, label) pairs; throws on a non-finite score (sklearn rejects NaN and
     * infinity in {@code y_score}).
     */
    static ThresholdSteps of(double[] scores, boolean[] positive, int n) {
        if (n < 0 || n > scores.length || n > positive.length) {
            throw new IllegalArgumentException("n = " + n + " with " + scores.length + " scores and "
                    + positive.length + " labels");
        }
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            if (positive[i]) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[n - p];
        int ip = 0;
        int in = 0;
        for (int i = 0; i < n; i++) {
            // +0.0 for -0.0, so that the two zeros tie as they do in numpy's comparisons
            double s = scores[i] + 0.0;
            if (positive[i]) {
                pos[ip++] = s;
            } else {
                neg[in++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        int[] dtp = new int[n];
        int[] dfp = new int[n];
        int steps = 0;
        ip = pos.length - 1;
        in = neg.length - 1;
        while (ip >= 0 || in >= 0) {
            double t = ip < 0 ? neg[in] : in < 0 ? pos[ip] : Math.max(pos[ip], neg[in]);
            int tp = 0;
            int fp = 0;
            while (ip >= 0 && pos[ip] == t) {
                tp++;
                ip--;
            }
            while (in >= 0 && neg[in] == t) {
                fp++;
                in--;
            }
            dtp[steps] = tp;
            dfp[steps] = fp;
            steps++;
        }
        return new ThresholdSteps(dtp, dfp, steps, pos.length, neg.length);
    }
}
