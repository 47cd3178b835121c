package io.framewise.common.model.keypoints;

import java.util.ArrayList;
import java.util.List;

/**
 * Gaussian heatmap targets for keypoint training, their decoding back to keypoints, and their horizontal flip.
 *
 * <p><b>Coordinates</b> are continuous and follow the pixel-centre convention throughout: pixel (column {@code i},
 * row {@code j}) covers {@code [i, i+1) x [j, j+1)} and its centre is {@code (i + 0.5, j + 0.5)}; an image
 * {@code W} pixels wide spans {@code [0, W]}. So a point moves between input and heatmap by a plain scale
 * ({@code x * heatW / inputW}), a heatmap cell stands for its centre, and a horizontal flip maps {@code x} to
 * {@code W - x} (column {@code i} to {@code W - 1 - i}).
 *
 * <p>A heatmap set is {@code float[parts][heatH * heatW]}, each map row-major (index {@code row * heatW + column}).
 */
public final class Heatmaps {

    /** A box in heatmap pixels, {@code (x, y)} its top-left corner. */
    public record Box(double x, double y, double w, double h) {

        public Box {
            if (!(w > 0) || !(h > 0) || !Double.isFinite(x) || !Double.isFinite(y) || Double.isInfinite(w)
                    || Double.isInfinite(h)) {
                throw new IllegalArgumentException("a box needs a finite position and a positive size, was (" + x
                        + ", " + y + ", " + w + ", " + h + ")");
            }
        }
    }

    private Heatmaps() {
    }

