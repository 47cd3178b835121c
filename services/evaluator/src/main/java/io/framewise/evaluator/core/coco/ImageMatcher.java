package io.framewise.evaluator.core.coco;

import io.framewise.evaluator.core.box.BoxGroups;
import io.framewise.evaluator.core.box.BoxTable;
import io.framewise.evaluator.core.box.ScoreOrder;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Greedy matching of one image's detections to its ground truth, for one category, at every area range
 * and IoU threshold: pycocotools' {@code computeIoU} (or {@code computeOks}) and {@code evaluateImg}, and
 * the loop over categories and images that feeds {@link CocoAccumulation}.
 *
 * <p>Rules, as pycocotools applies them: detections are taken by descending score (stable on ties) and
 * only the first {@code maxDets[-1]} count; a ground truth is ignored when it is flagged ignored (a crowd;
 * for keypoints also an object without labelled keypoints) or its area lies outside the range; a detection
 * goes to the unmatched ground truth with the highest similarity at or above the threshold (a later one
 * wins an exact tie), preferring counted objects over ignored ones; a crowd can absorb any number of
 * detections; a detection matched to an ignored object, or unmatched with an area outside the range, is
 * ignored.
 *
 * <p>Only the {@link Similarity} knows what is compared: crowd-aware box IoU for boxes, OKS for keypoints.
 * The tables give everything else: ids, areas, crowd flags and scores.
 */
final class ImageMatcher {

    private static final double MAX_THRESHOLD = 1 - 1e-10;

    private final double[] thresholds;
    private final double[][] areaRanges;
    private final int maxDetections;
    private final CocoParams params;
    private final BoxTable groundTruth;
    private final BoxTable detections;
    private final Similarity similarity;
    private final IntPredicate ignoredGroundTruth;
    private int[] detectionRows = new int[128];
    private double[] similarities = new double[1024];
    private int[] gtOrder = new int[64];
    private boolean[] gtIgnored = new boolean[64];
    private boolean[] gtCrowd = new boolean[64];
    private boolean[] gtRealId = new boolean[64];
    private boolean[] gtTaken = new boolean[64];
    private boolean[] outsideArea = new boolean[128];

    /** The similarity of a detection row with a ground-truth row (rows of the matcher's tables). */
    @FunctionalInterface
    interface Similarity {
        double between(int detectionRow, int groundTruthRow);
    }

    /** Box matching: crowd-aware IoU, and a ground truth is ignored when it is a crowd. */
    ImageMatcher(CocoParams params, BoxTable groundTruth, BoxTable detections) {
        this(params, groundTruth, detections,
                (dtRow, gtRow) -> detections.iou(dtRow, groundTruth, gtRow, true), groundTruth::crowd);
    }

    /**
     * @param similarity compares a detection row with a ground-truth row
     * @param ignoredGroundTruth whether a ground-truth row is ignored in every area range (pycocotools'
     *                           {@code gt['ignore']}); crowds still absorb detections through the crowd column
     */
    ImageMatcher(CocoParams params, BoxTable groundTruth, BoxTable detections, Similarity similarity,
                 IntPredicate ignoredGroundTruth) {
        this.params = params;
        this.thresholds = params.iouThresholds();
        this.areaRanges = params.areaRanges();
        this.maxDetections = params.maxDetectionsLimit();
        this.groundTruth = groundTruth;
        this.detections = detections;
        this.similarity = similarity;
        this.ignoredGroundTruth = ignoredGroundTruth;
    }

    /**
     * Matches every (category, image) group of the tables and accumulates each category: pycocotools'
     * {@code evaluate} and {@code accumulate}. Rows of other categories are left out.
     *
     * @param categoryIds the evaluated categories, ascending
     * @param imageRank rank of each dense image index by ascending image id
     */
    CocoAccumulation accumulate(int[] categoryIds, int[] imageRank) {
        BoxGroups gtGroups = BoxGroups.of(groundTruth, categoryIds, imageRank);
        BoxGroups dtGroups = BoxGroups.of(detections, categoryIds, imageRank);
        CocoAccumulation accumulation = new CocoAccumulation(params, categoryIds);
        CategoryMatches matches = new CategoryMatches(areaRanges.length, thresholds.length);
        int[] gtRows = gtGroups.rows();
        int[] dtRows = dtGroups.rows();
        int gi = 0;
        int di = 0;
        for (int k = 0; k < categoryIds.length; k++) {
            matches.clear();
            while (true) {
                boolean hasGt = gi < gtGroups.count() && gtGroups.category(gi) == k;
                boolean hasDt = di < dtGroups.count() && dtGroups.category(di) == k;
                if (!hasGt && !hasDt) {
                    break;
                }
                long gtKey = hasGt ? gtGroups.key(gi) : Long.MAX_VALUE;
                long dtKey = hasDt ? dtGroups.key(di) : Long.MAX_VALUE;
                long key = Math.min(gtKey, dtKey);
                int gtFrom = 0;
                int gtTo = 0;
                int dtFrom = 0;
                int dtTo = 0;
                if (gtKey == key) {
                    gtFrom = gtGroups.start(gi);
                    gtTo = gtGroups.end(gi);
                    gi++;
                }
                if (dtKey == key) {
                    dtFrom = dtGroups.start(di);
                    dtTo = dtGroups.end(di);
                    di++;
                }
                match(gtRows, gtFrom, gtTo, dtRows, dtFrom, dtTo, matches);
            }
            accumulation.accumulate(k, matches);
        }
        return accumulation;
    }

