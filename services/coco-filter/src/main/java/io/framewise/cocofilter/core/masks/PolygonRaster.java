package io.framewise.cocofilter.core.masks;

import java.util.Arrays;

/**
 * Polygon to RLE by pycocotools' own rule ({@code rleFrPoly}), so our masks agree with pycocotools pixel for
 * pixel rather than with a textbook scanline fill.
 *
 * <p>In short: pixel (x, y) covers [x, x+1) x [y, y+1) and is set when its centre is inside the polygon by the
 * even-odd rule, the polygon being first snapped to a 1/5-pixel grid. In detail: vertices are scaled by 5 and
 * rounded ({@code (int)(5v + 0.5)}); the closed outline is walked point by point on that grid (one step per
 * unit of the edge's longer axis, the other coordinate rounded); wherever the outline steps from fine column
 * 5i+2 to 5i+3 (either way), pixel column i gets a boundary at row {@code ceil((v + 0.5)/5 - 0.5)} clamped to
 * [0, height], v being the lower fine y of the step. Each column flips between outside and inside at its
 * boundaries, and two boundaries at the same place cancel, so a polygon that goes round twice draws nothing.
 * The polygons of one annotation are unioned (pycocotools merges them), which painting them one after the
 * other does.
 */
public final class PolygonRaster {

    private static final double SCALE = 5;

    private PolygonRaster() {
    }

    /** @param xy x0, y0, x1, y1, ... in pixels; an odd trailing value is ignored, as pycocotools does */
    public static Rle rasterize(double[] xy, int height, int width) {
        int k = xy.length / 2;
        if (k == 0 || height <= 0 || width <= 0) {
            return new Rle(height, width, new int[] {height * width});
        }
        int[][] outline = outline(xy, k);
        long[] boundaries = boundaries(outline[0], outline[1], height, width);
        return new Rle(height, width, runs(boundaries));
    }

    /** pycocotools' {@code rleFrBbox}: the box [x, y, w, h] as the polygon of its four corners. */
    public static Rle rasterizeBox(double[] box, int height, int width) {
        double xs = box[0];
        double ys = box[1];
        double xe = xs + box[2];
        double ye = ys + box[3];
        return rasterize(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, height, width);
    }

    /** Every point of the closed outline on the 5x grid: {u, v}. */
    private static int[][] outline(double[] xy, int k) {
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (SCALE * xy[2 * j] + .5);
            y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        int m = 0;
        for (int j = 0; j < k; j++) {
            m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
        }
        int[] u = new int[m];
        int[] v = new int[m];
        m = 0;
        for (int j = 0; j < k; j++) {
            m = walkEdge(x[j], y[j], x[j + 1], y[j + 1], u, v, m);
        }
        return new int[][] {u, v};
    }

    /**
     * One edge, walked from the end with the smaller major coordinate (so an edge rounds the same whichever
     * way the polygon runs) but stored in the edge's own direction.
     */
    private static int walkEdge(int xs, int ys, int xe, int ye, int[] u, int[] v, int m) {
        int dx = Math.abs(xe - xs);
        int dy = Math.abs(ys - ye);
        boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
        if (flip) {
            int t = xs;
            xs = xe;
            xe = t;
            t = ys;
            ys = ye;
            ye = t;
        }
        double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
        if (dx >= dy) {
            for (int d = 0; d <= dx; d++) {
                int t = flip ? dx - d : d;
                u[m] = t + xs;
                v[m] = (int) (ys + s * t + .5);
                m++;
            }
        } else {
            for (int d = 0; d <= dy; d++) {
                int t = flip ? dy - d : d;
                v[m] = t + ys;
                u[m] = (int) (xs + s * t + .5);
                m++;
            }
        }
        return m;
    }

    /** Column-major positions where a column flips between outside and inside, plus the end, sorted. */
    private static long[] boundaries(int[] u, int[] v, int height, int width) {
        long[] a = new long[u.length + 1];
        int n = 0;
        for (int j = 1; j < u.length; j++) {
            if (u[j] == u[j - 1]) {
                continue;
            }
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / SCALE - .5;
            if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
                continue;
            }
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / SCALE - .5;
            yd = Math.ceil(Math.min(Math.max(yd, 0), height));
            a[n++] = ((int) xd * height + (int) yd) & 0xFFFFFFFFL;
        }
        a[n++] = ((long) height * width) & 0xFFFFFFFFL;
        return Arrays.copyOf(a, n);
    }

    /** Sorted boundaries to run lengths; a zero-length run merges its neighbours, so equal boundaries cancel. */
    private static int[] runs(long[] a) {
        Arrays.sort(a);
        long previous = 0;
        for (int j = 0; j < a.length; j++) {
            long t = a[j];
            a[j] = (a[j] - previous) & 0xFFFFFFFFL;
            previous = t;
        }
        int[] b = new int[a.length];
        int m = 0;
        int j = 0;
        b[m++] = (int) a[j++];
        while (j < a.length) {
            if (a[j] > 0) {
                b[m++] = (int) a[j++];
            } else {
                j++;
                if (j < a.length) {
                    b[m - 1] += (int) a[j++];
                }
            }
        }
        return Arrays.copyOf(b, m);
    }
}
