package io.framewise.evaluator.core.assessor;

import static io.framewise.evaluator.core.Boxes.detection;
import static io.framewise.evaluator.core.Boxes.image;
import static io.framewise.evaluator.core.Boxes.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessorEvaluatorTest {

    @Test
    void correlatesPredictedIouScoresWithTrueIou() {
        // true IoUs 0.8, 0.5, 0.3 and 0 (no object); predicted 0.7, 0.6, 0.2, 0.1. Both means are 0.4;
        // deviations .3 .2 -.2 -.3 and .4 .1 -.1 -.4: sums xy .28, xx .26, yy .34
        AssessorEvaluator evaluator = new AssessorEvaluator();
        evaluator.process(List.of(
                image(1, List.of(object(1, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 8, 0.7))),
                image(2, List.of(object(2, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 5, 0.6))),
                image(3, List.of(object(3, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 3, 0.2))),
                image(4, List.of(), List.of(detection(1, 0, 0, 10, 3, 0.1)))));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("pearson")).isCloseTo(0.28 / Math.sqrt(0.26 * 0.34), within(1e-12));
        assertThat(metrics.get("meanAbsoluteError")).isCloseTo(0.4 / 4, within(1e-15));
        assertThat(metrics.get("pairs")).isEqualTo(4.0);
    }

    @Test
    void theTrueIouIsTheBestOverlapWithAnyObjectWhateverItsCategory() {
        AssessorEvaluator evaluator = new AssessorEvaluator(1);
        evaluator.process(List.of(image(1,
                List.of(object(1, 1, 50, 50, 10, 10), object(2, 2, 0, 0, 10, 10)),
                List.of(detection(1, 0, 0, 10, 5, 0.5), detection(1, 0, 0, 10, 10, 0.1)))));
        evaluator.process(List.of(image(2, List.of(object(3, 1, 0, 0, 10, 10)),
                List.of(detection(1, 0, 0, 10, 10, 1.0)))));

        Metrics metrics = evaluator.evaluate();

        // pairs (0.5, 0.5) and (1.0, 1.0): a perfect assessor
        assertThat(metrics.get("pairs")).isEqualTo(2.0);
        assertThat(metrics.get("pearson")).isCloseTo(1.0, within(1e-15));
        assertThat(metrics.get("meanAbsoluteError")).isZero();
    }
}
