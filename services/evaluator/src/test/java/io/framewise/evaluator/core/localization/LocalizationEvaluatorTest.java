package io.framewise.evaluator.core.localization;

import static io.framewise.evaluator.core.Boxes.crowd;
import static io.framewise.evaluator.core.Boxes.detection;
import static io.framewise.evaluator.core.Boxes.image;
import static io.framewise.evaluator.core.Boxes.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked example, one prediction per image, threshold 0.5:
 * <ul>
 *   <li>image 1: one object, prediction IoU 0.8: found;</li>
 *   <li>image 2: two side-by-side objects, a prediction 12 wide covering the first (IoU 100/120) and
 *       grazing the second (IoU 20/200 = 0.1): one found, one missed at 0.1;</li>
 *   <li>image 3: prediction IoU 0.3: missed at 0.3;</li>
 *   <li>image 4: no prediction: missed, no IoU.</li>
 * </ul>
 * Recall 2/5, precision 2/3, harmonic mean 2 * (0.4 * 2/3) / (0.4 + 2/3) = 0.5, missed IoU (0.1 + 0.3) / 2.
 */
class LocalizationEvaluatorTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void recallPrecisionHarmonicMeanAndMissedIouOnAWorkedExample() {
        LocalizationEvaluator evaluator = new LocalizationEvaluator(0.5);
        evaluator.process(List.of(
                image(1, List.of(object(1, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 8, 0.9))),
                image(2, List.of(object(2, 1, 0, 0, 10, 10), object(3, 1, 10, 0, 10, 10)),
                        List.of(detection(1, 0, 0, 12, 10, 0.9)))));
        evaluator.process(List.of(
                image(3, List.of(object(4, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 3, 0.9))),
                image(4, List.of(object(5, 1, 0, 0, 10, 10)), List.of())));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("recall")).isCloseTo(0.4, within(TOLERANCE));
        assertThat(metrics.get("precision")).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(metrics.get("hMean")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(metrics.get("missedIoU")).isCloseTo(0.2, within(TOLERANCE));
        assertThat(metrics.get("objects")).isEqualTo(5.0);
        assertThat(metrics.get("predictions")).isEqualTo(3.0);
    }

    @Test
    void onlyTheBestScoredPredictionCountsByDefault() {
        LocalizationEvaluator one = new LocalizationEvaluator(0.5);
        LocalizationEvaluator two = new LocalizationEvaluator(0.5, 2);
        var sample = List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)),
                List.of(detection(1, 50, 50, 10, 10, 0.9), detection(1, 0, 0, 10, 10, 0.4))));
        one.process(sample);
        two.process(sample);

        assertThat(one.evaluate().get("recall")).isZero();
        assertThat(two.evaluate().get("recall")).isEqualTo(1.0);
        assertThat(two.evaluate().get("precision")).isEqualTo(0.5);
    }

    @Test
    void theThresholdIsInclusiveAndCrowdsAreNotObjects() {
        LocalizationEvaluator evaluator = new LocalizationEvaluator(0.8);
        evaluator.process(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10), crowd(2, 1, 100, 100, 50, 50)),
                List.of(detection(1, 0, 0, 10, 8, 0.9)))));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("recall")).isEqualTo(1.0);
        assertThat(metrics.get("objects")).isEqualTo(1.0);
    }

    @Test
    void nothingToMeasureIsNanNotAnException() {
        LocalizationEvaluator evaluator = new LocalizationEvaluator(0.5);

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("recall")).isNaN();
        assertThat(metrics.get("precision")).isNaN();
        assertThat(metrics.get("hMean")).isNaN();
        assertThat(metrics.get("missedIoU")).isNaN();
    }
}
