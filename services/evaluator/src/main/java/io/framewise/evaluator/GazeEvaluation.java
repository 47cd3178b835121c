package io.framewise.evaluator;

import io.framewise.common.model.gaze.LoadedGazeModel;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.gaze.GazeEvaluator;
import io.framewise.common.model.gaze.GazeIndex;
import io.framewise.common.model.gaze.GazeIndexFormatException;
import io.framewise.evaluator.core.gaze.GazeSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gaze-target checkpoint on a gaze index: every row's head run through the model (a temporal model on each track's
 * consecutive rows, in chunks), then the VideoAttentionTarget metrics of {@link GazeEvaluator} ({@code auc},
 * {@code distance}, {@code inOutAP}, {@code samples}, {@code inFrame}).
 */
public final class GazeEvaluation {

    /** Frames decoded and kept, for heads of several tracks in one frame. */
    private static final int CACHED_FRAMES = 16;

    /** Reads a frame given its path in the index. */
    public interface Frames {
        BufferedImage read(String image) throws IOException;
    }

    /** One evaluated row: the frame's size and what the model said. */
    public record Found(GazeIndex.Row row, int frameWidth, int frameHeight, LoadedGazeModel.Prediction prediction) {
    }

    public record Outcome(Metrics metrics, List<Found> found) {
    }

    private GazeEvaluation() {
    }

    /**
     * @param rows the rows to evaluate (consecutive rows of a track are consecutive frames)
     * @param chunkLength the temporal model's chunk length (ignored by the spatial model)
     * @param batchSize the spatial model's batch size
     * @param name the ground truth's name, for messages
     */
    public static Outcome evaluate(LoadedGazeModel model, List<GazeIndex.Row> rows, Frames frames, int chunkLength,
            int batchSize, String name) throws IOException {
        int piece = Math.max(1, model.temporal() ? chunkLength : batchSize);
        Map<String, BufferedImage> cache = new LinkedHashMap<>(CACHED_FRAMES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, BufferedImage> eldest) {
                return size() > CACHED_FRAMES;
            }
        };
        List<Found> found = new ArrayList<>(rows.size());
        for (List<GazeIndex.Row> track : GazeIndex.tracks(rows).values()) {
            for (int from = 0; from < track.size(); from += piece) {
                List<GazeIndex.Row> part = track.subList(from, Math.min(track.size(), from + piece));
                List<LoadedGazeModel.Head> heads = new ArrayList<>(part.size());
                for (GazeIndex.Row row : part) {
                    BufferedImage frame = cache.get(row.image());
                    if (frame == null) {
                        try {
                            frame = frames.read(row.image());
                        } catch (ObjectNotFoundException e) {
                            throw new IOException(name + " line " + row.line() + ": its image '" + row.image()
                                    + "' is missing: " + e.getMessage(), e);
                        }
                        cache.put(row.image(), frame);
                    }
                    double[] box = row.box();
                    if (box[0] >= frame.getWidth() || box[1] >= frame.getHeight() || box[2] <= 0 || box[3] <= 0) {
                        throw new GazeIndexFormatException(name + " line " + row.line() + ": the head box (" + box[0]
                                + ", " + box[1] + ", " + box[2] + ", " + box[3] + ") lies outside the "
                                + frame.getWidth() + "x" + frame.getHeight() + " frame " + row.image());
                    }
                    heads.add(new LoadedGazeModel.Head(frame, box));
                }
                List<LoadedGazeModel.Prediction> predicted = model.predictTrack(heads, heads.size());
                for (int k = 0; k < part.size(); k++) {
                    BufferedImage frame = heads.get(k).frame();
                    found.add(new Found(part.get(k), frame.getWidth(), frame.getHeight(), predicted.get(k)));
                }
            }
        }
        GazeEvaluator evaluator = new GazeEvaluator();
        evaluator.reset();
        List<GazeSample> samples = new ArrayList<>(found.size());
        for (Found f : found) {
            LoadedGazeModel.Prediction p = f.prediction();
            GazeIndex.Row r = f.row();
            samples.add(GazeSample.fromAnnotation(p.heatmap(), p.size(), p.size(), p.inFrameLogit(),
                    r.inFrame() ? r.gazeX() : GazeSample.OUTSIDE, r.inFrame() ? r.gazeY() : GazeSample.OUTSIDE,
                    f.frameWidth(), f.frameHeight()));
        }
        evaluator.process(samples);
        return new Outcome(evaluator.evaluate(), found);
    }
}
