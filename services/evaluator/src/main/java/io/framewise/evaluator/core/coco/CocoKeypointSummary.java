package io.framewise.evaluator.core.coco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ten numbers pycocotools' {@code COCOeval.summarize()} prints for keypoints ({@code _summarizeKps}), in
 * its order, all at 20 detections per image. Each is -1 when no category has a counted object in its slice.
 */
public record CocoKeypointSummary(double ap, double ap50, double ap75, double apMedium, double apLarge,
                                  double ar, double ar50, double ar75, double arMedium, double arLarge) {

    /** The report keys, in pycocotools' order. */
    public static final List<String> KEYS =
            List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl");

    /** The detection limit {@code _summarizeKps} asks for, whatever the parameters. */
    static final int MAX_DETECTIONS = 20;

    static CocoKeypointSummary of(CocoAccumulation accumulation) {
        double all = Double.NaN;
        int m = MAX_DETECTIONS;
        return new CocoKeypointSummary(
                accumulation.summarize(true, all, CocoParams.ALL, m),
                accumulation.summarize(true, 0.5, CocoParams.ALL, m),
                accumulation.summarize(true, 0.75, CocoParams.ALL, m),
                accumulation.summarize(true, all, CocoParams.MEDIUM, m),
                accumulation.summarize(true, all, CocoParams.LARGE, m),
                accumulation.summarize(false, all, CocoParams.ALL, m),
                accumulation.summarize(false, 0.5, CocoParams.ALL, m),
                accumulation.summarize(false, 0.75, CocoParams.ALL, m),
                accumulation.summarize(false, all, CocoParams.MEDIUM, m),
                accumulation.summarize(false, all, CocoParams.LARGE, m));
    }

    /** The ten values in pycocotools' order. */
    public double[] toArray() {
        return new double[] {ap, ap50, ap75, apMedium, apLarge, ar, ar50, ar75, arMedium, arLarge};
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
