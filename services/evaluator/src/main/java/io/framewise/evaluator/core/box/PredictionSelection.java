package io.framewise.evaluator.core.box;

import java.util.List;

/** The highest-scored predictions of one image, stable on ties. */
public final class PredictionSelection {

    private PredictionSelection() {
    }

    /** Indices into {@code detections} of its best {@code limit} by descending score. */
    public static int[] best(List<Detection> detections, int limit) {
        int n = detections.size();
        double[] scores = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = detections.get(i).score();
            order[i] = i;
        }
        ScoreOrder.sortDescending(order, 0, n, scores);
        return n <= limit ? order : java.util.Arrays.copyOf(order, limit);
    }
}
