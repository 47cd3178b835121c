package io.framewise.evaluator.core.gaze;

/**
 * The per-sample gaze measures of the official VideoAttentionTarget evaluation
 * ({@code eval_on_videoatttarget.py} and {@code utils/evaluation.py}, {@code utils/imutils.py} of
 * ejcgt/attention-target-detection, read at its published head; environment: torch 0.4.1, numpy 1.15,
 * scipy 1.1.0, Pillow 5.2.0, scikit-learn 0.20.0).
 *
 * <p>What the official code does, for each head whose gaze is in the frame (and only those):
 * <ul>
 *   <li>Ground truth for the AUC: NOT a single hot cell (that is {@code multi_hot_targets}, used only by the
 *       GazeFollow evaluation) but {@code draw_labelmap(zeros(64, 64), [x * 64, y * 64], 3, 'Gaussian')}
 *       thresholded at {@code > 0}: a Gaussian of sigma 3 drawn on a 19x19 window, every value of which is
 *       positive, so the binary map is that window clipped to the map. With {@code px = x * 64},
 *       {@code py = y * 64} in float32 (the gaze is a FloatTensor) and Python's {@code int()} truncating:
 *       columns {@code max(0, int(px - 9)) .. min(int(px + 9 + 1), 64) - 1}, rows likewise. See
 *       {@link #groundTruthMask}.</li>
 *   <li>Prediction for the AUC: {@code scipy.misc.imresize(heatmap, (64, 64), interp='bilinear')} of the
 *       64x64 output, which first converts the float map to an 8-bit image with {@code bytescale} (min to 0,
 *       max to 255, rounded) and then resizes it to the size it already has (Pillow returns a copy), so the
 *       AUC is taken at 64x64 on the 8-bit map, whose rounding creates ties. See {@link #bytescale}.</li>
 *   <li>AUC: {@code roc_auc_score(gt.flatten(), scaled.flatten())}, see {@link AucScore}.</li>
 *   <li>Distance: {@code argmax_pts} on the raw (not quantised) 64x64 output, {@code np.unravel_index} of the
 *       flat argmax into (row, column), the point ({@code column / 64}, {@code row / 64}) (a cell's corner,
 *       not its centre) and its Euclidean distance to the normalised gaze point. See {@link #distance}.</li>
 * </ul>
 * For a map other than 64x64, 64 becomes the map's width for x and height for y.
 */
public final class GazeMaps {

    /** The Gaussian's sigma in {@code draw_labelmap} calls of the official evaluation. */
    public static final int SIGMA = 3;

    private GazeMaps() {
    }

    /**
     * The binary ground-truth map, row-major {@code width x height}: true on the window
     * {@code [max(0, int(px - 3 sigma)), min(int(px + 3 sigma + 1), width))} by the same in y, where
     * {@code px = (float) gazeX * width} and each step is float32 arithmetic, as the official code's tensors.
     * Empty when the window misses the map (the official {@code roc_auc_score} then raises).
     */
    public static boolean[] groundTruthMask(double gazeX, double gazeY, int width, int height) {
        float px = (float) gazeX * (float) width;
        float py = (float) gazeY * (float) height;
        int x0 = Math.max(0, (int) (px - 3 * SIGMA));
        int y0 = Math.max(0, (int) (py - 3 * SIGMA));
        int x1 = Math.min((int) ((px + 3 * SIGMA) + 1), width);
        int y1 = Math.min((int) ((py + 3 * SIGMA) + 1), height);
        boolean[] mask = new boolean[width * height];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask[y * width + x] = true;
            }
        }
        return mask;
    }

    /**
     * scipy 1.1's {@code bytescale(data)} with its defaults (the first step of {@code imresize} on a float
     * array): {@code cmin = min}, {@code cmax = max}, {@code cscale = cmax - cmin} (1 when 0),
     * {@code scale = 255.0 / cscale} and {@code uint8(clip((data - cmin) * scale, 0, 255) + 0.5)}, the
     * arithmetic in float32 as numpy does for a float32 array (the float64 {@code scale} is cast to float32).
     * Values in 0..255.
     *
     * @throws IllegalArgumentException on a non-finite value
     */
    public static int[] bytescale(float[] data) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("heatmap value " + i + " is not finite: " + v);
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float cscale = max - min;
        float scale = cscale == 0 ? 255f : (float) (255.0 / cscale);
        int[] bytes = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            float b = (data[i] - min) * scale;
            b = Math.max(0f, Math.min(255f, b));
            bytes[i] = (int) (b + 0.5f);
        }
        return bytes;
    }

    /** numpy's {@code argmax} of the flat map: the first index of the largest value. */
    public static int argmax(float[] data) {
        int best = 0;
        for (int i = 1; i < data.length; i++) {
            if (data[i] > data[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The official AUC of an in-frame sample: {@link AucScore} of {@link #bytescale}d heatmap against
     * {@link #groundTruthMask}; NaN when the mask is empty or covers the whole map.
     */
    public static double auc(GazeSample sample) {
        if (!sample.inFrame()) {
            throw new IllegalArgumentException("the AUC is taken on in-frame gaze only");
        }
        int[] bytes = bytescale(sample.heatmap());
        double[] scores = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            scores[i] = bytes[i];
        }
        boolean[] mask = groundTruthMask(sample.gazeX(), sample.gazeY(), sample.width(), sample.height());
        return AucScore.of(scores, mask);
    }

    /**
     * The official distance of an in-frame sample: with {@code i = argmax(heatmap)},
     * {@code (px, py) = ((i % width) / width, (i / width) / height)} and
     * {@code sqrt((gazeX - px)^2 + (gazeY - py)^2)} (the official code works in float32; this in double).
     */
    public static double distance(GazeSample sample) {
        if (!sample.inFrame()) {
            throw new IllegalArgumentException("the distance is taken on in-frame gaze only");
        }
        int i = argmax(sample.heatmap());
        double px = (double) (i % sample.width()) / sample.width();
        double py = (double) (i / sample.width()) / sample.height();
        double dx = sample.gazeX() - px;
        double dy = sample.gazeY() - py;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
