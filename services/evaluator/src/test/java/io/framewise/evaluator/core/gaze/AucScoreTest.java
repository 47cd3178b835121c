package io.framewise.evaluator.core.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucScoreTest {

    @Test
    void matchesSklearnsDocumentedExample() {
        // sklearn's roc_auc_score docstring: y_true [0 0 1 1], scores [.1 .4 .35 .8] -> 0.75
        double auc = AucScore.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});

        assertThat(auc).isEqualTo(0.75);
    }

    @Test
    void isOneForAPerfectRankingAndZeroForTheReverse() {
        boolean[] labels = {true, true, false, false};

        assertThat(AucScore.of(new double[] {0.9, 0.8, 0.3, 0.1}, labels)).isEqualTo(1.0);
        assertThat(AucScore.of(new double[] {0.1, 0.3, 0.8, 0.9}, labels)).isEqualTo(0.0);
    }

    @Test
    void aTieBetweenAPositiveAndANegativeCountsOneHalf() {
        // pairs: (pos .8, neg .8) 1/2, (pos .8, neg .2) 1, (pos .4, neg .8) 0, (pos .4, neg .2) 1 -> 2.5 / 4.
        // Trapezoid over thresholds .8 (tp 1, fp 1), .4 (2, 1), .2 (2, 2): (1 * 1 + 0 + 1 * 4) / (2 * 2 * 2)
        double auc = AucScore.of(new double[] {0.8, 0.8, 0.4, 0.2}, new boolean[] {true, false, true, false});

        assertThat(auc).isEqualTo(0.625);
    }

    @Test
    void allTiedScoresGiveOneHalf() {
        assertThat(AucScore.of(new double[] {3, 3, 3, 3, 3}, new boolean[] {true, false, false, true, false}))
                .isEqualTo(0.5);
    }

    @Test
    void doesNotDependOnTheOrderOfTheSamples() {
        double[] scores = {0.3, 0.7, 0.7, 0.1, 0.5, 0.7, 0.2};
        boolean[] labels = {false, true, false, false, true, true, true};
        double[] shuffledScores = {0.7, 0.2, 0.1, 0.7, 0.3, 0.5, 0.7};
        boolean[] shuffledLabels = {true, true, false, false, false, true, true};
        // positives .7 .5 .7 .2 against negatives .3 .7 .1: .7 -> 1 + 1/2 + 1 (twice), .5 -> 1 + 0 + 1,
        // .2 -> 0 + 0 + 1: (2.5 + 2.5 + 2 + 1) / 12
        assertThat(AucScore.of(scores, labels)).isCloseTo(8.0 / 12, within(1e-15));
        assertThat(AucScore.of(shuffledScores, shuffledLabels)).isEqualTo(AucScore.of(scores, labels));
    }

    @Test
    void usesOnlyTheFirstNPairs() {
        double[] scores = {0.9, 0.1, 0.95};
        boolean[] labels = {true, false, false};

        assertThat(AucScore.of(scores, labels, 2)).isEqualTo(1.0);
        assertThat(AucScore.of(scores, labels, 3)).isEqualTo(0.5);
    }

    @Test
    void isNanWithOnlyOneClassAndRejectsNonFiniteScores() {
        assertThat(AucScore.of(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
        assertThat(AucScore.of(new double[] {0.1, 0.2}, new boolean[] {false, false})).isNaN();
        assertThat(AucScore.of(new double[0], new boolean[0])).isNaN();
        assertThatThrownBy(() -> AucScore.of(new double[] {Double.NaN, 0.2}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
