package io.framewise.common.model;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Pixels to network input: resizing and the ImageNet normalization every backbone here is trained with. */
public final class ImageTensors {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageTensors() {
    }

    /** A bilinear resize to exactly {@code width x height} (aspect ratio not kept), as an RGB image. */
    public static BufferedImage resize(BufferedImage source, int width, int height) {
        if (source.getWidth() == width && source.getHeight() == height && source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The image as normalized planar RGB ({@code 3 x H x W}), written into {@code out} at {@code offset}. */
    public static void toChw(BufferedImage image, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float r0 = MEAN[0] * 255f, g0 = MEAN[1] * 255f, b0 = MEAN[2] * 255f;
        float rs = 1f / (STD[0] * 255f), gs = 1f / (STD[1] * 255f), bs = 1f / (STD[2] * 255f);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[offset + i] = (((p >> 16) & 0xff) - r0) * rs;
            out[offset + plane + i] = (((p >> 8) & 0xff) - g0) * gs;
            out[offset + 2 * plane + i] = ((p & 0xff) - b0) * bs;
        }
    }

    public static float[] toChw(BufferedImage image) {
        float[] out = new float[3 * image.getWidth() * image.getHeight()];
        toChw(image, out, 0);
        return out;
    }
}
