package io.framewise.evaluator;

import io.framewise.common.model.keypoints.KeypointSpec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * One evaluated pose as a sheet of tiles, one per part: the model's input crop with that part's heatmap laid over it
 * (transparent where cold, yellow to red where hot), the true position as a white cross, the predicted one as a
 * cyan dot, and a caption with the part's name, the error in image pixels and the confidence. What a user looks at to
 * see which parts a checkpoint gets wrong, and why.
 */
final class KeypointSheet {

    private static final int TILE = 160;
    private static final int CAPTION = 16;
    private static final int COLUMNS = 4;

    private KeypointSheet() {
    }

    /**
     * @param crop the model's input crop
     * @param heatmaps per part the last stack's heatmap ({@code heat x heat})
     * @param truth per part {@code x, y, v} in crop pixels
     * @param predicted per part {@code x, y} in crop pixels
     * @param confidence per part
     * @param errorPixels per part the distance between prediction and truth in image pixels (NaN when unlabelled)
     */
    static BufferedImage draw(BufferedImage crop, float[][] heatmaps, int heat, float[][] truth, double[][] predicted,
            double[] confidence, double[] errorPixels, KeypointSpec spec) {
        int parts = spec.size();
        int columns = Math.min(COLUMNS, parts);
        int rows = (parts + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * TILE, rows * (TILE + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            double scale = (double) TILE / crop.getWidth();
            for (int p = 0; p < parts; p++) {
                int x0 = (p % columns) * TILE;
                int y0 = (p / columns) * (TILE + CAPTION);
                g.drawImage(crop, x0, y0, TILE, TILE, null);
                g.drawImage(overlay(heatmaps[p], heat), x0, y0, TILE, TILE, null);
                g.setStroke(new BasicStroke(1.5f));
                if (truth[p][2] > 0) {
                    double tx = x0 + truth[p][0] * scale;
                    double ty = y0 + truth[p][1] * scale;
                    g.setColor(Color.WHITE);
                    g.draw(new Line2D.Double(tx - 5, ty - 5, tx + 5, ty + 5));
                    g.draw(new Line2D.Double(tx - 5, ty + 5, tx + 5, ty - 5));
                }
                double px = x0 + predicted[p][0] * scale;
                double py = y0 + predicted[p][1] * scale;
                g.setColor(Color.CYAN);
                g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
                g.setColor(Color.WHITE);
                String error = Double.isFinite(errorPixels[p]) ? String.format(Locale.ROOT, "%.1f px", errorPixels[p])
                        : "unlabelled";
                g.drawString(String.format(Locale.ROOT, "%s: %s, %.2f", spec.parts().get(p), error, confidence[p]),
                        x0 + 3, y0 + TILE + CAPTION - 4);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** A heatmap as a translucent picture: alpha and hue from the value (clamped to [0, 1]). */
    private static BufferedImage overlay(float[] map, int heat) {
        BufferedImage image = new BufferedImage(heat, heat, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < map.length; i++) {
            float v = Math.max(0, Math.min(1, map[i]));
            int alpha = (int) (200 * v);
            int green = (int) (230 * (1 - v));
            image.setRGB(i % heat, i / heat, (alpha << 24) | (255 << 16) | (green << 8));
        }
        return image;
    }
}
