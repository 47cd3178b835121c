package io.framewise.trainer.core.gaze;

import java.util.List;

/**
 * A run of consecutive frames of one track (consecutive rows of its annotation file), for a temporal model.
 *
 * @param start the index of the first frame in the track's {@link GazeTrack#frames()}
 */
public record GazeChunk(GazeTrack track, int start, List<GazeFrame> frames) {

    public GazeChunk {
        frames = List.copyOf(frames);
    }
}
