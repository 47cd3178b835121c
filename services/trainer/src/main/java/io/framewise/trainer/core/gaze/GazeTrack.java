package io.framewise.trainer.core.gaze;

import java.util.List;

/** One annotated person in one clip ({@code annotations/<split>/<show>/<clip>/<track>.txt}): its frames in file order. */
public record GazeTrack(String show, String clip, String track, List<GazeFrame> frames) {

    public GazeTrack {
        frames = List.copyOf(frames);
    }

    /** {@code show/clip/track}, unique in a dataset. */
    public String key() {
        return show + "/" + clip + "/" + track;
    }
}
