package io.framewise.frameextractor.core;

/**
 * How to turn a video into frames. {@code maxSide}: longest side of an output frame in pixels (no
 * upscaling). At most one of {@code everyNth} (keep frames 0, K, 2K, ...) and {@code targetFps} (keep
 * the first frame of every 1/F second slot, by stream timestamps) is set; neither means every frame.
 */
public record ExtractionOptions(int maxSide, Integer everyNth, Double targetFps, float jpegQuality) {

    public static final int DEFAULT_MAX_SIDE = 512;
    public static final float DEFAULT_JPEG_QUALITY = 0.9f;

    public ExtractionOptions {
        if (maxSide <= 0) {
            throw new IllegalArgumentException("max side must be a positive number of pixels, got " + maxSide);
        }
        if (everyNth != null && targetFps != null) {
            throw new IllegalArgumentException("choose either every-nth or fps, not both");
        }
        if (everyNth != null && everyNth < 1) {
            throw new IllegalArgumentException("every-nth must be at least 1, got " + everyNth);
        }
        if (targetFps != null && !(targetFps > 0)) {
            throw new IllegalArgumentException("fps must be positive, got " + targetFps);
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
    }

    public static ExtractionOptions defaults() {
        return new ExtractionOptions(DEFAULT_MAX_SIDE, null, null, DEFAULT_JPEG_QUALITY);
    }

    public ExtractionOptions withMaxSide(int side) {
        return new ExtractionOptions(side, everyNth, targetFps, jpegQuality);
    }
}
