package io.framewise.common.model.detector;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.framewise.common.model.Checkpoints;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained one-stage detector loaded from a checkpoint folder ({@code model.json} and {@code model.params}),
 * ready for inference on any thread. What the evaluator and the video-annotator run.
 */
public final class LoadedDetector implements Predictor {

    private final NDManager manager;
    private final OneStageDetector detector;
    private final SequentialBlock block;

    private LoadedDetector(NDManager manager, OneStageDetector detector, SequentialBlock block) {
        this.manager = manager;
        this.detector = detector;
        this.block = block;
    }

    /** Loads a checkpoint; a folder that is not a detector checkpoint, or whose weights do not fit, is an IOException. */
    public static LoadedDetector load(Path checkpoint) throws IOException {
        Checkpoints.Loaded<OneStageDetector, SequentialBlock> loaded = Checkpoints.load(checkpoint,
                OneStageDetector::new, (model, manager) -> model.initialize(manager, 1));
        return new LoadedDetector(loaded.manager(), loaded.model(), loaded.network());
    }

    @Override
    public ModelSpec spec() {
        return detector.spec();
    }

    public List<String> categories() {
        return detector.spec().categories();
    }

    @Override
    public List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int maxDetections) {
        return detector.predict(block, manager, images, minScore, nmsIou, maxDetections);
    }

    @Override
    public void close() {
        manager.close();
    }
}
