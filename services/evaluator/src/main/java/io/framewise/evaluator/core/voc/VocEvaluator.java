package io.framewise.evaluator.core.voc;

import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.BoxEvaluator;
import io.framewise.evaluator.core.box.BoxGroups;
import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.ScoreOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PASCAL VOC average precision at one IoU threshold, per category and averaged, both as the all-points
 * area (VOC2010+) and the 11-point VOC2007 variant. Follows the VOC devkit as Detectron2 ports it:
 * detections of a category in descending score order (stable on ties), each compared with the ground truth
 * of its image and category; the best-overlapping box (first on ties) is a hit when the IoU is strictly
 * above the threshold and the box was not taken yet, a duplicate otherwise; crowd boxes play VOC's
 * "difficult" objects, neither counted nor penalised. Unlike the devkit, boxes are continuous (no +1 on
 * widths) and every detection counts (no per-image limit).
 *
 * <p>Values: {@code vocAP}, {@code voc07AP} (means over categories with at least one counted object; NaN
 * when none has), per category the same two plus final {@code recall} and {@code precision}; a category
 * without counted objects has NaN.
 */
public final class VocEvaluator extends BoxEvaluator {

    private final double iouThreshold;
    private final int[] declaredCategories;

    public VocEvaluator(double iouThreshold) {
        this(iouThreshold, List.of());
    }

    /** @param categories the evaluated categories; empty means those with ground truth */
    public VocEvaluator(double iouThreshold, List<Category> categories) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
        this.declaredCategories = categories.stream().mapToInt(Category::id).distinct().sorted().toArray();
    }

    public double iouThreshold() {
        return iouThreshold;
    }

    @Override
    public Metrics evaluate() {
        int[] categories = declaredCategories.length > 0 ? declaredCategories : groundTruthCategories();
        int[] imageRank = images.ranks();
        BoxGroups gtGroups = BoxGroups.of(groundTruth, categories, imageRank);
        BoxGroups dtGroups = BoxGroups.of(detections, categories, imageRank);
        int[] gtGroupOfImage = new int[images.size()];
        boolean[] taken = new boolean[groundTruth.size()];
        Map<Integer, Map<String, Double>> perCategory = new LinkedHashMap<>();
        double sum = 0;
        double sum07 = 0;
        int counted = 0;
        int gi = 0;
        int di = 0;
        for (int k = 0; k < categories.length; k++) {
            Arrays.fill(gtGroupOfImage, -1);
            int positives = 0;
            for (; gi < gtGroups.count() && gtGroups.category(gi) == k; gi++) {
                gtGroupOfImage[gtGroups.imageRank(gi)] = gi;
                for (int i = gtGroups.start(gi); i < gtGroups.end(gi); i++) {
                    positives += groundTruth.crowd(gtGroups.rows()[i]) ? 0 : 1;
                }
            }
            // a category's groups are contiguous in rows()
            int dtFrom = 0;
            int dtTo = 0;
            if (di < dtGroups.count() && dtGroups.category(di) == k) {
                dtFrom = dtGroups.start(di);
                dtTo = dtFrom;
            }
            for (; di < dtGroups.count() && dtGroups.category(di) == k; di++) {
                dtTo = dtGroups.end(di);
            }
            int[] order = Arrays.copyOfRange(dtGroups.rows(), dtFrom, dtTo);
            ScoreOrder.sortDescending(order, 0, order.length, detections.scores());
            CategoryCurve curve = curve(order, positives, gtGroups, gtGroupOfImage, imageRank, taken);
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("vocAP", curve.ap());
            values.put("voc07AP", curve.ap07());
            values.put("recall", curve.recall());
            values.put("precision", curve.precision());
            perCategory.put(categories[k], values);
            if (positives > 0) {
                sum += curve.ap();
                sum07 += curve.ap07();
                counted++;
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("vocAP", counted > 0 ? sum / counted : Double.NaN);
        values.put("voc07AP", counted > 0 ? sum07 / counted : Double.NaN);
        return new Metrics(values, perCategory, List.of());
    }

    private record CategoryCurve(double ap, double ap07, double recall, double precision) {
    }

    private CategoryCurve curve(int[] order, int positives, BoxGroups gtGroups, int[] gtGroupOfImage,
                                int[] imageRank, boolean[] taken) {
        if (positives == 0) {
            return new CategoryCurve(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int n = order.length;
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        int fp = 0;
        int[] gtRows = gtGroups.rows();
        for (int i = 0; i < n; i++) {
            int row = order[i];
            int group = gtGroupOfImage[imageRank[detections.image(row)]];
            double best = Double.NEGATIVE_INFINITY;
            int bestRow = -1;
            if (group >= 0) {
                for (int j = gtGroups.start(group); j < gtGroups.end(group); j++) {
                    double iou = detections.iou(row, groundTruth, gtRows[j], false);
                    if (iou > best) {
                        best = iou;
                        bestRow = gtRows[j];
                    }
                }
            }
            if (best > iouThreshold) {
                if (!groundTruth.crowd(bestRow)) {
                    if (!taken[bestRow]) {
                        taken[bestRow] = true;
                        tp++;
                    } else {
                        fp++;
                    }
                }
            } else {
                fp++;
            }
            recall[i] = (double) tp / positives;
            precision[i] = tp / Math.max((double) tp + fp, Math.ulp(1.0));
        }
        double ap = VocAveragePrecision.allPoints(recall, precision, n);
        double ap07 = VocAveragePrecision.elevenPoint(recall, precision, n);
        return new CategoryCurve(ap, ap07, n > 0 ? recall[n - 1] : 0, n > 0 ? precision[n - 1] : Double.NaN);
    }

    private int[] groundTruthCategories() {
        int[] categories = new int[groundTruth.size()];
        for (int row = 0; row < groundTruth.size(); row++) {
            categories[row] = groundTruth.category(row);
        }
        return Arrays.stream(categories).distinct().sorted().toArray();
    }
}
