package io.framewise.datasetsynthesizer.core;

/** An axis-aligned box in pixel coordinates, left/top inclusive, right/bottom exclusive. */
public record Box(int x0, int y0, int x1, int y1) {

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }

    public long area() {
        return (long) Math.max(0, width()) * Math.max(0, height());
    }

    /** Intersection over union with the same convention as chainercv's bbox_iou (area = extent product). */
    public double iou(Box other) {
        long iw = Math.max(0, Math.min(x1, other.x1) - Math.max(x0, other.x0));
        long ih = Math.max(0, Math.min(y1, other.y1) - Math.max(y0, other.y0));
        long intersection = iw * ih;
        long union = area() + other.area() - intersection;
        return union == 0 ? 0.0 : (double) intersection / union;
    }

    public static Box of(int x, int y, Size size) {
        return new Box(x, y, x + size.width(), y + size.height());
    }
}
