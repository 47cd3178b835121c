package io.framewise.trainer.core;

/**
 * The learning rate at an iteration: fixed; step (times {@code decayFactor} every {@code epochsPerDecay}
 * epochs); exponential (the same decay, continuously); polynomial ({@code (1 - t/T)^power} down to 0 at the
 * last iteration).
 */
public record LearningRateSchedule(String kind, double base, double epochsPerDecay, double decayFactor, double power,
        int iterationsPerEpoch, long totalIterations) {

    public static LearningRateSchedule of(Hyperparameters h, int iterationsPerEpoch, long totalIterations) {
        return new LearningRateSchedule(h.schedule(), h.learningRate(), h.epochsPerDecay(), h.decayFactor(), h.power(),
                iterationsPerEpoch, totalIterations);
    }

    public double at(long iteration) {
        double epochs = (double) iteration / iterationsPerEpoch;
        return switch (kind) {
            case "fixed" -> base;
            case "step" -> base * Math.pow(decayFactor, Math.floor(epochs / epochsPerDecay));
            case "exponential" -> base * Math.pow(decayFactor, epochs / epochsPerDecay);
            case "polynomial" -> base * Math.pow(Math.max(0, 1 - (double) iteration / totalIterations), power);
            default -> throw new IllegalStateException("unknown schedule " + kind);
        };
    }
}
