package io.framewise.evaluator.core.coco;

import io.framewise.evaluator.core.box.ScoreOrder;
import java.util.Arrays;

/**
 * Precision and recall for every (IoU threshold, recall point, category, area range, detection limit):
 * pycocotools' {@code eval['precision']} and {@code eval['recall']}. A setting without any counted
 * ground-truth object is -1 and left out of every mean.
 */
public final class CocoAccumulation {

    /** numpy's {@code np.spacing(1)}, added to the precision denominator. */
    private static final double EPS = Math.ulp(1.0);

    private final CocoParams params;
    private final int[] categoryIds;
    private final int thresholds;
    private final int recallPoints;
    private final int areas;
    private final int limits;
    private final double[] precision;
    private final double[] recall;

    CocoAccumulation(CocoParams params, int[] categoryIds) {
        this.params = params;
        this.categoryIds = categoryIds.clone();
        this.thresholds = params.iouThresholds().length;
        this.recallPoints = params.recallThresholds().length;
        this.areas = params.areaRanges().length;
        this.limits = params.maxDetections().length;
        this.precision = new double[thresholds * recallPoints * categoryIds.length * areas * limits];
        this.recall = new double[thresholds * categoryIds.length * areas * limits];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
    }

    public CocoParams params() {
        return params;
    }

    /** The evaluated category ids, ascending; category index k refers to this array. */
    public int[] categoryIds() {
        return categoryIds.clone();
    }

    public double precision(int t, int r, int k, int a, int m) {
        return precision[precisionIndex(t, r, k, a, m)];
    }

    public double recall(int t, int k, int a, int m) {
        return recall[recallIndex(t, k, a, m)];
    }

    /** The twelve standard numbers (boxes). */
    public CocoSummary summary() {
        return CocoSummary.of(this);
    }

    /** The ten keypoint numbers ({@code _summarizeKps}), for an accumulation with keypoint parameters. */
    public CocoKeypointSummary keypointSummary() {
        return CocoKeypointSummary.of(this);
    }

    /**
     * Average precision of one category over all IoU thresholds (or the one equal to {@code iou} when it
     * is not NaN), all areas, the largest detection limit: Detectron2's per-category AP. -1 when the
     * category has no counted object.
     */
    public double categoryAveragePrecision(int k, double iou, String area) {
        int a = params.areaIndex(area);
        int m = limits - 1;
        int[] ts = selectedThresholds(iou);
        double[] values = new double[ts.length * recallPoints];
        int n = 0;
        for (int t : ts) {
            for (int r = 0; r < recallPoints; r++) {
                values[n++] = precision(t, r, k, a, m);
            }
        }
        return NumpyMean.ofValid(values, n);
    }

    /** Average recall of one category at the largest detection limit, all areas; -1 when undefined. */
    public double categoryAverageRecall(int k) {
        int a = params.areaIndex(CocoParams.ALL);
        double[] values = new double[thresholds];
        for (int t = 0; t < thresholds; t++) {
            values[t] = recall(t, k, a, limits - 1);
        }
        return NumpyMean.ofValid(values, thresholds);
    }

    /** pycocotools' {@code _summarize}: the mean of the valid values of one slice, -1 if none. */
    double summarize(boolean averagePrecision, double iou, String area, int maxDets) {
        int a = params.areaIndex(area);
        int m = params.maxDetectionsIndex(maxDets);
        if (a < 0 || m < 0) {
            return -1;
        }
        int[] ts = selectedThresholds(iou);
        int k0 = categoryIds.length;
        double[] values = new double[ts.length * (averagePrecision ? recallPoints : 1) * k0];
        int n = 0;
        for (int t : ts) {
            if (averagePrecision) {
                for (int r = 0; r < recallPoints; r++) {
                    for (int k = 0; k < k0; k++) {
                        values[n++] = precision(t, r, k, a, m);
                    }
                }
            } else {
                for (int k = 0; k < k0; k++) {
                    values[n++] = recall(t, k, a, m);
                }
            }
        }
        return NumpyMean.ofValid(values, n);
    }

    private int[] selectedThresholds(double iou) {
        if (Double.isNaN(iou)) {
            int[] all = new int[thresholds];
            for (int t = 0; t < thresholds; t++) {
                all[t] = t;
            }
            return all;
        }
        int t = params.iouIndex(iou);
        return t < 0 ? new int[0] : new int[] {t};
    }

    /** pycocotools' {@code accumulate} for one category. */
    void accumulate(int k, CategoryMatches matches) {
        int n = matches.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // concatenation order is image rank then score rank; a stable sort of the whole equals numpy's
        // mergesort, and filtering the sorted list by rank-in-image gives the sort of each subset
        ScoreOrder.sortDescending(order, 0, n, matches.scores());
        int[] selected = new int[n];
        double[] rc = new double[n];
        double[] pr = new double[n];
        double[] recallThresholds = params.recallThresholds();
        int[] maxDetections = params.maxDetections();
        for (int m = 0; m < limits; m++) {
            int maxDets = maxDetections[m];
            int nd = 0;
            for (int i = 0; i < n; i++) {
                if (matches.rankInImage(order[i]) < maxDets) {
                    selected[nd++] = order[i];
                }
            }
            for (int a = 0; a < areas; a++) {
                long counted = matches.countedGroundTruth(a);
                if (counted == 0) {
                    continue;
                }
                for (int t = 0; t < thresholds; t++) {
                    byte[] outcomes = matches.outcomes(a, t);
                    double tp = 0;
                    double fp = 0;
                    for (int i = 0; i < nd; i++) {
                        byte outcome = outcomes[selected[i]];
                        if (outcome == CategoryMatches.TRUE_POSITIVE) {
                            tp++;
                        } else if (outcome == CategoryMatches.FALSE_POSITIVE) {
                            fp++;
                        }
                        rc[i] = tp / counted;
                        pr[i] = tp / (fp + tp + EPS);
                    }
                    recall[recallIndex(t, k, a, m)] = nd > 0 ? rc[nd - 1] : 0;
                    for (int i = nd - 1; i > 0; i--) {
                        if (pr[i] > pr[i - 1]) {
                            pr[i - 1] = pr[i];
                        }
                    }
                    int i = 0;
                    for (int r = 0; r < recallPoints; r++) {
                        while (i < nd && rc[i] < recallThresholds[r]) {
                            i++;
                        }
                        precision[precisionIndex(t, r, k, a, m)] = i < nd ? pr[i] : 0;
                    }
                }
            }
        }
    }

    private int precisionIndex(int t, int r, int k, int a, int m) {
        return (((t * recallPoints + r) * categoryIds.length + k) * areas + a) * limits + m;
    }

    private int recallIndex(int t, int k, int a, int m) {
        return ((t * categoryIds.length + k) * areas + a) * limits + m;
    }
}
