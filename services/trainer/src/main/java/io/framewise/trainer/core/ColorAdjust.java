package io.framewise.trainer.core;

import java.awt.image.BufferedImage;

/** Colour augmentation shared by the families: saturation, contrast and brightness factors applied in place. */
public final class ColorAdjust {

    private ColorAdjust() {
    }

    /**
     * Each pixel's channels moved from their grey value by {@code saturation}, from mid-grey (128) by
     * {@code contrast}, then scaled by {@code brightness}; rounded and clamped to 0..255.
     */
    public static void apply(BufferedImage image, double brightness, double contrast, double saturation) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            double r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            double grey = 0.299 * r + 0.587 * g + 0.114 * b;
            r = ((grey + (r - grey) * saturation - 128) * contrast + 128) * brightness;
            g = ((grey + (g - grey) * saturation - 128) * contrast + 128) * brightness;
            b = ((grey + (b - grey) * saturation - 128) * contrast + 128) * brightness;
            rgb[i] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
    }

    /** A channel value rounded and clamped to 0..255. */
    public static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
