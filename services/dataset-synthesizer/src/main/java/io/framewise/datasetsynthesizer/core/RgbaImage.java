package io.framewise.datasetsynthesizer.core;

import java.awt.image.BufferedImage;

/** A mutable-free RGBA raster: packed non-premultiplied ARGB ints, row-major. */
public final class RgbaImage {

    private final int width;
    private final int height;
    private final int[] argb;

    public RgbaImage(int width, int height, int[] argb) {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("pixel count does not match " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public static RgbaImage from(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new RgbaImage(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Size size() {
        return new Size(width, height);
    }

    public int argb(int x, int y) {
        return argb[y * width + x];
    }

    /** A copy of the pixels; the image itself never changes. */
    public int[] pixels() {
        return argb.clone();
    }

    int[] pixelsShared() {
        return argb;
    }

    public RgbaImage flippedLeftRight() {
        int[] out = new int[argb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = argb[y * width + width - 1 - x];
            }
        }
        return new RgbaImage(width, height, out);
    }

    /** The part of the image inside the box; the box must lie within the image. */
    public RgbaImage crop(Box box) {
        if (box.x0() < 0 || box.y0() < 0 || box.x1() > width || box.y1() > height || box.area() == 0) {
            throw new IllegalArgumentException("crop " + box + " outside image " + width + "x" + height);
        }
        int w = box.width();
        int[] out = new int[w * box.height()];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(argb, (box.y0() + y) * width + box.x0(), out, y * w, w);
        }
        return new RgbaImage(w, box.height(), out);
    }

    /** Opaque RGB copy for writing (the composited samples are opaque). */
    public BufferedImage toRgbImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }
}
