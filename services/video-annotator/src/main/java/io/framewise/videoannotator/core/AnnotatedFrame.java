package io.framewise.videoannotator.core;

import io.framewise.common.model.detector.Detection;
import java.util.List;

/**
 * One frame's detections, in the annotated frame's pixels ({@code width} x {@code height}, the decoded size
 * before rounding up to even). {@code assessorScores} is true when the scores are a LoANs assessor's.
 */
public record AnnotatedFrame(long index, long timestampMicros, int width, int height, List<Detection> detections,
        boolean assessorScores) {
}
