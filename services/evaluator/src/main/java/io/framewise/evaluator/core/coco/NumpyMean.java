package io.framewise.evaluator.core.coco;

/**
 * The mean pycocotools takes of the values above -1, summed in the order numpy's {@code add.reduce} uses
 * on a float64 array: pairwise inside each 8192-element buffer, buffers added one after the other. The
 * summary numbers then match pycocotools to the last bit rather than to 1e-16 (the conformance vector's
 * APm differs by one ulp with plain pairwise summation; numpy 2.4 itself no longer buffers here, so
 * pycocotools' own last bit depends on the numpy it runs on).
 */
final class NumpyMean {

    /** numpy's PW_BLOCKSIZE. */
    private static final int BLOCK = 128;
    /** numpy's NPY_BUFSIZE, in elements. */
    private static final int BUFFER = 8192;

    private NumpyMean() {
    }

    /** Mean of {@code values[0, n)} that are {@code > -1}; -1 when there are none. */
    static double ofValid(double[] values, int n) {
        double[] kept = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] > -1) {
                kept[count++] = values[i];
            }
        }
        if (count == 0) {
            return -1;
        }
        double sum = 0;
        for (int from = 0; from < count; from += BUFFER) {
            sum += pairwiseSum(kept, from, Math.min(BUFFER, count - from));
        }
        return sum / count;
    }

    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0.;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                r0 += a[from + i];
                r1 += a[from + i + 1];
                r2 += a[from + i + 2];
                r3 += a[from + i + 3];
                r4 += a[from + i + 4];
                r5 += a[from + i + 5];
                r6 += a[from + i + 6];
                r7 += a[from + i + 7];
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }
}
