package io.framewise.evaluator.core.coco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The twelve numbers pycocotools' {@code COCOeval.summarize()} prints for boxes, in its order. Each is -1
 * when no category has a counted object in its slice.
 */
public record CocoSummary(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                          double ar1, double ar10, double ar100, double arSmall, double arMedium,
                          double arLarge) {

    /** The report keys, in pycocotools' order. */
    public static final List<String> KEYS =
            List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");

    static CocoSummary of(CocoAccumulation accumulation) {
        int[] limits = accumulation.params().maxDetections();
        int most = limits[limits.length - 1];
        double all = Double.NaN;
        return new CocoSummary(
                accumulation.summarize(true, all, CocoParams.ALL, most),
                accumulation.summarize(true, 0.5, CocoParams.ALL, most),
                accumulation.summarize(true, 0.75, CocoParams.ALL, most),
                accumulation.summarize(true, all, CocoParams.SMALL, most),
                accumulation.summarize(true, all, CocoParams.MEDIUM, most),
                accumulation.summarize(true, all, CocoParams.LARGE, most),
                accumulation.summarize(false, all, CocoParams.ALL, limits[0]),
                accumulation.summarize(false, all, CocoParams.ALL, limits.length > 1 ? limits[1] : most),
                accumulation.summarize(false, all, CocoParams.ALL, most),
                accumulation.summarize(false, all, CocoParams.SMALL, most),
                accumulation.summarize(false, all, CocoParams.MEDIUM, most),
                accumulation.summarize(false, all, CocoParams.LARGE, most));
    }

    /** The twelve values in pycocotools' order. */
    public double[] toArray() {
        return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium,
                arLarge};
    }

    /** Key to value, keys as in {@link #KEYS}. */
    public Map<String, Double> asMap() {
        double[] values = toArray();
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(KEYS.get(i), values[i]);
        }
        return map;
    }
}
