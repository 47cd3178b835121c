package io.framewise.common.model.detector;

/** One detected box in image pixels: top-left corner, size, category index (0-based, model order) and score. */
public record Detection(double x, double y, double width, double height, int category, double score) {

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
