package io.framewise.common.model;

import java.util.Locale;

/** A network input size in pixels, both sides multiples of 32 (the backbone's stride). */
public record InputSize(int width, int height) {

    public static final int STRIDE = 32;

    public InputSize {
        if (width < STRIDE || height < STRIDE || width % STRIDE != 0 || height % STRIDE != 0) {
            throw new IllegalArgumentException("image size must be multiples of " + STRIDE + " px, at least "
                    + STRIDE + ", was " + width + "x" + height);
        }
    }

    /** {@code 224} (square) or {@code 320x224} (width x height). */
    public static InputSize parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            int x = t.indexOf('x');
            if (x < 0) {
                int side = Integer.parseInt(t);
                return new InputSize(side, side);
            }
            return new InputSize(Integer.parseInt(t.substring(0, x).trim()), Integer.parseInt(t.substring(x + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image size is a number (224) or WIDTHxHEIGHT (320x224), was '" + text + "'");
        }
    }

    public int gridWidth() {
        return width / STRIDE;
    }

    public int gridHeight() {
        return height / STRIDE;
    }

    @Override
    public String toString() {
        return width == height ? Integer.toString(width) : width + "x" + height;
    }
}
