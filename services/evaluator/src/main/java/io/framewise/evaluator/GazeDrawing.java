package io.framewise.evaluator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A gaze prediction drawn on its frame: the head box (white), the true gaze as a green line from the head's centre
 * to a dot (or "true: outside" when the person looks outside the frame), the predicted gaze point (the heatmap's
 * argmax) as a red line and dot, and the predicted in-frame probability.
 */
final class GazeDrawing {

    static final Color TRUTH = new Color(0x00e676);
    static final Color PREDICTED = new Color(0xff1744);

    private GazeDrawing() {
    }

    /**
     * @param box the head box {@code x0, y0, x1, y1} in pixels
     * @param truth the true gaze point in pixels, or null when outside the frame
     * @param predicted the predicted gaze point, normalised to {@code [0, 1]}
     */
    static BufferedImage draw(BufferedImage frame, double[] box, double[] truth, double[] predicted,
            double inFrameProbability) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float line = Math.max(1.5f, w / 320f);
            double radius = Math.max(2.5, w / 120.0);
            g.setStroke(new BasicStroke(line));
            g.setColor(Color.WHITE);
            g.draw(new Rectangle2D.Double(box[0], box[1], box[2] - box[0], box[3] - box[1]));
            double cx = (box[0] + box[2]) / 2;
            double cy = (box[1] + box[3]) / 2;
            if (truth != null) {
                g.setColor(TRUTH);
                g.draw(new Line2D.Double(cx, cy, truth[0], truth[1]));
                g.fill(new Ellipse2D.Double(truth[0] - radius, truth[1] - radius, 2 * radius, 2 * radius));
            }
            double px = predicted[0] * w;
            double py = predicted[1] * h;
            g.setColor(PREDICTED);
            g.draw(new Line2D.Double(cx, cy, px, py));
            g.fill(new Ellipse2D.Double(px - radius, py - radius, 2 * radius, 2 * radius));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, w / 40)));
            int text = g.getFontMetrics().getHeight();
            g.setColor(truth == null ? TRUTH : Color.WHITE);
            if (truth == null) {
                g.drawString("true: outside", 3, text);
            }
            g.setColor(PREDICTED);
            g.drawString(String.format(Locale.ROOT, "in frame %.2f", inFrameProbability), 3, 2 * text);
        } finally {
            g.dispose();
        }
        return out;
    }
}
