package io.framewise.evaluator.core.assessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PearsonCorrelationTest {

    @Test
    void matchesAHandComputedCoefficient() {
        // deviations x: -2 -1 0 1 2, y: -2 0 1 0 1; sums xy 6, xx 10, yy 6: r = 6 / sqrt(60)
        double r = PearsonCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5});

        assertThat(r).isCloseTo(6 / Math.sqrt(60), within(1e-15));
    }

    @Test
    void isOneOrMinusOneOnLines() {
        assertThat(PearsonCorrelation.of(new double[] {0.1, 0.5, 0.9}, new double[] {0.2, 0.6, 1.0}))
                .isCloseTo(1.0, within(1e-15));
        assertThat(PearsonCorrelation.of(new double[] {0.1, 0.5, 0.9}, new double[] {3, 2, 1}))
                .isCloseTo(-1.0, within(1e-15));
    }

    @Test
    void isNanWhenUndefined() {
        assertThat(PearsonCorrelation.of(new double[] {0.5, 0.5, 0.5}, new double[] {0.1, 0.2, 0.3})).isNaN();
        assertThat(PearsonCorrelation.of(new double[] {0.5}, new double[] {0.1})).isNaN();
    }
}
