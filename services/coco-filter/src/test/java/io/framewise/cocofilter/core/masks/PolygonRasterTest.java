package io.framewise.cocofilter.core.masks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Polygons rasterized by hand with pycocotools' rule: pixel (x, y) covers [x, x+1) x [y, y+1) and is set when
 * its centre is inside the polygon snapped to a 1/5-pixel grid, even-odd. (These counts are also what the
 * C rleFrPoly returns for the same input.)
 */
class PolygonRasterTest {

    @Test
    void aSquareOnPixelCornersCoversThePixelsWhoseCentresItContains() {
        // corners 1 and 4: centres 1.5, 2.5, 3.5 inside on both axes, a 3x3 block at x, y = 1..3
        Rle rle = PolygonRaster.rasterize(new double[] {1, 1, 4, 1, 4, 4, 1, 4}, 6, 6);

        // column-major runs: column 0 and row 0 of column 1 background, then 3 on / 3 off three times
        assertThat(rle.counts()).containsExactly(7, 3, 3, 3, 3, 3, 14);
        assertThat(rle.isSet(1, 1)).isTrue();
        assertThat(rle.isSet(3, 3)).isTrue();
        assertThat(rle.isSet(4, 3)).isFalse();
    }

    @Test
    void aPixelWhoseCentreIsOutsideStaysOffEvenWhenMostlyCovered() {
        // 0.6..3.4 covers 80% of pixels 0 and 3, but their centres 0.5 and 3.5 are outside: a 2x2 block
        Rle rle = PolygonRaster.rasterize(new double[] {0.6, 0.6, 3.4, 0.6, 3.4, 3.4, 0.6, 3.4}, 6, 6);

        assertThat(rle.counts()).containsExactly(7, 2, 4, 2, 21);
    }

    @Test
    void aTriangleKeepsTheCentresBelowItsDiagonal() {
        // x + y < 4 at centres: column 0 rows 0-2, column 1 rows 0-1, column 2 row 0; (3.5, 0.5) is on the edge
        Rle rle = PolygonRaster.rasterize(new double[] {0, 0, 4, 0, 0, 4}, 5, 5);

        assertThat(rle.counts()).containsExactly(0, 3, 2, 2, 3, 1, 14);
    }

    @Test
    void aPolygonGoingRoundTwiceDrawsNothingBecauseTheFillIsEvenOdd() {
        double[] twice = {1, 1, 4, 1, 4, 4, 1, 4, 1, 1, 4, 1, 4, 4, 1, 4};

        assertThat(PolygonRaster.rasterize(twice, 6, 6).counts()).containsExactly(36);
    }

    @Test
    void verticesOutsideTheImageAreClipped() {
        Rle rle = PolygonRaster.rasterize(new double[] {-3, -3, 2, -3, 2, 9, -3, 9}, 4, 4);

        // columns 0 and 1 entirely
        assertThat(rle.counts()).containsExactly(0, 8, 8);
    }

    @Test
    void aBoxIsTheSquareOfItsCorners() {
        Rle rle = PolygonRaster.rasterizeBox(new double[] {1, 1, 3, 3}, 6, 6);

        assertThat(rle.counts()).containsExactly(7, 3, 3, 3, 3, 3, 14);
    }
}
