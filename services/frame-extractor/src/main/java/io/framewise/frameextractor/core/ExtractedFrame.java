package io.framewise.frameextractor.core;

/**
 * One dataset image: {@code name} is its path relative to the video's folder (e.g. {@code 000042.jpg},
 * named by the source frame index), {@code jpeg} the encoded bytes.
 */
public record ExtractedFrame(String name, long frameIndex, long timestampMicros, int width, int height, byte[] jpeg) {
}
