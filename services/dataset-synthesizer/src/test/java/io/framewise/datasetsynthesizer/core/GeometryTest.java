package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeometryTest {

    @Test
    void iouOfOverlappingBoxes() {
        // intersection 5x5 = 25, union 100 + 100 - 25 = 175
        assertThat(new Box(0, 0, 10, 10).iou(new Box(5, 5, 15, 15))).isCloseTo(25.0 / 175, within(1e-12));
        assertThat(new Box(0, 0, 10, 10).iou(new Box(0, 0, 10, 10))).isEqualTo(1.0);
        assertThat(new Box(0, 0, 10, 10).iou(new Box(20, 20, 30, 30))).isZero();
    }

    @Test
    void bucketsRunFromPointTwoToOneInStepsOfPointZeroFive() {
        assertThat(IouBuckets.target(0)).isEqualTo(0.20);
        assertThat(IouBuckets.target(IouBuckets.COUNT - 1)).isEqualTo(1.00);
        assertThat(IouBuckets.of(0.43)).isEqualTo(5);
        assertThat(IouBuckets.of(0.45)).isEqualTo(5);
    }

    @Test
    void iouCropFindsACropInEveryBucketForACentredTemplate() {
        Size image = new Size(224, 224);
        Box paste = new Box(90, 80, 130, 150);
        for (int bucket = 0; bucket < IouBuckets.COUNT; bucket++) {
            double target = IouBuckets.target(bucket);
            Box crop = IouCrop.search(image, paste, target, new SplittableRandom(bucket), 40_000).orElseThrow();
            assertThat(crop.iou(paste)).isGreaterThan(target - 0.05).isLessThanOrEqualTo(target);
        }
    }

    @Test
    void lanczosShrinkOfAUniformImageStaysUniformAndTransparentPixelsDoNotBleed() {
        RgbaImage half = new RgbaImage(2, 1, new int[] {0xffff0000, 0x0000ff00});
        RgbaImage shrunk = LanczosResize.resize(Fixtures.uniform(40, 30, 0xff336699), new Size(7, 5));
        assertThat(shrunk.pixels()).containsOnly(0xff336699);
        int merged = LanczosResize.resize(half, new Size(1, 1)).argb(0, 0);
        assertThat(merged & 0x0000ffff).as("no green from the transparent pixel").isZero();
        assertThat(merged >> 16 & 0xff).as("red from the opaque pixel").isGreaterThan(250);
    }

    @Test
    void baseBoxesAreReadAsWidthAndHeightFromTopLeftBottomRight() throws IOException {
        String json = "[{\"bounding_boxes\": [[10, 20, 40, 70], [0, 0, 5, 0], [1, 1, 31, 51]]}]";
        assertThat(BaseBoxes.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(new Size(50, 30));
    }
}
