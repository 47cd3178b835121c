package io.framewise.evaluator.core.gaze;

import io.framewise.evaluator.core.Evaluator;
import io.framewise.evaluator.core.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VideoAttentionTarget gaze-target metrics (Chong et al. 2020), as the official
 * {@code eval_on_videoatttarget.py} computes them (details and what was checked in {@link GazeMaps}):
 *
 * <ul>
 *   <li>{@code auc}: the mean over in-frame samples of {@link GazeMaps#auc}, the ROC AUC of the 8-bit
 *       64x64 heatmap against the 19x19 ground-truth window around the gaze point;</li>
 *   <li>{@code distance}: the mean over in-frame samples of {@link GazeMaps#distance}, the L2 distance in
 *       normalised image coordinates between the heatmap's argmax cell and the gaze point;</li>
 *   <li>{@code inOutAP}: {@link AveragePrecision} of the in-frame scores of every sample against
 *       in-frame (positive) or outside (negative);</li>
 *   <li>{@code samples}, {@code inFrame}: how many samples, and how many of them in-frame.</li>
 * </ul>
 *
 * Each metric is {@code NaN} when it has nothing to average (no in-frame sample, no positive for the AP).
 * A sample whose heatmap holds a non-finite value is left out of the AUC and distance, one whose
 * in-frame score is not finite out of the AP, and a sample whose ground-truth window misses the map (a gaze
 * point far past the frame's edge, on which the official script would stop) out of the AUC; each with a
 * warning. The means are taken in double; the official script averages float32 tensors, so the two agree
 * to about 1e-6.
 */
public final class GazeEvaluator implements Evaluator<GazeSample> {

    private static final int MAX_WARNINGS = 20;

    private double[] aucs = new double[256];
    private int aucCount;
    private double[] distances = new double[256];
    private int distanceCount;
    private double[] scores = new double[256];
    private boolean[] labels = new boolean[256];
    private int scoreCount;
    private long samples;
    private long inFrame;
    private long skipped;
    private final List<String> warnings = new ArrayList<>();

    @Override
    public void reset() {
        aucCount = 0;
        distanceCount = 0;
        scoreCount = 0;
        samples = 0;
        inFrame = 0;
        skipped = 0;
        warnings.clear();
    }

    @Override
    public void process(List<? extends GazeSample> batch) {
        for (GazeSample sample : batch) {
            long index = samples++;
            if (Double.isFinite(sample.inFrameScore())) {
                if (scoreCount == scores.length) {
                    scores = Arrays.copyOf(scores, scoreCount * 2);
                    labels = Arrays.copyOf(labels, scoreCount * 2);
                }
                scores[scoreCount] = sample.inFrameScore();
                labels[scoreCount] = sample.inFrame();
                scoreCount++;
            } else {
                warn("sample " + index + ": in-frame score " + sample.inFrameScore() + " left out of inOutAP");
            }
            if (!sample.inFrame()) {
                continue;
            }
            inFrame++;
            if (!finite(sample.heatmap())) {
                warn("sample " + index + ": non-finite heatmap left out of auc and distance");
                continue;
            }
            if (distanceCount == distances.length) {
                distances = Arrays.copyOf(distances, distanceCount * 2);
            }
            distances[distanceCount++] = GazeMaps.distance(sample);
            double auc = GazeMaps.auc(sample);
            if (Double.isNaN(auc)) {
                warn("sample " + index + ": gaze (" + sample.gazeX() + ", " + sample.gazeY()
                        + ") leaves an empty or full ground-truth map; left out of auc");
                continue;
            }
            if (aucCount == aucs.length) {
                aucs = Arrays.copyOf(aucs, aucCount * 2);
            }
            aucs[aucCount++] = auc;
        }
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private void warn(String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else {
            skipped++;
        }
    }

    private static double mean(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return sum / n;
    }

    @Override
    public Metrics evaluate() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("auc", mean(aucs, aucCount));
        values.put("distance", mean(distances, distanceCount));
        values.put("inOutAP", AveragePrecision.of(scores, labels, scoreCount));
        values.put("samples", (double) samples);
        values.put("inFrame", (double) inFrame);
        List<String> notes = new ArrayList<>(warnings);
        if (skipped > 0) {
            notes.add(skipped + " more warnings not shown");
        }
        return new Metrics(values, Map.of(), notes);
    }
}
