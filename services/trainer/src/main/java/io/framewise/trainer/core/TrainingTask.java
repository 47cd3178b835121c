package io.framewise.trainer.core;

import ai.djl.nn.Block;
import io.framewise.common.model.ModelSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One run of one model family. Samples are loaded (decoded, augmented) on the loader threads; {@link #step}
 * runs on the training thread.
 *
 * @param <S> a loaded, augmented training sample
 */
public interface TrainingTask<S> extends AutoCloseable {

    ModelSpec spec();

    /** The trained blocks by name (one optimizer and one weights file each in a checkpoint). */
    Map<String, Block> blocks();

    /** Training samples per epoch. */
    int samples();

    /** Loads and augments sample {@code index}; {@code random} is the sample's own, so results do not depend on threads. */
    S load(int index, SplittableRandom random) throws IOException;

    /**
     * One iteration: forward, losses, backward, then {@link Updates#apply} for each block it updates.
     * Returns the loss terms by name, with {@code total} among them.
     */
    Map<String, Double> step(List<S> batch, Updates updates);

    /** The current model's prediction drawn on the fixed preview image, if the family draws one. */
    Optional<BufferedImage> preview(double minScore);

    /** Freezes the parameters of the named blocks' early layers ({@code stem}, {@code stage1}..); returns how many. */
    int freezeUpTo(String layer);

    @Override
    void close();

    /** Applies optimizer updates; refuses losses that are not finite, before any weight changes. */
    interface Updates {
        void apply(String block, Map<String, Double> losses);
    }
}
