package io.framewise.evaluator.core.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IouTest {

    @Test
    void overlapIsIntersectionOverUnion() {
        BoundingBox a = new BoundingBox(0, 0, 25, 25);
        BoundingBox b = new BoundingBox(0, 0, 25, 18);

        assertThat(a.iou(b)).isEqualTo(450.0 / 625.0);
        assertThat(new BoundingBox(0, 0, 10, 10).iou(new BoundingBox(5, 0, 10, 10)))
                .isCloseTo(50.0 / 150.0, within(1e-15));
    }

    @Test
    void disjointAndTouchingBoxesDoNotOverlap() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);

        assertThat(a.iou(new BoundingBox(20, 20, 5, 5))).isZero();
        assertThat(a.iou(new BoundingBox(10, 0, 10, 10))).isZero();
    }

    @Test
    void aCrowdRegionIsMeasuredAgainstTheDetectionAreaOnly() {
        BoundingBox crowd = new BoundingBox(0, 0, 100, 100);
        BoundingBox inside = new BoundingBox(10, 10, 20, 20);
        BoundingBox halfOut = new BoundingBox(90, 0, 20, 10);

        assertThat(Iou.of(inside, crowd, true)).isEqualTo(1.0);
        assertThat(Iou.of(inside, crowd, false)).isEqualTo(0.04);
        assertThat(Iou.of(halfOut, crowd, true)).isEqualTo(0.5);
    }
}
