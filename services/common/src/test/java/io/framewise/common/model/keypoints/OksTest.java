package io.framewise.common.model.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OksTest {

    private static final double[] SIGMAS = {0.25, 0.1, 0.5};

    @Test
    void identicalPointsGiveOne() {
        float[] gt = {10, 10, 2, 20, 20, 1, 30, 30, 2};
        float[] dt = {10, 10, 20, 20, 30, 30};
        assertThat(Oks.oks(gt, dt, 50, SIGMAS)).isEqualTo(1.0);
        assertThat(Oks.oks(gt, dt, 0, SIGMAS)).isEqualTo(1.0);
    }

    @Test
    void aKnownOffsetGivesTheHandComputedValueAndUnlabelledPartsAreIgnored() {
        // Part 0 (sigma 0.25, vars = (2 * 0.25)^2 = 0.25) is off by (3, 4): d^2 = 25,
        // e = 25 / 0.25 / 50 / 2 = 1, exp(-1) = 0.36787944117144233.
        // Part 1 (occluded, v = 1, still labelled) is exact: exp(0) = 1.
        // Part 2 (v = 0) is far off but not labelled, so it does not count.
        // OKS = (0.36787944117144233 + 1) / 2 = 0.6839397205857212.
        float[] gt = {10, 10, 2, 20, 20, 1, 30, 30, 0};
        float[] dt = {13, 14, 20, 20, 300, -300};
        assertThat(Oks.oks(gt, dt, 50, SIGMAS)).isCloseTo(0.6839397205857212, within(1e-12));
        // The box plays no part when some keypoint is labelled.
        assertThat(Oks.oks(gt, dt, 50, SIGMAS, new float[] {0, 0, 1, 1})).isCloseTo(0.6839397205857212,
                within(1e-12));
    }

    @Test
    void aSmallerAreaMakesTheSameOffsetCostMore() {
        // One part, sigma 0.25, offset (1, 0): e = 1 / 0.25 / 8 / 2 = 0.25 at area 8, 0.125 at area 16.
        float[] gt = {5, 5, 2};
        float[] dt = {6, 5};
        assertThat(Oks.oks(gt, dt, 16, new double[] {0.25})).isCloseTo(Math.exp(-0.125), within(1e-12));
        assertThat(Oks.oks(gt, dt, 8, new double[] {0.25})).isCloseTo(Math.exp(-0.25), within(1e-12));
    }

    @Test
    void withoutLabelledPartsTheDistanceToTheEnlargedBoxCounts() {
        // Box (10, 20, 30, 40): pycocotools' region is x in [10 - 30, 10 + 2 * 30] = [-20, 70],
        // y in [20 - 40, 20 + 2 * 40] = [-20, 100]. Sigma 0.25 everywhere (vars 0.25), area 250.
        // Part 0 at (-10, 90): outside the box but inside the region, distance 0, exp(0) = 1.
        // Part 1 at (75, 110): dx = 5, dy = 10, d^2 = 125, e = 125 / 0.25 / 250 / 2 = 1, exp(-1).
        // Part 2 at (-23, -24): dx = 3, dy = 4, d^2 = 25, e = 25 / 0.25 / 250 / 2 = 0.2, exp(-0.2).
        // All parts count: OKS = (1 + 0.36787944117144233 + 0.8187307530779818) / 3 = 0.728870064749808.
        float[] gt = {1, 2, 0, 3, 4, 0, 5, 6, 0};
        float[] dt = {-10, 90, 75, 110, -23, -24};
        double[] sigmas = {0.25, 0.25, 0.25};
        float[] box = {10, 20, 30, 40};
        assertThat(Oks.oks(gt, dt, 250, sigmas, box)).isCloseTo(0.728870064749808, within(1e-12));
        assertThat(Oks.oks(gt, new float[] {10, 20, 0, 0, 40, 60}, 250, sigmas, box)).isEqualTo(1.0);
    }

    @Test
    void withoutLabelledPartsTheBoxIsRequired() {
        assertThatThrownBy(() -> Oks.oks(new float[] {1, 2, 0}, new float[] {1, 2}, 10, new double[] {0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no labelled keypoint");
    }

    @Test
    void sizesAreChecked() {
        assertThatThrownBy(() -> Oks.oks(new float[] {1, 2, 2}, new float[] {1, 2, 2}, 10, new double[] {0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detection has 3 values");
        assertThatThrownBy(() -> Oks.oks(new float[] {1, 2}, new float[] {1, 2}, 10, new double[] {0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ground truth has 2 values");
        assertThatThrownBy(() -> Oks.oks(new float[] {1, 2, 0}, new float[] {1, 2}, 10, new double[] {0.1},
                new float[] {1, 2})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("box");
        assertThatThrownBy(() -> Oks.oks(new float[] {1, 2, 2}, new float[] {1, 2}, -1, new double[] {0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("area");
    }
}
