package io.framewise.evaluator.core.coco;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumpyMeanTest {

    @Test
    void averagesOnlyValuesAboveMinusOne() {
        assertThat(NumpyMean.ofValid(new double[] {-1, 0.5, 1, -1, 0}, 5)).isEqualTo(0.5);
    }

    @Test
    void isMinusOneWhenNothingIsValid() {
        assertThat(NumpyMean.ofValid(new double[] {-1, -1}, 2)).isEqualTo(-1.0);
        assertThat(NumpyMean.ofValid(new double[0], 0)).isEqualTo(-1.0);
    }

    @Test
    void pairwiseSumGivesNumpysResultWhereSequentialSummationDiffers() {
        // expected values are numpy 2.4's np.sum of the same arrays; adding the ones one by one to 1e16
        // loses every one of them
        assertThat(NumpyMean.pairwiseSum(bigThenOnes(16), 0, 16)).isEqualTo(1.0000000000000014e16);
        assertThat(NumpyMean.pairwiseSum(bigThenOnes(300), 0, 300)).isEqualTo(1.000000000000029e16);
    }

    private static double[] bigThenOnes(int n) {
        double[] values = new double[n];
        values[0] = 1e16;
        for (int i = 1; i < n; i++) {
            values[i] = 1;
        }
        return values;
    }
}
