package io.framewise.common.model.detector;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.Weights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        Path specFile = checkpoint.resolve("model.json");
        Path weights = checkpoint.resolve("model.params");
        if (!Files.exists(specFile) || !Files.exists(weights)) {
            throw new NoSuchFileException(checkpoint + " has no model.json and model.params");
        }
        Djl.offline();
        ModelSpec spec;
        OneStageDetector detector;
        try {
            spec = ModelSpec.fromJson(Files.readString(specFile));
            detector = new OneStageDetector(spec);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try (InputStream in = Files.newInputStream(weights)) {
            SequentialBlock block = detector.initialize(manager, 1);
            List<String> untouched = Weights.load(block, in, manager);
            if (!untouched.isEmpty()) {
                throw new IOException("checkpoint " + checkpoint + ": its weights do not fit its model.json ("
                        + untouched.size() + " parameters missing or of another shape, first " + untouched.get(0) + ")");
            }
            return new LoadedDetector(manager, detector, block);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("checkpoint " + checkpoint + " does not load: " + e, e);
        }
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
