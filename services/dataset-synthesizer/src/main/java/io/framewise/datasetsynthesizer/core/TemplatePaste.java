package io.framewise.datasetsynthesizer.core;

/**
 * Pastes a template onto a background with Porter-Duff "over" (Pillow's {@code alpha_composite}): the
 * template's alpha decides how much of it covers the background, the background's alpha is kept.
 */
public final class TemplatePaste {

    private TemplatePaste() {
    }

    /** A new image: {@code template} composited over {@code background} with its top-left at (x, y). */
    public static RgbaImage over(RgbaImage background, RgbaImage template, int x, int y) {
        int[] out = background.pixels();
        int bw = background.width();
        for (int ty = 0; ty < template.height(); ty++) {
            int by = y + ty;
            if (by < 0 || by >= background.height()) {
                continue;
            }
            for (int tx = 0; tx < template.width(); tx++) {
                int bx = x + tx;
                if (bx >= 0 && bx < bw) {
                    out[by * bw + bx] = over(template.argb(tx, ty), out[by * bw + bx]);
                }
            }
        }
        return new RgbaImage(bw, background.height(), out);
    }

    /** One pixel of source over destination, both non-premultiplied ARGB. */
    static int over(int src, int dst) {
        int sa = src >>> 24;
        if (sa == 255) {
            return src;
        }
        if (sa == 0) {
            return dst;
        }
        double srcAlpha = sa / 255.0;
        double dstAlpha = (dst >>> 24) / 255.0;
        double outAlpha = srcAlpha + dstAlpha * (1 - srcAlpha);
        int a = (int) Math.round(outAlpha * 255);
        int r = channel(src >> 16, dst >> 16, srcAlpha, dstAlpha, outAlpha);
        int g = channel(src >> 8, dst >> 8, srcAlpha, dstAlpha, outAlpha);
        int b = channel(src, dst, srcAlpha, dstAlpha, outAlpha);
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int channel(int src, int dst, double srcAlpha, double dstAlpha, double outAlpha) {
        double premultiplied = (src & 0xff) * srcAlpha + (dst & 0xff) * dstAlpha * (1 - srcAlpha);
        return (int) Math.max(0, Math.min(255, Math.round(premultiplied / outAlpha)));
    }
}
