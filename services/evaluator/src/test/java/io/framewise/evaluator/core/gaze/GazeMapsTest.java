package io.framewise.evaluator.core.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GazeMapsTest {

    static final int SIDE = 64;

    /** The cells of a mask that are set, and its bounding columns and rows. */
    private static int[] extent(boolean[] mask) {
        int count = 0;
        int x0 = SIDE;
        int x1 = -1;
        int y0 = SIDE;
        int y1 = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                count++;
                x0 = Math.min(x0, i % SIDE);
                x1 = Math.max(x1, i % SIDE);
                y0 = Math.min(y0, i / SIDE);
                y1 = Math.max(y1, i / SIDE);
            }
        }
        return new int[] {count, x0, x1, y0, y1};
    }

    /** A 64x64 map falling off by Chebyshev distance from cell (cx, cy). */
    static float[] pyramid(int cx, int cy) {
        float[] map = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                map[y * SIDE + x] = -Math.max(Math.abs(x - cx), Math.abs(y - cy));
            }
        }
        return map;
    }

    static float[] spike(int cx, int cy) {
        float[] map = new float[SIDE * SIDE];
        map[cy * SIDE + cx] = 1;
        return map;
    }

    @Test
    void theGroundTruthIsThe19By19WindowOfTheSigma3Gaussian() {
        // px = 32: columns int(32 - 9) = 23 .. int(32 + 10) - 1 = 41
        assertThat(extent(GazeMaps.groundTruthMask(0.5, 0.5, SIDE, SIDE))).containsExactly(361, 23, 41, 23, 41);
        // px = 6.4 (float32 6.4000001): int(-2.6) = -2 -> 0 .. int(16.4) - 1 = 15; py = 48: 39 .. 57
        assertThat(extent(GazeMaps.groundTruthMask(0.1, 0.75, SIDE, SIDE))).containsExactly(16 * 19, 0, 15, 39, 57);
    }

    @Test
    void theWindowIsClippedAtTheEdgesAndEmptyFarOutside() {
        // (0, 0): 0 .. int(10) - 1 = 9; (1, 1): px 64 -> 55 .. 63
        assertThat(extent(GazeMaps.groundTruthMask(0, 0, SIDE, SIDE))).containsExactly(100, 0, 9, 0, 9);
        assertThat(extent(GazeMaps.groundTruthMask(1, 1, SIDE, SIDE))).containsExactly(81, 55, 63, 55, 63);
        assertThat(extent(GazeMaps.groundTruthMask(2, 0.5, SIDE, SIDE))[0]).isZero();
    }

    @Test
    void bytescaleMapsMinToZeroMaxTo255AndRounds() {
        assertThat(GazeMaps.bytescale(new float[] {0, 1, 2, 3})).containsExactly(0, 85, 170, 255);
        // -2 .. 2: scale 63.75; 0 -> 127.5 + .5 = 128; 0.001 -> 127.56 + .5 -> 128 (a tie made by rounding)
        assertThat(GazeMaps.bytescale(new float[] {-2, 0, 0.001f, 2})).containsExactly(0, 128, 128, 255);
        // a constant map: scale 255 / 1, every value 0
        assertThat(GazeMaps.bytescale(new float[] {0.7f, 0.7f})).containsExactly(0, 0);
    }

    @Test
    void argmaxIsTheFirstLargestValue() {
        assertThat(GazeMaps.argmax(new float[] {0, 3, 1, 3})).isEqualTo(1);
        assertThat(GazeMaps.argmax(new float[] {-1, -1})).isZero();
    }

    @Test
    void aPeakAtTheGazePointThatDecreasesOutwardGivesAucOneAndDistanceZero() {
        // inside the window the Chebyshev distance is at most 9, outside at least 10: bytescaled over
        // -32..0 (scale 7.96875) to at least 183 inside and at most 175 outside, so every positive wins
        GazeSample sample = GazeSample.inside(pyramid(32, 32), SIDE, SIDE, 1, 0.5, 0.5);

        assertThat(GazeMaps.auc(sample)).isEqualTo(1.0);
        // argmax cell (32, 32) -> (32 / 64, 32 / 64): a cell's corner, exactly the gaze point
        assertThat(GazeMaps.distance(sample)).isZero();
    }

    @Test
    void aOneCellSpikeAtTheGazePointScoresLittleAboveChance() {
        // one of the 361 positives at 255, the other 360 tied at 0 with all 3735 negatives:
        // (1 * 3735 + 360 * 3735 / 2) / (361 * 3735) = 181 / 361
        GazeSample sample = GazeSample.inside(spike(32, 32), SIDE, SIDE, 1, 0.5, 0.5);

        assertThat(GazeMaps.auc(sample)).isCloseTo(181.0 / 361, within(1e-15));
        assertThat(GazeMaps.distance(sample)).isZero();
    }

    @Test
    void aSpikeAtAnotherCellGivesItsDistance() {
        // spike at column 40, row 8 (outside the window rows 23..41): one negative above everything else,
        // all tied: AUC = (361 * 3734 / 2) / (361 * 3735); distance to (40/64, 8/64) = sqrt(8^2 + 24^2) / 64
        GazeSample sample = GazeSample.inside(spike(40, 8), SIDE, SIDE, 1, 0.5, 0.5);

        assertThat(GazeMaps.auc(sample)).isCloseTo(0.5 * 3734 / 3735, within(1e-15));
        assertThat(GazeMaps.distance(sample)).isCloseTo(Math.sqrt(640) / 64, within(1e-15));
    }

    @Test
    void aUniformMapGivesOneHalfAndPointsAtTheFirstCell() {
        float[] uniform = new float[SIDE * SIDE];
        java.util.Arrays.fill(uniform, 0.3f);
        GazeSample sample = GazeSample.inside(uniform, SIDE, SIDE, 1, 0.5, 0.25);

        assertThat(GazeMaps.auc(sample)).isEqualTo(0.5);
        // argmax 0 -> (0, 0)
        assertThat(GazeMaps.distance(sample)).isCloseTo(Math.sqrt(0.25 + 0.0625), within(1e-15));
    }

    @Test
    void aHalfMapGivesTheHandCountedAuc() {
        // 1 on columns 0..31, 0 on 32..63; gaze (.5, .5), window columns 23..41, rows 23..41.
        // positives high: 9 columns x 19 rows = 171, low 190; negatives high 2048 - 171 = 1877, low 1858.
        // AUC = (171 * 1858 + 171 * 1877 / 2 + 190 * 1858 / 2) / (361 * 3735)
        float[] map = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < 32; x++) {
                map[y * SIDE + x] = 1;
            }
        }
        GazeSample sample = GazeSample.inside(map, SIDE, SIDE, 1, 0.5, 0.5);

        double expected = (171.0 * 1858 + 171.0 * 1877 / 2 + 190.0 * 1858 / 2) / (361.0 * 3735);
        assertThat(GazeMaps.auc(sample)).isCloseTo(expected, within(1e-15));
        assertThat(GazeMaps.distance(sample)).isCloseTo(Math.sqrt(0.5), within(1e-15));
    }
}
