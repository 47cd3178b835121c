package io.framewise.common.video;

/**
 * What a video file says about itself. {@code width}/{@code height} are the upright display size (after
 * rotation metadata is applied); {@code declaredFrames} is the container's frame count, 0 when unknown.
 */
public record VideoInfo(String format, String codec, int width, int height, int rotation, double fps,
        long declaredFrames, double durationSeconds, boolean hasAudio) {
}
