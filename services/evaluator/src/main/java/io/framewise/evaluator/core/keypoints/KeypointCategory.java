package io.framewise.evaluator.core.keypoints;

import io.framewise.common.model.keypoints.KeypointSpec;
import java.util.List;

/**
 * A category of a COCO keypoints file: its part names ({@code keypoints}) and its skeleton, converted from
 * COCO's 1-based part numbers to 0-based indexes.
 */
public record KeypointCategory(int id, String name, List<String> parts, List<KeypointSpec.Pair> skeleton) {

    public KeypointCategory {
        parts = List.copyOf(parts);
        skeleton = List.copyOf(skeleton);
    }

    /** Whether the parts are exactly the 17 COCO person keypoints, in COCO's order. */
    public boolean isCocoPerson() {
        return parts.equals(KeypointSpec.COCO_PERSON_PARTS);
    }
}
