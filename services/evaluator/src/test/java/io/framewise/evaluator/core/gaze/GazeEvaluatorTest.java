package io.framewise.evaluator.core.gaze;

import static io.framewise.evaluator.core.gaze.GazeMapsTest.SIDE;
import static io.framewise.evaluator.core.gaze.GazeMapsTest.pyramid;
import static io.framewise.evaluator.core.gaze.GazeMapsTest.spike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.Metrics;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GazeEvaluatorTest {

    private static float[] uniform() {
        float[] map = new float[SIDE * SIDE];
        Arrays.fill(map, 0.1f);
        return map;
    }

    @Test
    void averagesAucAndDistanceOverInFrameSamplesAndTakesApOverAll() {
        float[] nan = new float[SIDE * SIDE];
        Arrays.fill(nan, Float.NaN);
        GazeEvaluator evaluator = new GazeEvaluator();
        // in-frame: a peak on the gaze (AUC 1, distance 0) and a uniform map (AUC 1/2, distance sqrt(1/2));
        // outside: heatmaps ignored, even a NaN one
        evaluator.process(List.of(
                GazeSample.inside(pyramid(32, 32), SIDE, SIDE, 0.9, 0.5, 0.5),
                GazeSample.outside(nan, SIDE, SIDE, 0.6)));
        evaluator.process(List.of(
                GazeSample.inside(uniform(), SIDE, SIDE, 0.2, 0.5, 0.5),
                GazeSample.outside(spike(3, 3), SIDE, SIDE, 0.2)));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("auc")).isEqualTo(0.75);
        assertThat(metrics.get("distance")).isCloseTo(Math.sqrt(0.5) / 2, within(1e-15));
        // scores .9 in, .6 out, .2 in and .2 out (tied): thresholds .9 P 1 R 1/2; .6 P 1/2; .2 P 2/4 R 1
        assertThat(metrics.get("inOutAP")).isCloseTo(0.5 + 0.25, within(1e-15));
        assertThat(metrics.get("samples")).isEqualTo(4.0);
        assertThat(metrics.get("inFrame")).isEqualTo(2.0);
        assertThat(metrics.warnings()).isEmpty();
        assertThat(metrics.values().keySet()).containsExactly("auc", "distance", "inOutAP", "samples", "inFrame");
    }

    @Test
    void isNanWithNothingToAverageAndForgetsOnReset() {
        GazeEvaluator evaluator = new GazeEvaluator();
        Metrics empty = evaluator.evaluate();
        assertThat(empty.get("auc")).isNaN();
        assertThat(empty.get("distance")).isNaN();
        assertThat(empty.get("inOutAP")).isNaN();
        assertThat(empty.get("samples")).isZero();

        evaluator.process(List.of(GazeSample.outside(uniform(), SIDE, SIDE, 0.4)));
        Metrics outsideOnly = evaluator.evaluate();
        assertThat(outsideOnly.get("auc")).isNaN();
        assertThat(outsideOnly.get("distance")).isNaN();
        assertThat(outsideOnly.get("inOutAP")).isNaN();
        assertThat(outsideOnly.get("samples")).isEqualTo(1.0);
        assertThat(outsideOnly.get("inFrame")).isZero();

        evaluator.reset();
        evaluator.process(List.of(GazeSample.inside(spike(40, 8), SIDE, SIDE, 0.3, 0.5, 0.5)));
        Metrics after = evaluator.evaluate();
        assertThat(after.get("samples")).isEqualTo(1.0);
        assertThat(after.get("inOutAP")).isEqualTo(1.0);
        assertThat(after.get("distance")).isCloseTo(Math.sqrt(640) / 64, within(1e-15));
    }

    @Test
    void leavesOutUnusableSamplesWithAWarning() {
        float[] nan = uniform();
        nan[7] = Float.NaN;
        GazeEvaluator evaluator = new GazeEvaluator();
        evaluator.process(List.of(
                GazeSample.inside(nan, SIDE, SIDE, 0.5, 0.5, 0.5),
                GazeSample.inside(uniform(), SIDE, SIDE, Double.NaN, 0.5, 0.5),
                // a gaze far past the frame: no ground-truth window, so no AUC, but a distance
                GazeSample.inside(uniform(), SIDE, SIDE, 0.1, 3, 0.5)));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.warnings()).hasSize(3);
        assertThat(metrics.get("auc")).isEqualTo(0.5);
        assertThat(metrics.get("distance")).isCloseTo((Math.sqrt(0.5) + Math.sqrt(9.25)) / 2, within(1e-15));
        assertThat(metrics.get("inOutAP")).isEqualTo(1.0);
        assertThat(metrics.get("inFrame")).isEqualTo(3.0);
    }

    @Test
    void readsAnnotationsAsTheOfficialLoader() {
        float[] map = uniform();
        GazeSample outside = GazeSample.fromAnnotation(map, SIDE, SIDE, 0.1, -1, -1, 640, 480);
        GazeSample clamped = GazeSample.fromAnnotation(map, SIDE, SIDE, 0.1, -3, 120, 640, 480);

        assertThat(outside.inFrame()).isFalse();
        assertThat(clamped.inFrame()).isTrue();
        assertThat(clamped.gazeX()).isZero();
        assertThat(clamped.gazeY()).isEqualTo(0.25);
        assertThat(clamped.imageWidth()).isEqualTo(640);
    }
}
