package io.framewise.evaluator.core.coco;

import java.util.Arrays;
import java.util.List;

/**
 * The evaluation settings of pycocotools' {@code Params}. The thresholds are built the way
 * {@code np.linspace} builds them ({@code i * step + start}, the last one set to {@code stop}), because
 * the matcher compares IoUs against these exact doubles and the summary looks 0.5 and 0.75 up by equality.
 *
 * @param iouThresholds T thresholds a detection's IoU must reach to match
 * @param recallThresholds R recall points at which precision is sampled
 * @param maxDetections M per-image detection limits, ascending; the last bounds matching
 * @param areaRanges A closed [min, max] ranges on the ground truth's {@code area} and the detection's box area
 * @param areaLabels A names of the area ranges
 */
public record CocoParams(double[] iouThresholds, double[] recallThresholds, int[] maxDetections,
                         double[][] areaRanges, List<String> areaLabels) {

    public static final String ALL = "all";
    public static final String SMALL = "small";
    public static final String MEDIUM = "medium";
    public static final String LARGE = "large";

    public CocoParams {
        iouThresholds = iouThresholds.clone();
        recallThresholds = recallThresholds.clone();
        maxDetections = maxDetections.clone();
        Arrays.sort(maxDetections);
        areaRanges = Arrays.stream(areaRanges).map(double[]::clone).toArray(double[][]::new);
        areaLabels = List.copyOf(areaLabels);
        if (areaRanges.length != areaLabels.size()) {
            throw new IllegalArgumentException("one label per area range");
        }
    }

    /** pycocotools' defaults for bounding boxes (and segmentation). */
    public static CocoParams boundingBoxes() {
        double huge = 1e5 * 1e5;
        return new CocoParams(
                linspace(0.5, 0.95, 10),
                linspace(0.0, 1.0, 101),
                new int[] {1, 10, 100},
                new double[][] {{0, huge}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, huge}},
                List.of(ALL, SMALL, MEDIUM, LARGE));
    }

    /**
     * pycocotools' defaults for keypoints ({@code Params.setKpParams}): the same thresholds, one detection
     * limit of 20, and the area ranges all, medium and large (no small: small people carry no keypoints).
     */
    public static CocoParams keypoints() {
        double huge = 1e5 * 1e5;
        return new CocoParams(
                linspace(0.5, 0.95, 10),
                linspace(0.0, 1.0, 101),
                new int[] {20},
                new double[][] {{0, huge}, {32 * 32, 96 * 96}, {96 * 96, huge}},
                List.of(ALL, MEDIUM, LARGE));
    }

    /** {@code num} evenly spaced values from start to stop inclusive, bit-identical to numpy's linspace. */
    public static double[] linspace(double start, double stop, int num) {
        double[] values = new double[num];
        if (num == 1) {
            values[0] = start;
            return values;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            values[i] = i * step + start;
        }
        values[num - 1] = stop;
        return values;
    }

    @Override
    public double[] iouThresholds() {
        return iouThresholds.clone();
    }

    @Override
    public double[] recallThresholds() {
        return recallThresholds.clone();
    }

    @Override
    public int[] maxDetections() {
        return maxDetections.clone();
    }

    @Override
    public double[][] areaRanges() {
        return Arrays.stream(areaRanges).map(double[]::clone).toArray(double[][]::new);
    }

    public int maxDetectionsLimit() {
        return maxDetections[maxDetections.length - 1];
    }

    /** Index of the IoU threshold exactly equal to {@code iou}, or -1 (as numpy's {@code where} finds none). */
    public int iouIndex(double iou) {
        for (int t = 0; t < iouThresholds.length; t++) {
            if (iouThresholds[t] == iou) {
                return t;
            }
        }
        return -1;
    }

    public int areaIndex(String label) {
        return areaLabels.indexOf(label);
    }

    public int maxDetectionsIndex(int maxDets) {
        for (int m = 0; m < maxDetections.length; m++) {
            if (maxDetections[m] == maxDets) {
                return m;
            }
        }
        return -1;
    }
}
