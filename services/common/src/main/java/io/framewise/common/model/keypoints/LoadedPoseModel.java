package io.framewise.common.model.keypoints;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Checkpoints;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
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
        Checkpoints.Loaded<StackedHourglass, HourglassNetwork> loaded = Checkpoints.load(checkpoint,
                StackedHourglass::new, (model, manager) -> model.initialize(manager, 1));
        return new LoadedPoseModel(loaded.manager(), loaded.model(), loaded.network());
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
