package io.framewise.videoannotator.core;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.StackedHourglass;
import java.util.List;

/** What the annotator needs to know of pose (keypoint) models: whether a model is one, and its parts and skeleton. */
public final class PoseFamily {

    private PoseFamily() {
    }

    /** True for a pose model ({@link StackedHourglass#FAMILY}). */
    public static boolean isPose(ModelSpec spec) {
        return StackedHourglass.FAMILY.equals(spec.family());
    }

    /** The parts, flip pairs and skeleton of a pose model, read from its settings; null for any other family. */
    public static KeypointSpec keypoints(ModelSpec spec) {
        return isPose(spec) ? KeypointSpec.fromSettings(spec.settings()) : null;
    }

    /** The part names of a pose model, in the order of its detections' keypoints; empty for any other family. */
    public static List<String> parts(ModelSpec spec) {
        KeypointSpec keypoints = keypoints(spec);
        return keypoints == null ? List.of() : keypoints.parts();
    }
}
