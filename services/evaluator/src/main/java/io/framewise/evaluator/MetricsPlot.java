package io.framewise.evaluator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Every metric of a run over its checkpoints, one line per metric on a shared 0..1 axis (all of them are
 * fractions; the gaze {@code distance} is in normalised image coordinates, so it fits too), iterations along x: the
 * source's {@code plot.png}. The legend names the metrics of {@link #METRICS} the records have.
 */
final class MetricsPlot {

    static final List<String> METRICS = List.of("AP", "AP50", "AP75", "AR100", "AR", "vocAP", "recall", "precision", "hMean",
            "missedIoU", "assessorPearson", "auc", "distance", "inOutAP");
    private static final Color[] COLOURS = {new Color(0x1565c0), new Color(0x2e7d32), new Color(0x6a1b9a),
        new Color(0xef6c00), new Color(0x00838f), new Color(0xc62828), new Color(0x4e342e), new Color(0x9e9d24),
        new Color(0x757575), new Color(0xad1457), new Color(0x283593)};

    private MetricsPlot() {
    }

    /** @param byIteration metrics per checkpoint iteration */
    static BufferedImage draw(String title, SortedMap<Long, Map<String, Double>> byIteration, Long best) {
        int w = 900, h = 520, left = 60, right = 130, top = 40, bottom = 50;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.DARK_GRAY);
            g.drawString(title, left, 20);
            int pw = w - left - right, ph = h - top - bottom;
            g.drawRect(left, top, pw, ph);
            for (int t = 0; t <= 10; t += 2) {
                int y = top + ph - ph * t / 10;
                g.setColor(new Color(0xeeeeee));
                g.drawLine(left + 1, y, left + pw - 1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.1f", t / 10.0), left - 30, y + 4);
            }
            g.drawString("iteration", left + pw / 2 - 20, h - 10);
            if (byIteration.isEmpty()) {
                return image;
            }
            long x0 = byIteration.firstKey(), x1 = byIteration.lastKey();
            double sx = x1 == x0 ? 0 : (double) pw / (x1 - x0);
            g.drawString(Long.toString(x0), left - 5, top + ph + 16);
            g.drawString(Long.toString(x1), left + pw - 20, top + ph + 16);
            if (best != null) {
                int bx = (int) (left + (best - x0) * sx);
                g.setColor(new Color(0xbdbdbd));
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                g.drawLine(bx, top, bx, top + ph);
                g.drawString("best " + best, bx + 3, top + 12);
            }
            g.setStroke(new BasicStroke(2f));
            List<String> shown = METRICS.stream()
                    .filter(k -> byIteration.values().stream().anyMatch(v -> v.containsKey(k))).toList();
            for (int m = 0; m < shown.size(); m++) {
                String metric = shown.get(m);
                g.setColor(COLOURS[m % COLOURS.length]);
                int px = -1, py = -1;
                for (Map.Entry<Long, Map<String, Double>> e : byIteration.entrySet()) {
                    Double v = e.getValue().get(metric);
                    if (v == null || !Double.isFinite(v)) {
                        px = -1;
                        continue;
                    }
                    int x = (int) (left + (e.getKey() - x0) * sx);
                    int y = (int) (top + ph - Math.max(0, Math.min(1, v)) * ph);
                    g.fillOval(x - 2, y - 2, 5, 5);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                g.fillRect(left + pw + 12, top + 8 + m * 18, 12, 4);
                g.drawString(metric, left + pw + 30, top + 14 + m * 18);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
