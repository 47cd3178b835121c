package io.framewise.evaluator.core.box;

/**
 * An axis-aligned box in COCO convention: top-left corner and size, in continuous pixel coordinates
 * (no "+1" as in the old VOC devkit).
 */
public record BoundingBox(double x, double y, double width, double height) {

    public static BoundingBox ofCorners(double x1, double y1, double x2, double y2) {
        return new BoundingBox(x1, y1, x2 - x1, y2 - y1);
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union; 0 when the boxes do not overlap. */
    public double iou(BoundingBox other) {
        return Iou.of(x, y, width, height, other.x, other.y, other.width, other.height, false);
    }
}