    /**
     * Gaussian targets: for each part with {@code v > 0}, {@code exp(-d² / (2σ²))} sampled at the heatmap cell
     * centres, {@code d} the distance to the keypoint scaled into heatmap coordinates and {@code σ} the part's
     * sigma in heatmap pixels. The Gaussian is centred on the exact (sub-pixel) keypoint, where it is 1.0; the
     * largest sampled value is 1.0 when the keypoint falls on a cell centre and a little less otherwise, and the
     * cell holding it is the one containing the keypoint. Parts with {@code v == 0} (outside the image, or not
     * labelled; like pycocotools, anything but {@code v > 0}) get an all-zero map. A labelled keypoint outside the
     * input still contributes the tail of its Gaussian.
     *
     * @param keypoints per part {@code x, y, v} in input pixels
     * @param sigmasInHeatmapPixels per part Gaussian standard deviation, in heatmap pixels
     * @return {@code float[parts][heatH * heatW]}
     */
    public static float[][] targets(float[][] keypoints, int inputW, int inputH, int heatW, int heatH,
            double[] sigmasInHeatmapPixels) {
        checkSize("input", inputW, inputH);
        checkSize("heatmap", heatW, heatH);
        if (keypoints.length != sigmasInHeatmapPixels.length) {
            throw new IllegalArgumentException(keypoints.length + " keypoints but " + sigmasInHeatmapPixels.length
                    + " sigmas; give one sigma per part");
        }
        double scaleX = (double) heatW / inputW;
        double scaleY = (double) heatH / inputH;
        float[][] maps = new float[keypoints.length][heatH * heatW];
        double[] gx = new double[heatW];
        double[] gy = new double[heatH];
        for (int p = 0; p < keypoints.length; p++) {
            float[] k = keypoints[p];
            if (k == null || k.length < 3) {
                throw new IllegalArgumentException("keypoint " + p + " needs x, y and v");
            }
            if (!(k[2] > 0)) { // v == 0: outside the image or not labelled (v <= 0 as pycocotools)
                continue;
            }
            double sigma = sigmasInHeatmapPixels[p];
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("the sigma of part " + p + " must be positive and finite, was "
                        + sigma);
            }
            if (!Float.isFinite(k[0]) || !Float.isFinite(k[1])) {
                throw new IllegalArgumentException("keypoint " + p + " is labelled (v = " + k[2]
                        + ") but its position is (" + k[0] + ", " + k[1] + ")");
            }
            double cx = k[0] * scaleX;
            double cy = k[1] * scaleY;
            double twoSigma2 = 2 * sigma * sigma;
            // exp(-(dx² + dy²) / 2σ²) = exp(-dx² / 2σ²) * exp(-dy² / 2σ²): H + W exponentials per part.
            for (int c = 0; c < heatW; c++) {
                double d = c + 0.5 - cx;
                gx[c] = Math.exp(-d * d / twoSigma2);
            }
            for (int r = 0; r < heatH; r++) {
                double d = r + 0.5 - cy;
                gy[r] = Math.exp(-d * d / twoSigma2);
            }
            float[] map = maps[p];
            for (int r = 0; r < heatH; r++) {
                int row = r * heatW;
                for (int c = 0; c < heatW; c++) {
                    map[row + c] = (float) (gy[r] * gx[c]);
                }
            }
        }
        return maps;
    }

    /**
     * Decodes each map to its maximum, searched inside {@code box} only (every cell the box overlaps, clipped to
     * the map) or over the whole map when {@code box} is null. As in the original stacked hourglass code the
     * position is then moved a quarter pixel toward the higher of the two neighbours, on each axis separately
     * (not moved when they are equal, or when a neighbour lies outside the searched region). Ties go to the first
     * cell in row-major order.
     *
     * @return per part the keypoint in heatmap coordinates (a cell's centre is {@code i + 0.5}) with the maximum
     *         value as confidence
     */
    public static List<Keypoint> decode(float[][] heatmaps, int heatW, int heatH, Box box) {
        checkSize("heatmap", heatW, heatH);
        int c0 = 0;
        int r0 = 0;
        int c1 = heatW - 1;
        int r1 = heatH - 1;
        if (box != null) {
            c0 = Math.max(c0, (int) Math.floor(box.x()));
            r0 = Math.max(r0, (int) Math.floor(box.y()));
            c1 = Math.min(c1, (int) Math.ceil(box.x() + box.w()) - 1);
            r1 = Math.min(r1, (int) Math.ceil(box.y() + box.h()) - 1);
            if (c0 > c1 || r0 > r1) {
                throw new IllegalArgumentException(box + " lies outside the " + heatW + "x" + heatH + " heatmap");
            }
        }
        List<Keypoint> keypoints = new ArrayList<>(heatmaps.length);
        for (int p = 0; p < heatmaps.length; p++) {
            float[] map = heatmaps[p];
            checkMap(p, map, heatW, heatH);
            int bestR = r0;
            int bestC = c0;
            float best = Float.NEGATIVE_INFINITY;
            for (int r = r0; r <= r1; r++) {
                int row = r * heatW;
                for (int c = c0; c <= c1; c++) {
                    if (map[row + c] > best) {
                        best = map[row + c];
                        bestR = r;
                        bestC = c;
                    }
                }
            }
            if (best == Float.NEGATIVE_INFINITY) { // every value NaN or -inf: keep the first cell
                best = map[bestR * heatW + bestC];
            }
            double x = bestC + 0.5;
            double y = bestR + 0.5;
            if (bestC > c0 && bestC < c1) {
                x += 0.25 * Math.signum(map[bestR * heatW + bestC + 1] - map[bestR * heatW + bestC - 1]);
            }
            if (bestR > r0 && bestR < r1) {
                y += 0.25 * Math.signum(map[(bestR + 1) * heatW + bestC] - map[(bestR - 1) * heatW + bestC]);
            }
            keypoints.add(new Keypoint(x, y, best));
        }
        return keypoints;
    }

    /**
     * Maps keypoints from heatmap coordinates to image coordinates, for a network input that was the image region
     * {@code (regionX, regionY, regionW, regionH)} resized (the whole input: {@code 0, 0, inputW, inputH}).
     * Confidences are kept.
     */
    public static List<Keypoint> toImage(List<Keypoint> keypoints, int heatW, int heatH, double regionX,
            double regionY, double regionW, double regionH) {
        checkSize("heatmap", heatW, heatH);
        double sx = regionW / heatW;
        double sy = regionH / heatH;
        List<Keypoint> mapped = new ArrayList<>(keypoints.size());
        for (Keypoint k : keypoints) {
            mapped.add(new Keypoint(regionX + k.x() * sx, regionY + k.y() * sy, k.confidence()));
        }
        return mapped;
    }

    /**
     * The heatmap-pixel box of an image box, for a network input that was the image region
     * {@code (regionX, regionY, regionW, regionH)} resized: the inverse of {@link #toImage}.
     */
    public static Box toHeatmap(Box imageBox, int heatW, int heatH, double regionX, double regionY, double regionW,
            double regionH) {
        checkSize("heatmap", heatW, heatH);
        double sx = heatW / regionW;
        double sy = heatH / regionH;
        return new Box((imageBox.x() - regionX) * sx, (imageBox.y() - regionY) * sy, imageBox.w() * sx,
                imageBox.h() * sy);
    }

    /**
     * Heatmaps of the horizontally flipped input: each map mirrored left to right, and the maps of paired parts
     * swapped ({@link KeypointSpec#flipPermutation()}). Flipping twice gives the maps back.
     */
    public static float[][] flip(float[][] heatmaps, int heatW, int heatH, KeypointSpec spec) {
        checkSize("heatmap", heatW, heatH);
        if (heatmaps.length != spec.size()) {
            throw new IllegalArgumentException(heatmaps.length + " heatmaps for " + spec.size() + " parts");
        }
        int[] from = spec.flipPermutation();
        float[][] flipped = new float[heatmaps.length][];
        for (int p = 0; p < heatmaps.length; p++) {
            float[] source = heatmaps[from[p]];
            checkMap(from[p], source, heatW, heatH);
            float[] map = new float[heatW * heatH];
            for (int r = 0; r < heatH; r++) {
                int row = r * heatW;
                for (int c = 0; c < heatW; c++) {
                    map[row + c] = source[row + heatW - 1 - c];
                }
            }
            flipped[p] = map;
        }
        return flipped;
    }

    private static void checkSize(String what, int w, int h) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("the " + what + " size must be positive, was " + w + "x" + h);
        }
    }

    private static void checkMap(int part, float[] map, int heatW, int heatH) {
        if (map == null || map.length != heatW * heatH) {
            throw new IllegalArgumentException("heatmap " + part + " has " + (map == null ? 0 : map.length)
                    + " values, expected " + heatW + "x" + heatH + " = " + heatW * heatH);
        }
    }
}
