package io.framewise.common.model.gaze;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Checkpoints;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.keypoints.ModelArchive;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained gaze-target model ({@link GazeModel}) loaded from a checkpoint folder ({@code model.json},
 * {@code model.params}) or from an exported archive ({@link ModelArchive}): for a head in a frame, the gaze heatmap,
 * its argmax point and the in-frame logit. The temporal model runs a track's consecutive frames in chunks (its
 * convolutional LSTM starts from zero at each chunk), the spatial one runs frames in batches. Thread-safe for
 * inference.
 */
public final class LoadedGazeModel implements AutoCloseable {

    private final NDManager manager;
    private final GazeModel model;
    private final GazeNetwork network;

    private LoadedGazeModel(NDManager manager, GazeModel model, GazeNetwork network) {
        this.manager = manager;
        this.model = model;
        this.network = network;
    }

    /** Loads a checkpoint folder or a {@code .zip} archive made by {@link ModelArchive#export}. */
    public static LoadedGazeModel load(Path checkpoint) throws IOException {
        Checkpoints.Loaded<GazeModel, GazeNetwork> loaded = Checkpoints.load(checkpoint, GazeModel::new,
                (model, manager) -> model.initialize(manager, 1));
        return new LoadedGazeModel(loaded.manager(), loaded.model(), loaded.network());
    }

    public ModelSpec spec() {
        return model.spec();
    }

    public GazeModel model() {
        return model;
    }

    public boolean temporal() {
        return model.temporal();
    }

    /** The heatmaps' side in cells. */
    public int heatmapSize() {
        return model.heatmapSize();
    }

    /** One head in one frame: the frame and the head box {@code x0, y0, x1, y1} in its pixels. */
    public record Head(BufferedImage frame, double[] box) {
    }

    /**
     * What the model says about one head.
     *
     * @param heatmap the raw heatmap, row-major, {@link #heatmapSize()} square
     * @param size the heatmap's side
     * @param inFrameLogit the logit of the gaze target being inside the frame
     * @param point the heatmap's argmax as a normalised point {@code (x, y)} in {@code [0, 1]}
     */
    public record Prediction(float[] heatmap, int size, double inFrameLogit, double[] point) {

        /** The in-frame probability, the logit's sigmoid. */
        public double inFrameProbability() {
            return 1 / (1 + Math.exp(-inFrameLogit));
        }
    }

    /**
     * Predicts the heads of one track, in order: for the temporal model the heads are consecutive frames, run in chunks
     * of {@code chunkLength} (a last, shorter chunk for the frames left); the spatial model runs them in batches of
     * {@code chunkLength}.
     */
    public List<Prediction> predictTrack(List<Head> heads, int chunkLength) {
        if (chunkLength < 1) {
            throw new IllegalArgumentException("the chunk length must be positive, was " + chunkLength);
        }
        List<Prediction> out = new ArrayList<>(heads.size());
        for (int from = 0; from < heads.size(); from += chunkLength) {
            out.addAll(run(heads.subList(from, Math.min(heads.size(), from + chunkLength))));
        }
        return out;
    }

    /**
     * Predicts independent heads (each its own chunk of one frame for the temporal model), in batches of
     * {@code batchSize}.
     */
    public List<Prediction> predict(List<Head> heads, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be positive, was " + batchSize);
        }
        if (!model.temporal()) {
            return predictTrack(heads, batchSize);
        }
        List<Prediction> out = new ArrayList<>(heads.size());
        for (Head head : heads) {
            out.addAll(run(List.of(head)));
        }
        return out;
    }

    /** Runs one batch: for the temporal model, one chunk of consecutive frames. */
    private List<Prediction> run(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        List<GazeModel.Input> inputs = new ArrayList<>(heads.size());
        for (Head h : heads) {
            inputs.add(model.input(h.frame(), h.box()));
        }
        GazeModel.Output output = model.run(network, manager, inputs, heads.size());
        int size = model.heatmapSize();
        List<Prediction> out = new ArrayList<>(heads.size());
        for (int k = 0; k < heads.size(); k++) {
            float[] map = output.heatmaps()[k];
            out.add(new Prediction(map, size, output.inFrameLogits()[k], GazeModel.argmax(map, size)));
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
