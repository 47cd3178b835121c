package io.framewise.evaluator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * A sweep of gaze-target runs (say batch size by chunk length) over their epochs: the gaze {@code auc} in
 * the upper panel (0.5, chance, to 1; lower values sit on the floor), the gaze {@code distance} in the lower
 * one (0 up to the largest distance, rounded up to a multiple of 0.05; 0..0.5 without data), epochs along
 * the shared x axis, one colour per run in the map's order, with a legend of run names on the right.
 * Missing or non-finite values break a run's line. The palette has no grey, so no run colour is an
 * antialiased shade of the axes' text.
 */
public final class GazeSweepPlot {

    static final String AUC = "auc";
    static final String DISTANCE = "distance";
    static final Color[] COLOURS = {new Color(0x1565c0), new Color(0xc62828), new Color(0x2e7d32),
        new Color(0xef6c00), new Color(0x6a1b9a), new Color(0x00838f), new Color(0x4e342e), new Color(0xad1457),
        new Color(0x9e9d24), new Color(0x283593), new Color(0x00695c)};
    static final int WIDTH = 900;
    static final int HEIGHT = 640;
    static final int LEFT = 60;
    static final int RIGHT = 190;
    static final int TOP = 40;
    static final int GAP = 40;
    static final int BOTTOM = 50;
    static final int PANEL_HEIGHT = (HEIGHT - TOP - GAP - BOTTOM) / 2;

    private GazeSweepPlot() {
    }

    /** @param runs run name to (epoch to metrics), drawn in the map's iteration order */
    public static BufferedImage draw(String title, Map<String, SortedMap<Integer, Map<String, Double>>> runs) {
        int pw = WIDTH - LEFT - RIGHT;
        int ph = PANEL_HEIGHT;
        int aucTop = TOP;
        int distanceTop = TOP + ph + GAP;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.DARK_GRAY);
            g.drawString(title, LEFT, 20);

            int firstEpoch = Integer.MAX_VALUE;
            int lastEpoch = Integer.MIN_VALUE;
            double maxDistance = 0;
            for (SortedMap<Integer, Map<String, Double>> run : runs.values()) {
                if (run.isEmpty()) {
                    continue;
                }
                firstEpoch = Math.min(firstEpoch, run.firstKey());
                lastEpoch = Math.max(lastEpoch, run.lastKey());
                for (Map<String, Double> metrics : run.values()) {
                    Double d = metrics.get(DISTANCE);
                    if (d != null && Double.isFinite(d)) {
                        maxDistance = Math.max(maxDistance, d);
                    }
                }
            }
            double distanceTop0 = maxDistance > 0 ? Math.ceil(maxDistance / 0.05 - 1e-9) * 0.05 : 0.5;

            panel(g, "AUC", aucTop, pw, ph, 0.5, 1.0);
            panel(g, "distance", distanceTop, pw, ph, 0, distanceTop0);
            g.setColor(Color.DARK_GRAY);
            g.drawString("epoch", LEFT + pw / 2 - 15, HEIGHT - 10);
            if (firstEpoch > lastEpoch) {
                return image;
            }
            double sx = lastEpoch == firstEpoch ? 0 : (double) pw / (lastEpoch - firstEpoch);
            for (int top : new int[] {aucTop, distanceTop}) {
                g.drawString(Integer.toString(firstEpoch), LEFT - 4, top + ph + 16);
                if (lastEpoch != firstEpoch) {
                    g.drawString(Integer.toString(lastEpoch), LEFT + pw - 12, top + ph + 16);
                }
            }

            int r = 0;
            for (Map.Entry<String, SortedMap<Integer, Map<String, Double>>> run : runs.entrySet()) {
                Color colour = COLOURS[r % COLOURS.length];
                g.setColor(colour);
                g.setStroke(new BasicStroke(2f));
                line(g, run.getValue(), AUC, firstEpoch, sx, aucTop, ph, 0.5, 1.0);
                line(g, run.getValue(), DISTANCE, firstEpoch, sx, distanceTop, ph, 0, distanceTop0);
                g.fillRect(LEFT + pw + 12, TOP + 8 + r * 18, 12, 4);
                g.drawString(run.getKey(), LEFT + pw + 30, TOP + 14 + r * 18);
                r++;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, String label, int top, int pw, int ph, double low, double high) {
        g.setStroke(new BasicStroke(1f));
        for (int t = 0; t <= 5; t++) {
            int y = top + ph - ph * t / 5;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT + 1, y, LEFT + pw - 1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", low + (high - low) * t / 5), LEFT - 36, y + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, top, pw, ph);
        g.drawString(label, LEFT + 4, top - 4);
    }

    private static void line(Graphics2D g, SortedMap<Integer, Map<String, Double>> run, String metric, int firstEpoch,
                             double sx, int top, int ph, double low, double high) {
        int px = -1;
        int py = -1;
        for (Map.Entry<Integer, Map<String, Double>> e : run.entrySet()) {
            Double v = e.getValue().get(metric);
            if (v == null || !Double.isFinite(v)) {
                px = -1;
                continue;
            }
            double f = Math.max(0, Math.min(1, (v - low) / (high - low)));
            int x = (int) (LEFT + (e.getKey() - firstEpoch) * sx);
            int y = (int) (top + ph - f * ph);
            g.fillOval(x - 2, y - 2, 5, 5);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }
}
