package io.framewise.common.model.detector;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** Boxes drawn on images: training previews, evaluation pictures, annotated video frames. */
public final class BoxDrawing {

    private static final Color[] COLOURS = {new Color(0x00e676), new Color(0xff9100), new Color(0x2979ff),
        new Color(0xff1744), new Color(0xd500f9), new Color(0xffea00)};

    private BoxDrawing() {
    }

    /** A copy of the image with each detection's box, category and score. */
    public static BufferedImage draw(BufferedImage image, List<Detection> detections, List<String> categories) {
        return draw(image, List.of(), detections, categories);
    }

    /**
     * A copy of the image with ground-truth boxes (white, thin) and detections (coloured by category, with
     * name and score).
     */
    public static BufferedImage draw(BufferedImage image, List<Detection> truth, List<Detection> detections,
            List<String> categories) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            drawOn(g, image.getWidth(), truth, detections, categories);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Draws onto an existing canvas of the given width (fonts and lines scale with it). */
    public static void drawOn(Graphics2D g, int width, List<Detection> truth, List<Detection> detections,
            List<String> categories) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float line = Math.max(1.5f, width / 320f);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1f, line / 2), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 3f}, 0f));
        for (Detection d : truth) {
            g.drawRect((int) Math.round(d.x()), (int) Math.round(d.y()), (int) Math.round(d.width()),
                    (int) Math.round(d.height()));
        }
        g.setStroke(new BasicStroke(line));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, width / 40)));
        for (Detection d : detections) {
            g.setColor(COLOURS[Math.floorMod(d.category(), COLOURS.length)]);
            g.drawRect((int) Math.round(d.x()), (int) Math.round(d.y()), (int) Math.round(d.width()),
                    (int) Math.round(d.height()));
            String name = d.category() >= 0 && d.category() < categories.size() ? categories.get(d.category()) : "?";
            String label = String.format(Locale.ROOT, "%s %.2f", name, d.score());
            g.drawString(label, (float) d.x() + line, (float) Math.max(g.getFont().getSize(), d.y() - line));
        }
    }
}
