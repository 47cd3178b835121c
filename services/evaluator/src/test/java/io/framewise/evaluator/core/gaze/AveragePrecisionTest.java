package io.framewise.evaluator.core.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AveragePrecisionTest {

    @Test
    void matchesSklearnsDocumentedExample() {
        // sklearn's average_precision_score docstring: y_true [0 0 1 1], scores [.1 .4 .35 .8] -> 0.83.
        // Thresholds .8: P 1, R 1/2; .4: P 1/2, R 1/2; .35: P 2/3, R 1 -> 1/2 * 1 + 1/2 * 2/3
        double ap = AveragePrecision.of(new double[] {0.1, 0.4, 0.35, 0.8},
                new boolean[] {false, false, true, true});

        assertThat(ap).isCloseTo(5.0 / 6, within(1e-15));
    }

    @Test
    void tiedScoresAreOneThreshold() {
        // .8 holds a positive and a negative: one threshold, P 1/2 at R 1/2 (not 1 as a positive-first
        // ordering would give); .4: P 2/3, R 1 -> 1/2 * 1/2 + 1/2 * 2/3 = 7/12
        double ap = AveragePrecision.of(new double[] {0.8, 0.8, 0.4, 0.2},
                new boolean[] {true, false, true, false});

        assertThat(ap).isCloseTo(7.0 / 12, within(1e-15));
    }

    @Test
    void allTiedIsThePositiveFraction() {
        assertThat(AveragePrecision.of(new double[] {1, 1, 1}, new boolean[] {true, false, false}))
                .isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void perfectRankingIsOneAndThresholdsPastFullRecallAddNothing() {
        assertThat(AveragePrecision.of(new double[] {0.9, 0.8, 0.3, 0.1}, new boolean[] {true, true, false, false}))
                .isEqualTo(1.0);
        // worst ranking: positives last. R jumps 1/2 at P 1/3 and 1/2 at P 2/4 -> 1/6 + 1/4
        assertThat(AveragePrecision.of(new double[] {0.9, 0.8, 0.3, 0.1}, new boolean[] {false, false, true, true}))
                .isCloseTo(1.0 / 6 + 1.0 / 4, within(1e-15));
    }

    @Test
    void onlyPositivesGiveOneNoPositiveNan() {
        assertThat(AveragePrecision.of(new double[] {0.2, 0.7}, new boolean[] {true, true})).isEqualTo(1.0);
        assertThat(AveragePrecision.of(new double[] {0.2, 0.7}, new boolean[] {false, false})).isNaN();
        assertThat(AveragePrecision.of(new double[0], new boolean[0])).isNaN();
    }

    @Test
    void rejectsNonFiniteScores() {
        assertThatThrownBy(() -> AveragePrecision.of(new double[] {Double.POSITIVE_INFINITY},
                new boolean[] {true})).isInstanceOf(IllegalArgumentException.class);
    }
}
