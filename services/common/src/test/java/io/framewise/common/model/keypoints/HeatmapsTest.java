package io.framewise.common.model.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.framewise.common.model.keypoints.Heatmaps.Box;
import io.framewise.common.model.keypoints.KeypointSpec.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapsTest {

    private static final KeypointSpec EARS = new KeypointSpec(List.of("nose", "left_ear", "right_ear"),
            List.of(new Pair(1, 2)), new double[] {0.05, 0.05, 0.05}, null);

    private static double[] sigmas(int n, double sigma) {
        double[] s = new double[n];
        Arrays.fill(s, sigma);
        return s;
    }

    @Test
    void targetsPeakAtTheKeypointAndAreZeroForPartsOutside() {
        // 64x32 input to 16x8 heatmap (ratio 4): (22, 6) in the input is (5.5, 1.5) in the heatmap,
        // the centre of cell (column 5, row 1).
        float[][] maps = Heatmaps.targets(new float[][] {{22, 6, 2}, {22, 6, 0}}, 64, 32, 16, 8, sigmas(2, 1.5));
        assertThat(maps).hasDimensions(2, 16 * 8);
        assertThat(maps[0][1 * 16 + 5]).isEqualTo(1f);
        // One cell away: exp(-1 / (2 * 1.5^2)); one cell diagonally: exp(-2 / (2 * 1.5^2)).
        assertThat((double) maps[0][1 * 16 + 6]).isCloseTo(Math.exp(-1 / 4.5), within(1e-6));
        assertThat((double) maps[0][2 * 16 + 4]).isCloseTo(Math.exp(-2 / 4.5), within(1e-6));
        float max = 0;
        for (float v : maps[0]) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
        assertThat(maps[1]).containsOnly(0f);
    }

    @Test
    void targetsDecodeBackToWithinOneInputPixel() {
        // inputW x inputH -> heatW x heatH, ratios 1, 2, 3 and 4, square and not.
        int[][] sizes = {{64, 64, 64, 64}, {128, 128, 64, 64}, {100, 60, 50, 30}, {192, 144, 64, 48},
                {256, 256, 64, 64}, {320, 256, 80, 64}};
        Random random = new Random(12);
        int parts = 25;
        for (int[] size : sizes) {
            int inputW = size[0];
            int inputH = size[1];
            int heatW = size[2];
            int heatH = size[3];
            double ratio = (double) inputW / heatW;
            for (double sigma : new double[] {1, 2}) {
                for (int round = 0; round < 4; round++) {
                    float[][] kps = new float[parts][];
                    for (int p = 0; p < parts; p++) {
                        // Away from the outermost heatmap cells, where (as in the original code) there is no
                        // second neighbour to refine toward and the error can reach half a heatmap pixel.
                        kps[p] = new float[] {(float) (ratio + random.nextDouble() * (inputW - 2 * ratio)),
                                (float) (ratio + random.nextDouble() * (inputH - 2 * ratio)), 2};
                    }
                    float[][] maps = Heatmaps.targets(kps, inputW, inputH, heatW, heatH, sigmas(parts, sigma));
                    List<Keypoint> decoded = Heatmaps.toImage(Heatmaps.decode(maps, heatW, heatH, null), heatW,
                            heatH, 0, 0, inputW, inputH);
                    for (int p = 0; p < parts; p++) {
                        Keypoint k = decoded.get(p);
                        String where = Arrays.toString(size) + " sigma " + sigma + " keypoint " + kps[p][0] + ", "
                                + kps[p][1];
                        // The argmax cell holds the keypoint (within half a heatmap pixel of its centre) and the
                        // quarter-pixel step toward the higher neighbour leaves at most a quarter heatmap pixel,
                        // ratio / 4 input pixels: at most one input pixel per axis for ratios up to 4.
                        double bound = Math.min(1, ratio / 4) + 1e-4;
                        assertThat(Math.abs(k.x() - kps[p][0])).as(where).isLessThanOrEqualTo(bound);
                        assertThat(Math.abs(k.y() - kps[p][1])).as(where).isLessThanOrEqualTo(bound);
                        assertThat(k.confidence()).as(where).isGreaterThan(Math.exp(-0.5 / (sigma * sigma)) - 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void decodeRefinesAQuarterPixelTowardTheHigherNeighbour() {
        // 5x4 map, maximum at column 2, row 1; the right neighbour is higher than the left one, the two
        // vertical neighbours are equal.
        float[] map = {
            0, 0.1f, 0.2f, 0.1f, 0,
            0, 0.5f, 0.9f, 0.7f, 0,
            0, 0.1f, 0.2f, 0.1f, 0,
            0, 0, 0, 0, 0};
        Keypoint k = Heatmaps.decode(new float[][] {map}, 5, 4, null).get(0);
        assertThat(k).isEqualTo(new Keypoint(2.75, 1.5, 0.9f));
        // Upward when the row above is higher.
        map[2] = 0.3f;
        assertThat(Heatmaps.decode(new float[][] {map}, 5, 4, null).get(0)).isEqualTo(new Keypoint(2.75, 1.25, 0.9f));
        // At the edge of the searched box the neighbour beyond it is not used.
        assertThat(Heatmaps.decode(new float[][] {map}, 5, 4, new Box(0, 0, 3, 4)).get(0))
                .isEqualTo(new Keypoint(2.5, 1.25, 0.9f));
    }

    @Test
    void decodeIgnoresAStrongerPeakOutsideTheBox() {
        float[][] strong = Heatmaps.targets(new float[][] {{20.5f, 20.5f, 2}}, 32, 32, 32, 32, sigmas(1, 1.5));
        float[][] weak = Heatmaps.targets(new float[][] {{5.5f, 6.5f, 2}}, 32, 32, 32, 32, sigmas(1, 1.5));
        float[] both = new float[32 * 32];
        for (int i = 0; i < both.length; i++) {
            both[i] = Math.max(strong[0][i], 0.6f * weak[0][i]);
        }
        float[][] maps = {both};
        Keypoint whole = Heatmaps.decode(maps, 32, 32, null).get(0);
        assertThat(whole).isEqualTo(new Keypoint(20.5, 20.5, 1f));
        Keypoint inBox = Heatmaps.decode(maps, 32, 32, new Box(0, 0, 10, 10)).get(0);
        assertThat(inBox).isEqualTo(new Keypoint(5.5, 6.5, 0.6f));
        // A box reaching past the map is clipped to it; one entirely outside is an error.
        assertThat(Heatmaps.decode(maps, 32, 32, new Box(-5, -5, 15, 15)).get(0)).isEqualTo(inBox);
        assertThatThrownBy(() -> Heatmaps.decode(maps, 32, 32, new Box(40, 0, 5, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void keypointsAndBoxesMapBetweenHeatmapAndImage() {
        // A 64x64 heatmap of the image region (100, 50) + 128x256: heatmap x scales by 2, y by 4.
        List<Keypoint> image = Heatmaps.toImage(List.of(new Keypoint(10.5, 20.25, 0.8)), 64, 64, 100, 50, 128,
                256);
        assertThat(image).containsExactly(new Keypoint(121, 131, 0.8));
        Box box = Heatmaps.toHeatmap(new Box(120, 130, 20, 40), 64, 64, 100, 50, 128, 256);
        assertThat(box).isEqualTo(new Box(10, 20, 10, 10));
    }

    @Test
    void flippingMirrorsTheMapsAndSwapsThePairs() {
        int inputW = 96;
        int inputH = 64;
        int heatW = 24;
        int heatH = 16;
        float[][] kps = {{40.3f, 20.7f, 2}, {30.1f, 12.2f, 2}, {61.9f, 13.4f, 1}};
        double[] sigmas = sigmas(3, 1.2);
        float[][] maps = Heatmaps.targets(kps, inputW, inputH, heatW, heatH, sigmas);
        float[][] flipped = Heatmaps.flip(maps, heatW, heatH, EARS);

        // The maps of the flipped keypoints, made directly.
        float[][] direct = Heatmaps.targets(EARS.flipKeypoints(kps, inputW), inputW, inputH, heatW, heatH, sigmas);
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < flipped[p].length; i++) {
                assertThat(flipped[p][i]).isCloseTo(direct[p][i], within(1e-5f));
            }
        }
        // Cell by cell: the left ear's flipped map is the right ear's map mirrored.
        assertThat(flipped[1][3 * heatW + 0]).isEqualTo(maps[2][3 * heatW + heatW - 1]);
        assertThat(flipped[0][5 * heatW + 7]).isEqualTo(maps[0][5 * heatW + heatW - 1 - 7]);

        // Decoded, each part sits at the mirrored place of its partner, x -> heatW - x.
        List<Keypoint> before = Heatmaps.decode(maps, heatW, heatH, null);
        List<Keypoint> after = Heatmaps.decode(flipped, heatW, heatH, null);
        int[] partner = EARS.flipPermutation();
        for (int p = 0; p < 3; p++) {
            assertThat(after.get(p).x()).isCloseTo(heatW - before.get(partner[p]).x(), within(1e-9));
            assertThat(after.get(p).y()).isEqualTo(before.get(partner[p]).y());
            assertThat(after.get(p).confidence()).isEqualTo(before.get(partner[p]).confidence());
        }

        // Twice is the identity, exactly.
        assertThat(Heatmaps.flip(flipped, heatW, heatH, EARS)).isDeepEqualTo(maps);
        assertThat(maps[1]).isNotEqualTo(flipped[1]);
    }

    @Test
    void inputsAreChecked() {
        assertThatThrownBy(() -> Heatmaps.targets(new float[][] {{1, 2, 2}}, 8, 8, 4, 4, sigmas(2, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 keypoints but 2 sigmas");
        assertThatThrownBy(() -> Heatmaps.targets(new float[][] {{1, 2, 2}}, 8, 8, 0, 4, sigmas(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heatmap size");
        assertThatThrownBy(() -> Heatmaps.decode(new float[][] {new float[15]}, 4, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heatmap 0 has 15 values");
        assertThatThrownBy(() -> Heatmaps.flip(new float[][] {new float[16]}, 4, 4, EARS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 heatmaps for 3 parts");
        assertThatThrownBy(() -> new Box(0, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
