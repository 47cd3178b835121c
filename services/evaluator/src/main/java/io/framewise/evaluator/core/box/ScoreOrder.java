package io.framewise.evaluator.core.box;

/**
 * Orders detections by descending score, keeping ties in their input order: what numpy's
 * {@code argsort(-score, kind='mergesort')} does, on which COCO's tie-breaking depends. A NaN score
 * sorts last, as it does in numpy.
 */
public final class ScoreOrder {

    private static final int INSERTION_SORT_MAX = 16;

    private ScoreOrder() {
    }

    /** Sorts {@code rows[from, to)}, indices into {@code score}, by descending score; stable. */
    public static void sortDescending(int[] rows, int from, int to, double[] score) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        if (n <= INSERTION_SORT_MAX) {
            insertionSort(rows, from, to, score);
            return;
        }
        int[] buffer = new int[n];
        mergeSort(rows, from, to, score, buffer);
    }

    /** Whether the row scored {@code a} must come strictly before the row scored {@code b}. */
    static boolean before(double a, double b) {
        return a > b || (Double.isNaN(b) && !Double.isNaN(a));
    }

    private static void insertionSort(int[] rows, int from, int to, double[] score) {
        for (int i = from + 1; i < to; i++) {
            int row = rows[i];
            double s = score[row];
            int j = i - 1;
            while (j >= from && before(s, score[rows[j]])) {
                rows[j + 1] = rows[j];
                j--;
            }
            rows[j + 1] = row;
        }
    }

    private static void mergeSort(int[] rows, int from, int to, double[] score, int[] buffer) {
        if (to - from <= INSERTION_SORT_MAX) {
            insertionSort(rows, from, to, score);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(rows, from, mid, score, buffer);
        mergeSort(rows, mid, to, score, buffer);
        if (!before(score[rows[mid]], score[rows[mid - 1]])) {
            return;
        }
        int leftLength = mid - from;
        System.arraycopy(rows, from, buffer, 0, leftLength);
        int left = 0;
        int right = mid;
        int out = from;
        while (left < leftLength && right < to) {
            // take from the right run only when strictly better, so equal scores keep input order
            if (before(score[rows[right]], score[buffer[left]])) {
                rows[out++] = rows[right++];
            } else {
                rows[out++] = buffer[left++];
            }
        }
        while (left < leftLength) {
            rows[out++] = buffer[left++];
        }
    }
}
