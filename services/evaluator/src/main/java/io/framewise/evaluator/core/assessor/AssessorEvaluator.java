package io.framewise.evaluator.core.assessor;

import io.framewise.evaluator.core.Evaluator;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.GroundTruthBox;
import io.framewise.evaluator.core.box.ImageDetections;
import io.framewise.evaluator.core.box.PredictionSelection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well an assessor (LoANs' IoU regressor) predicts the quality of a localizer's boxes: each
 * prediction's {@code score} is read as its predicted IoU and compared with its true IoU, the best IoU with
 * any non-crowd object of its image (0 when the image has none), categories ignored.
 *
 * <p>Values: {@code pearson} (NaN with fewer than two predictions or a constant series),
 * {@code meanAbsoluteError} and {@code pairs}.
 */
public final class AssessorEvaluator implements Evaluator<ImageDetections> {

    private final int predictionsPerImage;
    private double[] predicted = new double[256];
    private double[] actual = new double[256];
    private int size;

    /** Every prediction of every image. */
    public AssessorEvaluator() {
        this(Integer.MAX_VALUE);
    }

    /** The best-scored {@code predictionsPerImage} predictions of each image. */
    public AssessorEvaluator(int predictionsPerImage) {
        if (predictionsPerImage < 1) {
            throw new IllegalArgumentException("predictionsPerImage must be at least 1");
        }
        this.predictionsPerImage = predictionsPerImage;
    }

    @Override
    public void reset() {
        size = 0;
    }

    @Override
    public void process(List<? extends ImageDetections> batch) {
        for (ImageDetections image : batch) {
            List<Detection> detections = image.detections();
            for (int index : PredictionSelection.best(detections, predictionsPerImage)) {
                Detection detection = detections.get(index);
                double best = 0;
                for (GroundTruthBox object : image.groundTruth()) {
                    if (!object.crowd()) {
                        best = Math.max(best, detection.box().iou(object.box()));
                    }
                }
                add(detection.score(), best);
            }
        }
    }

    private void add(double predictedIou, double trueIou) {
        if (size == predicted.length) {
            predicted = Arrays.copyOf(predicted, size * 2);
            actual = Arrays.copyOf(actual, size * 2);
        }
        predicted[size] = predictedIou;
        actual[size] = trueIou;
        size++;
    }

    @Override
    public Metrics evaluate() {
        double absoluteError = 0;
        for (int i = 0; i < size; i++) {
            absoluteError += Math.abs(predicted[i] - actual[i]);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("pearson", PearsonCorrelation.of(predicted, actual, size));
        values.put("meanAbsoluteError", size > 0 ? absoluteError / size : Double.NaN);
        values.put("pairs", (double) size);
        return Metrics.of(values);
    }
}
