package io.framewise.common.model.keypoints;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained pose model loaded from a checkpoint folder ({@code model.json}, {@code model.params}) or from an exported
 * archive ({@link ModelArchive}): keypoints inside given boxes, or inside the whole image when no box is given (one
 * pose per image). Thread-safe for inference.
 */
public final class LoadedPoseModel implements Predictor {

    private final NDManager manager;
    private final StackedHourglass model;
    private final HourglassNetwork network;

    private LoadedPoseModel(NDManager manager, StackedHourglass model, HourglassNetwork network) {
        this.manager = manager;
        this.model = model;
        this.network = network;
    }

    /** Loads a checkpoint folder or a {@code .zip} archive made by {@link ModelArchive#export}. */
    public static LoadedPoseModel load(Path checkpoint) throws IOException {
        if (Files.isRegularFile(checkpoint)) {
            try (ModelArchive.Unpacked unpacked = ModelArchive.unpack(checkpoint)) {
                return load(unpacked.folder());
            }
        }
        Path specFile = checkpoint.resolve("model.json");
        Path weights = checkpoint.resolve("model.params");
        if (!Files.exists(specFile) || !Files.exists(weights)) {
            throw new NoSuchFileException(checkpoint + " has no model.json and model.params");
        }
        Djl.offline();
        StackedHourglass model;
        try {
            model = new StackedHourglass(ModelSpec.fromJson(Files.readString(specFile)));
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try (InputStream in = Files.newInputStream(weights)) {
            HourglassNetwork network = model.initialize(manager, 1);
            List<String> untouched = Weights.load(network, in, manager);
            if (!untouched.isEmpty()) {
                throw new IOException("checkpoint " + checkpoint + ": its weights do not fit its model.json ("
                        + untouched.size() + " parameters missing or of another shape, first " + untouched.get(0) + ")");
            }
            return new LoadedPoseModel(manager, model, network);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("checkpoint " + checkpoint + " does not load: " + e, e);
        }
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    public StackedHourglass model() {
        return model;
    }

    public KeypointSpec keypoints() {
        return model.keypoints();
    }

    /** One pose per box, in query order (see {@link StackedHourglass#predict}). */
    public List<Detection> predict(List<StackedHourglass.Query> queries) {
        return model.predict(network, manager, queries);
    }

    /** The last stack's heatmaps of one box's crop: {@code [part][cell]}, {@code heatmapSize()} square. */
    public float[][] heatmaps(StackedHourglass.Query query) {
        double[] region = model.cropRegion(query.x(), query.y(), query.w(), query.h());
        return model.heatmaps(network, manager, List.of(model.renderCrop(query.image(), region)))[0];
    }

    /**
     * One pose per image, the whole image as its box, scored by the mean part confidence; a pose scored under
     * {@code minScore} is left out. NMS does not apply.
     */
    @Override
    public List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int maxDetections) {
        List<StackedHourglass.Query> queries = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            queries.add(new StackedHourglass.Query(image, 0, 0, image.getWidth(), image.getHeight()));
        }
        List<List<Detection>> out = new ArrayList<>(images.size());
        for (Detection pose : predict(queries)) {
            out.add(maxDetections > 0 && pose.score() >= minScore ? List.of(pose) : List.of());
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
