package io.framewise.videoannotator.core;

import java.util.List;
import java.util.Locale;

/**
 * How a video is annotated. {@code minScore}, {@code nmsIou} and {@code maxDetections} go to the model (a pose
 * model keeps a frame's pose when its score, the mean joint confidence, is at least {@code minScore}, and its joints
 * below {@code minScore} are not drawn, though published and written with their confidence all the same);
 * {@code classes} keeps only the named categories (empty: all); {@code maxSide} is the longest side of the
 * annotated video (0: the source's size, never upscaled); {@code assessorThreshold}: for a model with an
 * assessor (LoANs), boxes whose assessor score is below it are drawn dashed, or not drawn when
 * {@code hideBelowAssessor} (they stay in the detections either way); {@code queueCapacity} bounds the
 * frames waiting between the decoding, inference and encoding threads.
 */
public record AnnotationOptions(float minScore, double nmsIou, int maxDetections, List<String> classes, int maxSide,
        int batchSize, float assessorThreshold, boolean hideBelowAssessor, int queueCapacity) {

    public static final float DEFAULT_MIN_SCORE = 0.3f;
    public static final double DEFAULT_NMS_IOU = 0.5;
    public static final int DEFAULT_MAX_DETECTIONS = 100;
    public static final int DEFAULT_BATCH_SIZE = 4;
    public static final float DEFAULT_ASSESSOR_THRESHOLD = 0.5f;

    public AnnotationOptions {
        classes = classes == null ? List.of() : List.copyOf(classes);
        require(minScore >= 0 && minScore <= 1, "minScore must be within 0..1, not " + minScore);
        require(nmsIou > 0 && nmsIou <= 1, "nmsIou must be within (0, 1], not " + nmsIou);
        require(maxDetections >= 1, "maxDetections must be at least 1, not " + maxDetections);
        require(maxSide == 0 || maxSide >= 16, "maxSide must be 0 (source size) or at least 16, not " + maxSide);
        require(batchSize >= 1 && batchSize <= 256, "batchSize must be within 1..256, not " + batchSize);
        require(assessorThreshold >= 0 && assessorThreshold <= 1, "assessorThreshold must be within 0..1, not " + assessorThreshold);
        require(queueCapacity >= 1, "queueCapacity must be at least 1, not " + queueCapacity);
    }

    public static AnnotationOptions defaults() {
        return new AnnotationOptions(DEFAULT_MIN_SCORE, DEFAULT_NMS_IOU, DEFAULT_MAX_DETECTIONS, List.of(), 0,
                DEFAULT_BATCH_SIZE, DEFAULT_ASSESSOR_THRESHOLD, false, 16);
    }

    /** A short text of the settings that change the output, for completion markers. */
    public String fingerprint() {
        return String.format(Locale.ROOT, "minScore=%s,nmsIou=%s,maxDetections=%d,classes=%s,maxSide=%d,assessor=%s,hide=%s",
                minScore, nmsIou, maxDetections, String.join("|", classes), maxSide, assessorThreshold, hideBelowAssessor);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
