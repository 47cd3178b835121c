package io.framewise.frameextractor.core;

import java.util.Locale;

/** What an extraction produced: frames written, their size, the source's frame rate and length. */
public record ExtractionSummary(int frames, int width, int height, double fps, double seconds, long decodedFrames,
        String codec, int rotation) {

    /** The one-line JSON the offline command prints last. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"frames\":%d,\"width\":%d,\"height\":%d,\"fps\":%.6f,\"seconds\":%.6f,\"decodedFrames\":%d,\"codec\":\"%s\",\"rotation\":%d}",
                frames, width, height, fps, seconds, decodedFrames, codec == null ? "" : codec, rotation);
    }
}
