package io.framewise.common.model.loans;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained LoANs localizer (and its assessor) from a checkpoint folder ({@code model.json},
 * {@code localizer.params}, {@code assessor.params}): one box per image, scored by the assessor.
 */
public final class LoadedLoans implements Predictor {

    private final NDManager manager;
    private final LoansModel model;
    private final SequentialBlock localizer;
    private final SequentialBlock assessor;

    private LoadedLoans(NDManager manager, LoansModel model, SequentialBlock localizer, SequentialBlock assessor) {
        this.manager = manager;
        this.model = model;
        this.localizer = localizer;
        this.assessor = assessor;
    }

    public static LoadedLoans load(Path checkpoint) throws IOException {
        Djl.offline();
        LoansModel model;
        try {
            model = new LoansModel(ModelSpec.fromJson(Files.readString(checkpoint.resolve("model.json"))));
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            SequentialBlock localizer = model.newLocalizer(manager);
            SequentialBlock assessor = model.newAssessor(manager);
            load(localizer, checkpoint.resolve("localizer.params"), manager);
            load(assessor, checkpoint.resolve("assessor.params"), manager);
            return new LoadedLoans(manager, model, localizer, assessor);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("checkpoint " + checkpoint + " does not load: " + e, e);
        }
    }

    private static void load(SequentialBlock block, Path file, NDManager manager) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<String> untouched = Weights.load(block, in, manager);
            if (!untouched.isEmpty()) {
                throw new IOException(file + " does not fit its model.json (" + untouched.size()
                        + " parameters missing or of another shape, first " + untouched.get(0) + ")");
            }
        }
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    /**
     * Exactly one box per image, always (the localizer has no notion of absence): its score is the assessor's
     * IoU estimate, which says how far to trust it. {@code minScore} and NMS do not apply; callers that hide
     * doubtful boxes compare the score with their own threshold.
     */
    @Override
    public List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int maxDetections) {
        List<List<Detection>> out = new ArrayList<>();
        for (Detection d : model.predict(localizer, assessor, manager, images)) {
            out.add(maxDetections > 0 ? List.of(d) : List.of());
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
