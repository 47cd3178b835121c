package io.framewise.trainer.core;

import java.util.Map;

/** What a running loop reports, on the training thread. Every method has a do-nothing default. */
public interface RunListener {

    /** A progress report, every {@code logInterval} iterations and at every state change. */
    record Progress(String state, long iteration, long totalIterations, int epoch, Map<String, Double> losses,
            double learningRate, double imagesPerSecond, double dataWaitSeconds, Double etaSeconds, int skippedImages) {
    }

    record Checkpoint(String name, String location, long iteration, int epoch) {
    }

    default void progress(Progress progress) {
    }

    default void checkpoint(Checkpoint checkpoint) {
    }

    default void preview(long iteration, String location) {
    }
}