    /**
     * Matches the ground-truth rows {@code gtRows[gtFrom, gtTo)} with the detection rows
     * {@code dtRows[dtFrom, dtTo)} (both in insertion order) and appends the outcome to {@code out}.
     */
    private void match(int[] gtRows, int gtFrom, int gtTo, int[] dtRows, int dtFrom, int dtTo, CategoryMatches out) {
        int g = gtTo - gtFrom;
        int d = sortDetections(dtRows, dtFrom, dtTo);
        ensureCapacity(g, d);
        computeSimilarities(gtRows, gtFrom, g, d);
        int base = out.addImage(detections.scores(), detectionRows, d);
        for (int a = 0; a < areaRanges.length; a++) {
            double low = areaRanges[a][0];
            double high = areaRanges[a][1];
            int counted = orderGroundTruth(gtRows, gtFrom, g, low, high);
            out.countGroundTruth(a, counted);
            for (int k = 0; k < d; k++) {
                double area = detections.area(detectionRows[k]);
                outsideArea[k] = area < low || area > high;
            }
            for (int t = 0; t < thresholds.length; t++) {
                matchAtThreshold(thresholds[t], g, d, a, t, base, out);
            }
        }
    }

    private int sortDetections(int[] dtRows, int dtFrom, int dtTo) {
        int n = dtTo - dtFrom;
        if (detectionRows.length < n) {
            detectionRows = new int[Math.max(n, detectionRows.length * 2)];
        }
        System.arraycopy(dtRows, dtFrom, detectionRows, 0, n);
        ScoreOrder.sortDescending(detectionRows, 0, n, detections.scores());
        return Math.min(n, maxDetections);
    }

    private void computeSimilarities(int[] gtRows, int gtFrom, int g, int d) {
        for (int k = 0; k < d; k++) {
            int dtRow = detectionRows[k];
            for (int j = 0; j < g; j++) {
                similarities[k * g + j] = similarity.between(dtRow, gtRows[gtFrom + j]);
            }
        }
    }

    /** Puts counted objects first, ignored ones last, each in input order; returns how many count. */
    private int orderGroundTruth(int[] gtRows, int gtFrom, int g, double low, double high) {
        int position = 0;
        int counted = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean wantIgnored = pass == 1;
            for (int j = 0; j < g; j++) {
                int row = gtRows[gtFrom + j];
                double area = groundTruth.area(row);
                boolean ignored = ignoredGroundTruth.test(row) || area < low || area > high;
                if (ignored == wantIgnored) {
                    gtOrder[position] = j;
                    gtIgnored[position] = ignored;
                    gtCrowd[position] = groundTruth.crowd(row);
                    // pycocotools records a match by the object's id, so an id of 0 reads as "unmatched"
                    gtRealId[position] = groundTruth.id(row) != 0;
                    position++;
                }
            }
            if (pass == 0) {
                counted = position;
            }
        }
        return counted;
    }

    private void matchAtThreshold(double threshold, int g, int d, int a, int t, int base, CategoryMatches out) {
        Arrays.fill(gtTaken, 0, g, false);
        for (int k = 0; k < d; k++) {
            double best = Math.min(threshold, MAX_THRESHOLD);
            int m = -1;
            int row = k * g;
            for (int j = 0; j < g; j++) {
                if (gtTaken[j] && !gtCrowd[j]) {
                    continue;
                }
                if (m > -1 && !gtIgnored[m] && gtIgnored[j]) {
                    break;
                }
                double similarity = similarities[row + gtOrder[j]];
                if (similarity < best) {
                    continue;
                }
                best = similarity;
                m = j;
            }
            byte outcome;
            if (m == -1) {
                outcome = outsideArea[k] ? CategoryMatches.IGNORED : CategoryMatches.FALSE_POSITIVE;
            } else {
                gtTaken[m] = true;
                boolean matched = gtRealId[m];
                boolean ignored = gtIgnored[m] || (!matched && outsideArea[k]);
                outcome = ignored ? CategoryMatches.IGNORED
                        : matched ? CategoryMatches.TRUE_POSITIVE : CategoryMatches.FALSE_POSITIVE;
            }
            out.setOutcome(a, t, base + k, outcome);
        }
    }

    private void ensureCapacity(int g, int d) {
        if (similarities.length < g * d) {
            similarities = new double[Math.max(g * d, similarities.length * 2)];
        }
        if (gtOrder.length < g) {
            int capacity = Math.max(g, gtOrder.length * 2);
            gtOrder = new int[capacity];
            gtIgnored = new boolean[capacity];
            gtCrowd = new boolean[capacity];
            gtRealId = new boolean[capacity];
            gtTaken = new boolean[capacity];
        }
        if (outsideArea.length < d) {
            outsideArea = new boolean[Math.max(d, outsideArea.length * 2)];
        }
    }
}
