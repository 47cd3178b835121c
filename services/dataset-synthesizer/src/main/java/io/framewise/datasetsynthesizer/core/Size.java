package io.framewise.datasetsynthesizer.core;

/** A width and a height in pixels. */
public record Size(int width, int height) {

    public Size {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        }
    }
}
