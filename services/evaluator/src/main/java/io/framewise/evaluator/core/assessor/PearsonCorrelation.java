package io.framewise.evaluator.core.assessor;

/** Pearson's correlation coefficient, computed in two passes (centred sums) for accuracy. */
public final class PearsonCorrelation {

    private PearsonCorrelation() {
    }

    /** r of the first {@code n} pairs; NaN when n &lt; 2 or either series is constant. */
    public static double of(double[] x, double[] y, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1, Math.min(1, r));
    }

    public static double of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series differ in length: " + x.length + " vs " + y.length);
        }
        return of(x, y, x.length);
    }
}
