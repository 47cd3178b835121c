package io.framewise.evaluator;

import io.framewise.evaluator.core.coco.CocoAccumulation;
import io.framewise.evaluator.core.coco.CocoParams;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Precision against recall from a COCO accumulation (boxes or keypoints): one curve at IoU (or OKS) 0.5, one
 * at 0.75 and one averaged over all thresholds, for area "all" and the largest detection limit. At each
 * recall point the precision is the mean over categories (and thresholds) of the values above -1, as
 * pycocotools averages; a point where every value is -1 (no ground truth) is not drawn.
 */
final class PrecisionRecallPlot {

    static final Color AT_50 = new Color(0x1565c0);
    static final Color AT_75 = new Color(0xc62828);
    static final Color MEAN = new Color(0x2e7d32);

    private PrecisionRecallPlot() {
    }

    static BufferedImage draw(String title, CocoAccumulation accumulation) {
        int w = 640, h = 520, left = 60, right = 150, top = 40, bottom = 50;
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
                int x = left + pw * t / 10;
                g.setColor(new Color(0xeeeeee));
                g.drawLine(left + 1, y, left + pw - 1, y);
                g.drawLine(x, top + 1, x, top + ph - 1);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.1f", t / 10.0), left - 30, y + 4);
                g.drawString(String.format(Locale.ROOT, "%.1f", t / 10.0), x - 8, top + ph + 16);
            }
            g.drawString("recall", left + pw / 2 - 15, h - 10);
            g.drawString("precision", 4, top - 8);

            CocoParams params = accumulation.params();
            double[] thresholds = params.iouThresholds();
            int all = Math.max(0, params.areaIndex(CocoParams.ALL));
            int m = params.maxDetections().length - 1;
            int t50 = params.iouIndex(0.5);
            int t75 = params.iouIndex(0.75);
            int[] everyThreshold = new int[thresholds.length];
            for (int t = 0; t < everyThreshold.length; t++) {
                everyThreshold[t] = t;
            }
            String limit = "maxDets " + params.maxDetectionsLimit();
            int legend = 0;
            if (t50 >= 0) {
                curve(g, accumulation, new int[] {t50}, all, m, AT_50, left, top, pw, ph);
                legend(g, AT_50, "@0.50", left + pw + 12, top + 8 + 18 * legend++);
            }
            if (t75 >= 0) {
                curve(g, accumulation, new int[] {t75}, all, m, AT_75, left, top, pw, ph);
                legend(g, AT_75, "@0.75", left + pw + 12, top + 8 + 18 * legend++);
            }
            curve(g, accumulation, everyThreshold, all, m, MEAN, left, top, pw, ph);
            legend(g, MEAN, String.format(Locale.ROOT, "mean @%.2f:%.2f", thresholds[0],
                    thresholds[thresholds.length - 1]), left + pw + 12, top + 8 + 18 * legend++);
            g.setColor(Color.DARK_GRAY);
            g.drawString("area all, " + limit, left + pw + 12, top + 14 + 18 * legend);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Mean precision at each recall point over the thresholds {@code ts} and all categories, ignoring -1. */
    static double[] meanPrecision(CocoAccumulation accumulation, int[] ts, int a, int m) {
        double[] recall = accumulation.params().recallThresholds();
        int categories = accumulation.categoryIds().length;
        double[] mean = new double[recall.length];
        for (int r = 0; r < recall.length; r++) {
            double sum = 0;
            int n = 0;
            for (int t : ts) {
                for (int k = 0; k < categories; k++) {
                    double p = accumulation.precision(t, r, k, a, m);
                    if (p > -1) {
                        sum += p;
                        n++;
                    }
                }
            }
            mean[r] = n == 0 ? -1 : sum / n;
        }
        return mean;
    }

    private static void curve(Graphics2D g, CocoAccumulation accumulation, int[] ts, int a, int m, Color colour,
                              int left, int top, int pw, int ph) {
        double[] recall = accumulation.params().recallThresholds();
        double[] precision = meanPrecision(accumulation, ts, a, m);
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        int px = -1, py = -1;
        for (int r = 0; r < recall.length; r++) {
            if (precision[r] < 0) {
                px = -1;
                continue;
            }
            int x = (int) Math.round(left + recall[r] * pw);
            int y = (int) Math.round(top + ph - Math.min(1, precision[r]) * ph);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            } else {
                g.fillRect(x - 1, y - 1, 3, 3);
            }
            px = x;
            py = y;
        }
    }

    private static void legend(Graphics2D g, Color colour, String label, int x, int y) {
        g.setColor(colour);
        g.fillRect(x, y, 12, 4);
        g.drawString(label, x + 18, y + 6);
    }
}
