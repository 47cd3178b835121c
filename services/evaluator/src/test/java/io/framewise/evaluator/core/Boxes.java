package io.framewise.evaluator.core;

import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.GroundTruthBox;
import io.framewise.evaluator.core.box.ImageDetections;
import java.util.List;

/** Short constructors for hand-built test cases. */
public final class Boxes {

    private Boxes() {
    }

    /** A regular object whose area is its box area. */
    public static GroundTruthBox object(long id, int category, double x, double y, double w, double h) {
        return GroundTruthBox.of(id, category, new BoundingBox(x, y, w, h));
    }

    public static GroundTruthBox crowd(long id, int category, double x, double y, double w, double h) {
        return new GroundTruthBox(id, category, new BoundingBox(x, y, w, h), w * h, true);
    }

    public static Detection detection(int category, double x, double y, double w, double h, double score) {
        return new Detection(category, new BoundingBox(x, y, w, h), score);
    }

    public static ImageDetections image(long id, List<GroundTruthBox> objects, List<Detection> detections) {
        return new ImageDetections(id, objects, detections);
    }
}
