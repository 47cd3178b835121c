package io.framewise.videoannotator.core;

import java.util.Locale;

/** What an annotation produced; {@code seconds} is the wall time, {@code inferenceSeconds} the time in the model. */
public record AnnotationSummary(long frames, int width, int height, double fps, double durationSeconds, long detections,
        boolean audio, String codec, double seconds, double inferenceSeconds) {

    public double framesPerSecond() {
        return frames / Math.max(seconds, 1e-6);
    }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"frames\":%d,\"width\":%d,\"height\":%d,\"fps\":%.3f,\"seconds\":%.3f,"
                + "\"detections\":%d,\"audio\":%s,\"codec\":\"%s\",\"framesPerSecond\":%.2f,\"inferenceSeconds\":%.3f}",
                frames, width, height, fps, durationSeconds, detections, audio, codec, framesPerSecond(), inferenceSeconds);
    }
}
