package io.framewise.trainer.core;

import java.io.IOException;
import java.util.Set;

/**
 * A model family as a plug-in of the trainer: it brings the model, its target encoder, loss, decoder and
 * augmentation behind {@link TrainingTask}; the training loop, checkpoints, logs, progress and metrics know
 * nothing of what is inside.
 */
public interface TrainingFamily {

    /** The name a training request uses. */
    String name();

    /** Hyperparameter keys that are model settings of this family (saved in model.json). */
    Set<String> modelSettings();

    /** Hyperparameter keys that are options of this family's training (not saved in model.json). */
    default Set<String> options() {
        return Set.of();
    }

    /** This family's defaults of the loop's settings (the pose family starts at learning rate 0.00025). */
    default java.util.Map<String, String> defaults() {
        return java.util.Map.of();
    }

    /** Reads the data, builds and initializes the model. */
    TrainingTask<?> open(TaskSetup setup) throws IOException;
}
