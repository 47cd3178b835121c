package io.framewise.common.model.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.model.keypoints.KeypointSpec.Pair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeypointSpecTest {

    private static final List<String> MOUSE = List.of("nose", "left_ear", "right_ear", "neck", "left_hip",
            "right_hip", "tail");
    private static final double[] MOUSE_SIGMAS = {0.03, 0.04, 0.04, 0.05, 0.06, 0.06, 0.07};

    private static KeypointSpec mouse(List<Pair> pairs, List<Pair> skeleton) {
        return new KeypointSpec(MOUSE, pairs, MOUSE_SIGMAS, skeleton);
    }

    private static void rejected(Runnable make, String... messageParts) {
        assertThatThrownBy(make::run).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void theCocoPersonPartsGetTheCocoSigmasByDefault() {
        KeypointSpec coco = KeypointSpec.cocoPerson();
        assertThat(coco.sigmas()).containsExactly(KeypointSpec.COCO_PERSON_SIGMAS);
        assertThat(coco.sigmas()[0]).isEqualTo(0.026);
        assertThat(coco.skeleton()).hasSize(19);
        assertThat(coco.flipPermutation()).containsExactly(0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15);
        assertThat(new KeypointSpec(KeypointSpec.COCO_PERSON_PARTS, List.of()).sigmas())
                .containsExactly(KeypointSpec.COCO_PERSON_SIGMAS);
        assertThat(coco).isEqualTo(KeypointSpec.cocoPerson()).hasSameHashCodeAs(KeypointSpec.cocoPerson());
    }

    @Test
    void otherPartsNeedSigmas() {
        rejected(() -> new KeypointSpec(MOUSE, List.of()), "sigmas are required", "7 values");
        rejected(() -> new KeypointSpec(KeypointSpec.COCO_PERSON_PARTS.subList(0, 5), List.of()),
                "sigmas are required");
        rejected(() -> new KeypointSpec(MOUSE, null, new double[] {0.1, 0.2}, null), "2 OKS sigmas for 7 parts");
        double[] zero = MOUSE_SIGMAS.clone();
        zero[2] = 0;
        rejected(() -> new KeypointSpec(MOUSE, null, zero, null), "'right_ear' (index 2)", "positive", "was 0.0");
        double[] nan = MOUSE_SIGMAS.clone();
        nan[6] = Double.NaN;
        rejected(() -> new KeypointSpec(MOUSE, null, nan, null), "'tail' (index 6)");
    }

    @Test
    void sigmasAreCopied() {
        double[] sigmas = MOUSE_SIGMAS.clone();
        KeypointSpec spec = new KeypointSpec(MOUSE, null, sigmas, null);
        sigmas[0] = 9;
        spec.sigmas()[1] = 9;
        assertThat(spec.sigmas()).containsExactly(MOUSE_SIGMAS);
        assertThat(spec.flipPairs()).isEmpty();
        assertThat(spec.skeleton()).isEmpty();
        assertThat(spec.flipPermutation()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void partNamesMustBePresentUniqueAndNonBlank() {
        rejected(() -> new KeypointSpec(List.of(), null, new double[0], null), "at least one part");
        rejected(() -> new KeypointSpec(null, null, new double[0], null), "at least one part");
        rejected(() -> new KeypointSpec(List.of("a", "b", "a"), null, new double[] {1, 1, 1}, null),
                "'a' is part 0 and part 2");
        rejected(() -> new KeypointSpec(List.of("a", " ", "c"), null, new double[] {1, 1, 1}, null),
                "part 1 is blank");
        rejected(() -> new KeypointSpec(Arrays.asList("a", null), null, new double[] {1, 1}, null),
                "part 1 is blank");
    }

    @Test
    void flipPairsAreValidated() {
        rejected(() -> mouse(List.of(new Pair(1, 2), new Pair(4, 7)), null), "flip pair 1 (4, 7)", "index 7",
                "0..6");
        rejected(() -> mouse(List.of(new Pair(-1, 2)), null), "flip pair 0 (-1, 2)", "index -1");
        rejected(() -> mouse(List.of(new Pair(3, 3)), null), "flip pair 0 (3, 3)", "'neck' with itself");
        rejected(() -> mouse(List.of(new Pair(1, 2), new Pair(4, 5), new Pair(2, 6)), null),
                "'right_ear' (index 2)", "flip pair 0", "flip pair 2 (2, 6)", "at most one pair");
        rejected(() -> mouse(Arrays.asList(new Pair(1, 2), null), null), "flip pair 1 is missing");
    }

    @Test
    void theFlipPermutationSwapsThePairs() {
        KeypointSpec spec = mouse(List.of(new Pair(1, 2), new Pair(5, 4)), null);
        int[] p = spec.flipPermutation();
        assertThat(p).containsExactly(0, 2, 1, 3, 5, 4, 6);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[p[i]]).isEqualTo(i);
        }
    }

    @Test
    void flippingKeypointsMirrorsXAndSwapsThePairs() {
        KeypointSpec spec = mouse(List.of(new Pair(1, 2), new Pair(4, 5)), null);
        float[][] kps = {{10, 1, 2}, {20, 2, 2}, {30, 3, 1}, {40, 4, 2}, {50, 5, 0}, {60, 6, 2}, {70, 7, 2}};
        float[][] flipped = spec.flipKeypoints(kps, 100);
        assertThat(flipped).isDeepEqualTo(new float[][] {{90, 1, 2}, {70, 3, 1}, {80, 2, 2}, {60, 4, 2},
                {40, 6, 2}, {50, 5, 0}, {30, 7, 2}});
        assertThat(spec.flipKeypoints(flipped, 100)).isDeepEqualTo(kps);
        assertThat(kps[0][0]).isEqualTo(10f);
    }

    @Test
    void theSkeletonIsValidated() {
        rejected(() -> mouse(null, List.of(new Pair(0, 3), new Pair(3, 9))), "bone 1 (3, 9)", "index 9");
        rejected(() -> mouse(null, List.of(new Pair(0, 3), new Pair(6, 6))), "bone 1 (6, 6)", "'tail' to itself");
        rejected(() -> mouse(null, List.of(new Pair(0, 3), new Pair(3, 6), new Pair(3, 0))), "bone 2 (3, 0)",
                "repeats bone 0", "'neck' and 'nose'");
        rejected(() -> mouse(null, Arrays.asList(new Pair(0, 3), null)), "bone 1 of the skeleton is missing");
        assertThat(mouse(null, List.of(new Pair(0, 3), new Pair(3, 6))).skeleton())
                .containsExactly(new Pair(0, 3), new Pair(3, 6));
    }
}
