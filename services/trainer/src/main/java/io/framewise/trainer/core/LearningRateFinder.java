package io.framewise.trainer.core;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The learning-rate range test (Smith, 2017): from fresh weights, one iteration per rate, rates spaced
 * geometrically from {@code min} to {@code max}; the loss is smoothed (exponential, 0.98) and the test ends
 * early once it exceeds four times its best. The suggestion is the rate where the smoothed loss falls fastest
 * (steepest negative slope against log rate). Writes {@code lr-find.csv} and a plot, {@code lr-find.png}.
 */
public final class LearningRateFinder {

    public record Point(double learningRate, double loss, double smoothed) {
    }

    public record Result(List<Point> points, double suggested) {
    }

    private LearningRateFinder() {
    }

    public static Result run(TrainingTask<?> task, Hyperparameters h, NDManager manager, double min, double max, int steps,
            Path out) throws IOException {
        if (!(min > 0 && max > min && steps >= 5)) {
            throw new IllegalArgumentException("the range test needs 0 < min < max and at least 5 steps");
        }
        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        for (Map.Entry<String, Block> b : task.blocks().entrySet()) {
            optimizers.put(b.getKey(), new Optimizer(h.optimizer(), h.momentum(), h.weightDecay(), b.getValue(), manager));
        }
        List<Point> points = new ArrayList<>();
        int perEpoch = h.iterationsPerEpoch(task.samples());
        try (Prefetcher<?> data = new Prefetcher<>(task, h.batchSize(), h.loaderThreads(), h.prefetchBatches(), h.seed())) {
            double smoothed = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < steps; i++) {
                double lr = min * Math.pow(max / min, (double) i / (steps - 1));
                @SuppressWarnings("unchecked")
                List<Object> batch = (List<Object>) data.batch(i / perEpoch, i % perEpoch);
                double loss;
                try {
                    loss = TrainingRun.step(task, batch, optimizers, lr).get("total");
                } catch (NonFiniteLossException diverged) {
                    break;
                }
                smoothed = i == 0 ? loss : 0.98 * smoothed + 0.02 * loss;
                double corrected = smoothed / (1 - Math.pow(0.98, i + 1));
                points.add(new Point(lr, loss, corrected));
                best = Math.min(best, corrected);
                if (corrected > 4 * best && i > 5) {
                    break;
                }
            }
        } finally {
            optimizers.values().forEach(Optimizer::close);
        }
        double suggested = suggest(points);
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("learning_rate,loss,smoothed_loss\n");
        for (Point p : points) {
            csv.append(String.format(Locale.ROOT, "%.6g,%.6f,%.6f%n", p.learningRate(), p.loss(), p.smoothed()));
        }
        Files.writeString(out.resolve("lr-find.csv"), csv);
        ImageIO.write(plot(points, suggested), "png", out.resolve("lr-find.png").toFile());
        return new Result(points, suggested);
    }

    static double suggest(List<Point> points) {
        if (points.size() < 3) {
            return points.isEmpty() ? Double.NaN : points.get(0).learningRate();
        }
        int best = 1;
        double steepest = Double.POSITIVE_INFINITY;
        // Skip the first and last tenth: the start is noise, the end is divergence.
        int from = Math.max(1, points.size() / 10);
        int to = Math.max(from + 1, points.size() - points.size() / 10);
        for (int i = from; i < to; i++) {
            double slope = (points.get(i).smoothed() - points.get(i - 1).smoothed())
                    / Math.log(points.get(i).learningRate() / points.get(i - 1).learningRate());
            if (slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return points.get(best).learningRate();
    }

    private static BufferedImage plot(List<Point> points, double suggested) {
        int w = 720, h = 440, left = 70, right = 20, top = 30, bottom = 50;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawRect(left, top, w - left - right, h - top - bottom);
            g.drawString("learning rate (log scale)", w / 2 - 60, h - 10);
            g.drawString("smoothed loss", 5, top - 10);
            if (points.size() < 2) {
                return image;
            }
            double lx0 = Math.log10(points.get(0).learningRate());
            double lx1 = Math.log10(points.get(points.size() - 1).learningRate());
            double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
            for (Point p : points) {
                y0 = Math.min(y0, p.smoothed());
                y1 = Math.max(y1, p.smoothed());
            }
            y1 = Math.min(y1, y0 + 4 * (points.get(0).smoothed() - y0 + 1e-9));
            double sx = (w - left - right) / Math.max(1e-9, lx1 - lx0);
            double sy = (h - top - bottom) / Math.max(1e-9, y1 - y0);
            for (int d = (int) Math.ceil(lx0); d <= Math.floor(lx1); d++) {
                int x = (int) (left + (d - lx0) * sx);
                g.drawLine(x, h - bottom, x, h - bottom + 5);
                g.drawString("1e" + d, x - 10, h - bottom + 18);
            }
            g.drawString(String.format(Locale.ROOT, "%.3g", y0), 5, h - bottom);
            g.drawString(String.format(Locale.ROOT, "%.3g", y1), 5, top + 10);
            Path2D line = new Path2D.Double();
            for (int i = 0; i < points.size(); i++) {
                double x = left + (Math.log10(points.get(i).learningRate()) - lx0) * sx;
                double y = h - bottom - (Math.min(points.get(i).smoothed(), y1) - y0) * sy;
                if (i == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
            }
            g.setColor(new Color(0x1565c0));
            g.setStroke(new BasicStroke(2f));
            g.draw(line);
            int sxLine = (int) (left + (Math.log10(suggested) - lx0) * sx);
            g.setColor(new Color(0xd84315));
            g.drawLine(sxLine, top, sxLine, h - bottom);
            g.drawString(String.format(Locale.ROOT, "suggested %.2g", suggested), sxLine + 5, top + 15);
        } finally {
            g.dispose();
        }
        return image;
    }
}
