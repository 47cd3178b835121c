package io.framewise.common.model.keypoints;

/**
 * Object keypoint similarity between one ground truth and one detection, as pycocotools computes it
 * ({@code COCOeval.computeOks}).
 *
 * <p>With {@code vars = (2σ)²} per part and {@code d} the distance between detected and true keypoint,
 * {@code e = d² / vars / (area + ε) / 2} ({@code ε} = {@code np.spacing(1)} = 2.22e-16) and OKS is the mean of
 * {@code exp(-e)} over the ground truth's labelled parts ({@code v > 0}; occluded ones count). When the ground truth
 * has no labelled part at all, pycocotools instead measures, for every part, how far the detected point lies outside
 * the ground-truth box enlarged to {@code [x - w, x + 2w] x [y - h, y + 2h]} (zero inside it) and averages over all
 * parts.
 */
public final class Oks {

    /** {@code np.spacing(1)}, added to the area. */
    public static final double EPS = Math.ulp(1.0);

    private Oks() {
    }

    /**
     * OKS of a ground truth with at least one labelled part.
     *
     * @param gtXYV ground truth, {@code x, y, v} per part (COCO's {@code keypoints})
     * @param dtXY detection, {@code x, y} per part
     * @param area the ground truth's area (COCO's {@code area})
     * @param sigmas per-part sigmas ({@code kpt_oks_sigmas})
     * @throws IllegalArgumentException when no part of the ground truth is labelled: that case needs the box
     */
    public static double oks(float[] gtXYV, float[] dtXY, double area, double[] sigmas) {
        check(gtXYV, dtXY, area, sigmas);
        if (labelled(gtXYV) == 0) {
            throw new IllegalArgumentException("the ground truth has no labelled keypoint (all v = 0); its OKS "
                    + "needs the ground-truth box: use oks(gtXYV, dtXY, area, sigmas, gtBox)");
        }
        return labelledOks(gtXYV, dtXY, area, sigmas);
    }

    /**
     * OKS as pycocotools computes it, including its case of a ground truth without labelled parts, which uses the
     * box; with labelled parts the box is not used.
     *
     * @param gtBox the ground truth's box, {@code x, y, w, h} (COCO's {@code bbox})
     */
    public static double oks(float[] gtXYV, float[] dtXY, double area, double[] sigmas, float[] gtBox) {
        check(gtXYV, dtXY, area, sigmas);
        if (gtBox == null || gtBox.length != 4) {
            throw new IllegalArgumentException("the ground-truth box is x, y, w, h (4 values)");
        }
        if (labelled(gtXYV) > 0) {
            return labelledOks(gtXYV, dtXY, area, sigmas);
        }
        double x0 = (double) gtBox[0] - gtBox[2];
        double x1 = (double) gtBox[0] + gtBox[2] * 2.0;
        double y0 = (double) gtBox[1] - gtBox[3];
        double y1 = (double) gtBox[1] + gtBox[3] * 2.0;
        double sum = 0;
        for (int i = 0; i < sigmas.length; i++) {
            double xd = dtXY[2 * i];
            double yd = dtXY[2 * i + 1];
            double dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
            double dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
            sum += Math.exp(-e(dx, dy, sigmas[i], area));
        }
        return sum / sigmas.length;
    }

    private static double labelledOks(float[] gt, float[] dt, double area, double[] sigmas) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < sigmas.length; i++) {
            if (gt[3 * i + 2] > 0) {
                double dx = (double) dt[2 * i] - gt[3 * i];
                double dy = (double) dt[2 * i + 1] - gt[3 * i + 1];
                sum += Math.exp(-e(dx, dy, sigmas[i], area));
                n++;
            }
        }
        return sum / n;
    }

    private static double e(double dx, double dy, double sigma, double area) {
        double vars = (sigma * 2) * (sigma * 2);
        return (dx * dx + dy * dy) / vars / (area + EPS) / 2;
    }

    private static int labelled(float[] gtXYV) {
        int n = 0;
        for (int i = 2; i < gtXYV.length; i += 3) {
            if (gtXYV[i] > 0) {
                n++;
            }
        }
        return n;
    }

    private static void check(float[] gt, float[] dt, double area, double[] sigmas) {
        if (sigmas == null || sigmas.length == 0) {
            throw new IllegalArgumentException("OKS needs one sigma per part");
        }
        if (gt == null || gt.length != 3 * sigmas.length) {
            throw new IllegalArgumentException("the ground truth has " + (gt == null ? 0 : gt.length)
                    + " values, expected x, y, v for " + sigmas.length + " parts = " + 3 * sigmas.length);
        }
        if (dt == null || dt.length != 2 * sigmas.length) {
            throw new IllegalArgumentException("the detection has " + (dt == null ? 0 : dt.length)
                    + " values, expected x, y for " + sigmas.length + " parts = " + 2 * sigmas.length);
        }
        if (!(area >= 0) || Double.isInfinite(area)) {
            throw new IllegalArgumentException("the ground-truth area must be finite and not negative, was " + area);
        }
    }
}
