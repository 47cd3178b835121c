package io.framewise.common.model.detector;

import io.framewise.common.model.keypoints.Keypoint;
import java.util.List;

/**
 * One detected box in image pixels: top-left corner, size, category index (0-based, model order) and score. A pose
 * (keypoint) model's detection also carries the pose found inside the box, one keypoint per part in the model's
 * part order, in image pixels; other models' detections have none.
 */
public record Detection(double x, double y, double width, double height, int category, double score,
        List<Keypoint> keypoints) {

    public Detection {
        keypoints = keypoints == null ? List.of() : List.copyOf(keypoints);
    }

    /** A box without keypoints. */
    public Detection(double x, double y, double width, double height, int category, double score) {
        this(x, y, width, height, category, score, List.of());
    }

    public double area() {
        return width * height;
    }

    public double iou(Detection other) {
        double ix = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double iy = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (area() + other.area() - inter);
    }
}
