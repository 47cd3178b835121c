package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplatePasteTest {

    private static final int ORANGE = 0xffc86400; // (200, 100, 0), opaque

    @Test
    void templateAlphaDecidesHowMuchOfTheBackgroundShowsThrough() {
        // A 4x4 opaque background and a 2x2 blue template at (1, 1) with alpha 0, 128, 255 and 64.
        RgbaImage background = Fixtures.uniform(4, 4, ORANGE);
        RgbaImage template = new RgbaImage(2, 2, new int[] {0x000000ff, 0x800000ff, 0xff0000ff, 0x400000ff});

        RgbaImage out = TemplatePaste.over(background, template, 1, 1);

        // alpha 0: background untouched; alpha 255: template replaces it
        assertThat(out.argb(1, 1)).isEqualTo(ORANGE);
        assertThat(out.argb(1, 2)).isEqualTo(0xff0000ff);
        // alpha 128/255 = 0.502: r = 200 * 0.498 = 99.6, g = 100 * 0.498 = 49.8, b = 255 * 0.502 = 128
        assertThat(out.argb(2, 1)).isEqualTo(0xff000000 | 100 << 16 | 50 << 8 | 128);
        // alpha 64/255 = 0.251: r = 200 * 0.749 = 149.8, g = 100 * 0.749 = 74.9, b = 255 * 0.251 = 64
        assertThat(out.argb(2, 2)).isEqualTo(0xff000000 | 150 << 16 | 75 << 8 | 64);
        // outside the template nothing changes, and the result stays opaque
        assertThat(out.argb(0, 0)).isEqualTo(ORANGE);
        assertThat(out.argb(3, 3)).isEqualTo(ORANGE);
        assertThat(background.argb(2, 2)).as("the background itself is not modified").isEqualTo(ORANGE);
    }

    @Test
    void halfTransparentOverTransparentKeepsTheTemplateColourAndItsAlpha() {
        assertThat(TemplatePaste.over(0x80ff0000, 0x000000ff)).isEqualTo(0x80ff0000);
    }

    @Test
    void aTemplateReachingPastTheEdgeIsClipped() {
        RgbaImage out = TemplatePaste.over(Fixtures.uniform(4, 4, ORANGE), Fixtures.uniform(3, 3, 0xff00ff00), 2, 2);
        assertThat(out.argb(3, 3)).isEqualTo(0xff00ff00);
        assertThat(out.argb(1, 1)).isEqualTo(ORANGE);
    }
}
