package io.framewise.datasetsynthesizer.core;

/**
 * Separable Lanczos-3 resampling in premultiplied alpha, as Pillow's {@code Image.LANCZOS}: when shrinking
 * the kernel is widened by the scale factor so every source pixel contributes (no aliasing).
 */
public final class LanczosResize {

    private static final double SUPPORT = 3.0;

    private LanczosResize() {
    }

    public static RgbaImage resize(RgbaImage image, Size target) {
        if (image.size().equals(target)) {
            return image;
        }
        double[] premultiplied = premultiply(image.pixelsShared());
        double[] horizontal = pass(premultiplied, image.width(), image.height(), target.width(), true);
        double[] both = pass(horizontal, target.width(), image.height(), target.height(), false);
        return new RgbaImage(target.width(), target.height(), unpremultiply(both));
    }

    private static double[] pass(double[] in, int inW, int inH, int outLen, boolean alongX) {
        int inLen = alongX ? inW : inH;
        int other = alongX ? inH : inW;
        int outW = alongX ? outLen : inW;
        double[] out = new double[outW * (alongX ? inH : outLen) * 4];
        Kernel kernel = Kernel.of(inLen, outLen);
        for (int o = 0; o < outLen; o++) {
            for (int k = 0; k < other; k++) {
                double a = 0, r = 0, g = 0, b = 0;
                for (int i = 0; i < kernel.count[o]; i++) {
                    int src = kernel.first[o] + i;
                    int idx = 4 * (alongX ? k * inW + src : src * inW + k);
                    double w = kernel.weights[o][i];
                    a += w * in[idx];
                    r += w * in[idx + 1];
                    g += w * in[idx + 2];
                    b += w * in[idx + 3];
                }
                int dst = 4 * (alongX ? k * outW + o : o * outW + k);
                out[dst] = a;
                out[dst + 1] = r;
                out[dst + 2] = g;
                out[dst + 3] = b;
            }
        }
        return out;
    }

    private record Kernel(int[] first, int[] count, double[][] weights) {

        static Kernel of(int inLen, int outLen) {
            double scale = (double) inLen / outLen;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int[] first = new int[outLen];
            int[] count = new int[outLen];
            double[][] weights = new double[outLen][];
            for (int o = 0; o < outLen; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inLen, (int) (center + support + 0.5));
                double[] w = new double[max - min];
                double sum = 0;
                for (int i = 0; i < w.length; i++) {
                    w[i] = lanczos((i + min - center + 0.5) / filterScale);
                    sum += w[i];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] = sum == 0 ? 0 : w[i] / sum;
                }
                first[o] = min;
                count[o] = w.length;
                weights[o] = w;
            }
            return new Kernel(first, count, weights);
        }

        private static double lanczos(double x) {
            if (x == 0) {
                return 1.0;
            }
            if (x <= -SUPPORT || x >= SUPPORT) {
                return 0.0;
            }
            // StrictMath: the same bits on every JVM and CPU, which byte-identical datasets rely on
            double px = Math.PI * x;
            return SUPPORT * StrictMath.sin(px) * StrictMath.sin(px / SUPPORT) / (px * px);
        }
    }

    private static double[] premultiply(int[] argb) {
        double[] out = new double[argb.length * 4];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double a = (p >>> 24) / 255.0;
            out[4 * i] = p >>> 24;
            out[4 * i + 1] = ((p >> 16) & 0xff) * a;
            out[4 * i + 2] = ((p >> 8) & 0xff) * a;
            out[4 * i + 3] = (p & 0xff) * a;
        }
        return out;
    }

    private static int[] unpremultiply(double[] values) {
        int[] out = new int[values.length / 4];
        for (int i = 0; i < out.length; i++) {
            int a = clamp(values[4 * i]);
            double factor = a == 0 ? 0 : 255.0 / a;
            int r = a == 0 ? 0 : clamp(values[4 * i + 1] * factor);
            int g = a == 0 ? 0 : clamp(values[4 * i + 2] * factor);
            int b = a == 0 ? 0 : clamp(values[4 * i + 3] * factor);
            out[i] = a << 24 | r << 16 | g << 8 | b;
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
