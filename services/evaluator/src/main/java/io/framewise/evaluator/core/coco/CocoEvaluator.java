package io.framewise.evaluator.core.coco;

import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.BoxEvaluator;
import io.framewise.evaluator.core.box.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * COCO box evaluation, giving the numbers pycocotools' {@code COCOeval(iouType='bbox')} gives.
 *
 * <p>The evaluated images are the processed ones (an image with no boxes still counts: its detections are
 * false positives). The evaluated categories are the declared ones, or when none are declared those that
 * have ground truth; boxes of other categories are left out and reported in a warning, as pycocotools
 * leaves out results outside the ground truth's categories. A category without counted ground truth
 * yields -1 and does not enter the means.
 */
public final class CocoEvaluator extends BoxEvaluator {

    private final CocoParams params;
    private final Map<Integer, String> declaredCategories;

    /** Default parameters; the categories are those present in the ground truth. */
    public CocoEvaluator() {
        this(CocoParams.boundingBoxes(), List.of());
    }

    /** Default parameters over the declared categories (the GT file's {@code categories}). */
    public CocoEvaluator(List<Category> categories) {
        this(CocoParams.boundingBoxes(), categories);
    }

    public CocoEvaluator(CocoParams params, List<Category> categories) {
        this.params = params;
        this.declaredCategories = new TreeMap<>();
        for (Category category : categories) {
            declaredCategories.put(category.id(), category.name());
        }
    }

    /** The twelve numbers under {@link CocoSummary#KEYS}, per-category AP, AP50, AP75, AR100. */
    @Override
    public Metrics evaluate() {
        return evaluate(accumulate());
    }

    /** {@link #evaluate()} from an accumulation this evaluator made, to avoid computing it twice. */
    public Metrics evaluate(CocoAccumulation accumulation) {
        Map<Integer, Map<String, Double>> perCategory = new LinkedHashMap<>();
        int[] ids = accumulation.categoryIds();
        for (int k = 0; k < ids.length; k++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("AP", accumulation.categoryAveragePrecision(k, Double.NaN, CocoParams.ALL));
            values.put("AP50", accumulation.categoryAveragePrecision(k, 0.5, CocoParams.ALL));
            values.put("AP75", accumulation.categoryAveragePrecision(k, 0.75, CocoParams.ALL));
            values.put("AR100", accumulation.categoryAverageRecall(k));
            perCategory.put(ids[k], values);
        }
        return new Metrics(accumulation.summary().asMap(), perCategory, warnings(ids));
    }

    /** Runs matching and accumulation over everything processed; the full precision/recall table. */
    public CocoAccumulation accumulate() {
        return new ImageMatcher(params, groundTruth, detections).accumulate(evaluatedCategories(), images.ranks());
    }

    /** The categories evaluated: the declared ones, else those with ground truth; ascending. */
    public int[] evaluatedCategories() {
        if (!declaredCategories.isEmpty()) {
            return declaredCategories.keySet().stream().mapToInt(Integer::intValue).toArray();
        }
        return groundTruthCategories();
    }

    private int[] groundTruthCategories() {
        int[] categories = new int[groundTruth.size()];
        for (int row = 0; row < groundTruth.size(); row++) {
            categories[row] = groundTruth.category(row);
        }
        return Arrays.stream(categories).distinct().sorted().toArray();
    }

    private List<String> warnings(int[] evaluated) {
        List<String> warnings = new ArrayList<>();
        int[] withGroundTruth = groundTruthCategories();
        int gtOutside = 0;
        for (int row = 0; row < groundTruth.size(); row++) {
            if (Arrays.binarySearch(evaluated, groundTruth.category(row)) < 0) {
                gtOutside++;
            }
        }
        int dtOutside = 0;
        int dtWithoutGroundTruth = 0;
        for (int row = 0; row < detections.size(); row++) {
            int category = detections.category(row);
            if (Arrays.binarySearch(evaluated, category) < 0) {
                dtOutside++;
            } else if (Arrays.binarySearch(withGroundTruth, category) < 0) {
                dtWithoutGroundTruth++;
            }
        }
        if (gtOutside > 0) {
            warnings.add(gtOutside + " ground-truth boxes of undeclared categories were ignored");
        }
        if (dtOutside > 0) {
            warnings.add(dtOutside + " detections of categories absent from the ground truth were ignored");
        }
        if (dtWithoutGroundTruth > 0) {
            warnings.add(dtWithoutGroundTruth + " detections are of categories without ground-truth objects,"
                    + " which have no AP (-1) and leave the means unchanged");
        }
        return warnings;
    }

    /** Name of a declared category, or null. */
    public String categoryName(int categoryId) {
        return declaredCategories.get(categoryId);
    }
}
