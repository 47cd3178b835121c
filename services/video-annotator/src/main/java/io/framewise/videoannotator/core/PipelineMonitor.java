package io.framewise.videoannotator.core;

/** Hooks for metrics; called from the pipeline's threads. */
public interface PipelineMonitor {

    /** One inference batch of {@code frames} frames took {@code nanos}. */
    default void inference(int frames, long nanos) {
    }

    /** Frames waiting for inference and for encoding, sampled once per batch. */
    default void queues(int waitingForInference, int waitingForEncoding) {
    }

    /** A frame was written with {@code detections} boxes. */
    default void frameWritten(int detections) {
    }

    PipelineMonitor NONE = new PipelineMonitor() {
    };
}
