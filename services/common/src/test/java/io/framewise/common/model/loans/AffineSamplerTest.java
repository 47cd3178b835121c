package io.framewise.common.model.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.framewise.common.model.GradientMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineSamplerTest {

    private static final int C = 2, H = 9, W = 11, OH = 5, OW = 4;

    /** Bilinear sampling written out pixel by pixel: PyTorch's grid_sample, align_corners=True, zero padding. */
    private static double direct(float[] image, int n, int c, float[] theta, int j, int i) {
        double xt = -1 + 2.0 * i / (OW - 1);
        double yt = -1 + 2.0 * j / (OH - 1);
        int t = n * 6;
        double xs = theta[t] * xt + theta[t + 1] * yt + theta[t + 2];
        double ys = theta[t + 3] * xt + theta[t + 4] * yt + theta[t + 5];
        double px = (xs + 1) * (W - 1) / 2;
        double py = (ys + 1) * (H - 1) / 2;
        int x0 = (int) Math.floor(px);
        int y0 = (int) Math.floor(py);
        double value = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int x = x0 + dx;
                int y = y0 + dy;
                double weight = (dx == 0 ? x0 + 1 - px : px - x0) * (dy == 0 ? y0 + 1 - py : py - y0);
                if (x >= 0 && x < W && y >= 0 && y < H) {
                    value += weight * image[((n * C + c) * H + y) * W + x];
                }
            }
        }
        return value;
    }

    private static float[] randomTheta(Random r, int n) {
        float[] theta = new float[n * 6];
        for (int k = 0; k < n; k++) {
            theta[k * 6] = 0.5f + r.nextFloat() * 0.6f;
            theta[k * 6 + 1] = (r.nextFloat() - 0.5f) * 0.3f;
            theta[k * 6 + 2] = (r.nextFloat() - 0.5f) * 0.8f;
            theta[k * 6 + 3] = (r.nextFloat() - 0.5f) * 0.3f;
            theta[k * 6 + 4] = 0.5f + r.nextFloat() * 0.8f;
            theta[k * 6 + 5] = (r.nextFloat() - 0.5f) * 0.8f;
        }
        return theta;
    }

    @Test
    void matchesADirectBilinearComputationIncludingOutsideTheImage() {
        Random r = new Random(1);
        int n = 3;
        float[] image = new float[n * C * H * W];
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextFloat();
        }
        float[] theta = randomTheta(r, n);
        theta[2] = 0.9f; // the first crop reaches past the right edge: zero padding is exercised
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = AffineSampler.sample(m.create(image, new Shape(n, C, H, W)), m.create(theta, new Shape(n, 2, 3)),
                    OH, OW).toFloatArray();
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < C; c++) {
                    for (int j = 0; j < OH; j++) {
                        for (int i = 0; i < OW; i++) {
                            assertThat((double) out[((k * C + c) * OH + j) * OW + i])
                                    .isCloseTo(direct(image, k, c, theta, j, i), within(1e-5));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theIdentityTransformReproducesTheImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(0, 1, new Shape(1, 3, 6, 8));
            NDArray out = AffineSampler.sample(image, m.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(1, 2, 3)), 6, 8);
            assertThat(out.sub(image).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void itsGradientWithRespectToTheTransformMatchesFiniteDifferences() {
        Random r = new Random(2);
        int n = 2;
        float[] image = new float[n * C * H * W];
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextFloat();
        }
        float[] weights = new float[n * C * OH * OW];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = r.nextFloat() - 0.5f;
        }
        float[] theta = randomTheta(r, n);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = m.create(image, new Shape(n, C, H, W));
            NDArray w = m.create(weights, new Shape(n, C, OH, OW));
            NDArray t = m.create(theta, new Shape(n, 2, 3));
            t.setRequiresGradient(true);
            float[] analytic;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = AffineSampler.sample(img, t, OH, OW).mul(w).sum();
                gc.backward(loss);
            }
            analytic = t.getGradient().toFloatArray();
            GradientMode.off();
            double eps = 1e-3;
            for (int p = 0; p < theta.length; p++) {
                float[] plus = theta.clone();
                float[] minus = theta.clone();
                plus[p] += (float) eps;
                minus[p] -= (float) eps;
                double lp = AffineSampler.sample(img, m.create(plus, new Shape(n, 2, 3)), OH, OW).mul(w).sum().getFloat();
                double lm = AffineSampler.sample(img, m.create(minus, new Shape(n, 2, 3)), OH, OW).mul(w).sum().getFloat();
                double numeric = (lp - lm) / (2 * eps);
                assertThat((double) analytic[p]).as("d loss / d theta[%d]", p)
                        .isCloseTo(numeric, within(2e-2 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    @Test
    void theCropWindowIsTheTransformedGridCorners() {
        // A centred crop at 80% scale of a 224 px input: from 0.1 * 223 to 0.9 * 223.
        float[] boxes = AffineSampler.boxes(LoansModel.INITIAL_BIAS, 1, 224, 224);
        assertThat(boxes[0]).isCloseTo(0.1f * 223, within(1e-3f));
        assertThat(boxes[1]).isCloseTo(0.1f * 223, within(1e-3f));
        assertThat(boxes[2]).isCloseTo(0.9f * 223, within(1e-3f));
        assertThat(boxes[3]).isCloseTo(0.9f * 223, within(1e-3f));
    }
}
