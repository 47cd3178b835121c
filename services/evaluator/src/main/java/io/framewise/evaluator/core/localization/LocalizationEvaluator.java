package io.framewise.evaluator.core.localization;

import io.framewise.evaluator.core.Evaluator;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.GroundTruthBox;
import io.framewise.evaluator.core.box.ImageDetections;
import io.framewise.evaluator.core.box.PredictionSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Localization quality as LoANs (Bartzi et al., "Localizer Assessor Networks") evaluates its localizer:
 * each image has one predicted box (or a few) and one or more objects, categories play no part.
 *
 * <ul>
 *   <li>an object is <em>found</em> when some prediction of its image has IoU &ge; the threshold with it;</li>
 *   <li>{@code recall} = found objects / objects;</li>
 *   <li>{@code precision} = predictions that found at least one object / predictions (LoANs divides found
 *       objects by predictions, which exceeds 1 when one box covers two objects; we count predictions);</li>
 *   <li>{@code hMean} = 2PR / (P + R), 0 when both are 0;</li>
 *   <li>{@code missedIoU} = mean IoU between each object that was not found and the predictions of its image
 *       that overlap it at all (IoU &gt; 0): how close the misses came. LoANs seeds this mean with an extra
 *       0; we do not. NaN when no missed object was overlapped.</li>
 * </ul>
 * Crowd regions are not objects here and are skipped. Predictions are taken by descending score, at most
 * {@code predictionsPerImage} per image. An undefined ratio (no objects, no predictions) is NaN.
 */
public final class LocalizationEvaluator implements Evaluator<ImageDetections> {

    private final double iouThreshold;
    private final int predictionsPerImage;
    private long objects;
    private long foundObjects;
    private long predictions;
    private long goodPredictions;
    private double missedIouSum;
    private long missedIouCount;

    /** One prediction per image, the best-scored. */
    public LocalizationEvaluator(double iouThreshold) {
        this(iouThreshold, 1);
    }

    public LocalizationEvaluator(double iouThreshold, int predictionsPerImage) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        if (predictionsPerImage < 1) {
            throw new IllegalArgumentException("predictionsPerImage must be at least 1");
        }
        this.iouThreshold = iouThreshold;
        this.predictionsPerImage = predictionsPerImage;
    }

    @Override
    public void reset() {
        objects = 0;
        foundObjects = 0;
        predictions = 0;
        goodPredictions = 0;
        missedIouSum = 0;
        missedIouCount = 0;
    }

    @Override
    public void process(List<? extends ImageDetections> batch) {
        for (ImageDetections image : batch) {
            processImage(image);
        }
    }

    private void processImage(ImageDetections image) {
        List<BoundingBox> boxes = new ArrayList<>();
        for (GroundTruthBox object : image.groundTruth()) {
            if (!object.crowd()) {
                boxes.add(object.box());
            }
        }
        List<Detection> all = image.detections();
        int[] chosen = PredictionSelection.best(all, predictionsPerImage);
        boolean[] good = new boolean[chosen.length];
        for (BoundingBox object : boxes) {
            boolean found = false;
            double[] ious = new double[chosen.length];
            for (int p = 0; p < chosen.length; p++) {
                ious[p] = all.get(chosen[p]).box().iou(object);
                if (ious[p] >= iouThreshold) {
                    found = true;
                    good[p] = true;
                }
            }
            if (found) {
                foundObjects++;
                continue;
            }
            for (double iou : ious) {
                if (iou > 0) {
                    missedIouSum += iou;
                    missedIouCount++;
                }
            }
        }
        objects += boxes.size();
        predictions += chosen.length;
        for (boolean g : good) {
            goodPredictions += g ? 1 : 0;
        }
    }

    @Override
    public Metrics evaluate() {
        double recall = objects > 0 ? (double) foundObjects / objects : Double.NaN;
        double precision = predictions > 0 ? (double) goodPredictions / predictions : Double.NaN;
        double hMean = precision + recall > 0 ? 2 * precision * recall / (precision + recall)
                : (Double.isNaN(precision + recall) ? Double.NaN : 0);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("recall", recall);
        values.put("precision", precision);
        values.put("hMean", hMean);
        values.put("missedIoU", missedIouCount > 0 ? missedIouSum / missedIouCount : Double.NaN);
        values.put("objects", (double) objects);
        values.put("foundObjects", (double) foundObjects);
        values.put("predictions", (double) predictions);
        values.put("iouThreshold", iouThreshold);
        return Metrics.of(values);
    }
}
