package io.framewise.evaluator.core.box;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreOrderTest {

    @Test
    void sortsByDescendingScoreKeepingTiesInInputOrder() {
        double[] score = {0.5, 0.9, 0.5, 0.1, 0.9, 0.5};
        int[] rows = {0, 1, 2, 3, 4, 5};

        ScoreOrder.sortDescending(rows, 0, rows.length, score);

        assertThat(rows).containsExactly(1, 4, 0, 2, 5, 3);
    }

    @Test
    void putsNanScoresLastAsNumpyDoes() {
        double[] score = {Double.NaN, 0.2, 0.7};
        int[] rows = {0, 1, 2};

        ScoreOrder.sortDescending(rows, 0, rows.length, score);

        assertThat(rows).containsExactly(2, 1, 0);
    }

    @Test
    void largeInputsAreStableToo() {
        Random random = new Random(3);
        int n = 5000;
        double[] score = new double[n];
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            score[i] = random.nextInt(20) / 20.0;
            rows[i] = i;
        }

        ScoreOrder.sortDescending(rows, 0, n, score);

        for (int i = 1; i < n; i++) {
            double previous = score[rows[i - 1]];
            double current = score[rows[i]];
            assertThat(previous).isGreaterThanOrEqualTo(current);
            if (previous == current) {
                assertThat(rows[i - 1]).isLessThan(rows[i]);
            }
        }
    }
}
