package io.framewise.trainer.bench;

import io.framewise.common.model.gaze.GazeIndex;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A generated gaze dataset: a head (a round face with a dark pupil offset toward where it looks) and a bright target
 * square it looks at, over a noisy room. Each track is a short clip in which the target drifts and the head follows
 * it; in one frame of five the target is gone and the head looks off toward an edge (gaze outside, {@code -1 -1}).
 * Written as frames under {@code images/} and a gaze index ({@link GazeIndex}) {@code gaze.csv}.
 */
public final class GazeScenes {

    private GazeScenes() {
    }

    /**
     * Writes {@code tracks} clips of {@code length} frames of {@code width x height} under {@code folder}; returns the
     * index file. {@code hue} tints the room, so that two sets can differ in look (pre-training vs fine-tuning).
     */
    public static Path write(Path folder, int tracks, int length, int width, int height, float hue, long seed)
            throws IOException {
        Files.createDirectories(folder.resolve("images"));
        SplittableRandom random = new SplittableRandom(seed);
        List<GazeIndex.Row> rows = new ArrayList<>();
        for (int t = 0; t < tracks; t++) {
            double headX = width * (0.15 + 0.7 * random.nextDouble());
            double headY = height * (0.25 + 0.5 * random.nextDouble());
            double targetX = width * (0.1 + 0.8 * random.nextDouble());
            double targetY = height * (0.1 + 0.8 * random.nextDouble());
            double r = Math.max(5, width / 16.0);
            for (int f = 0; f < length; f++) {
                targetX = clamp(targetX + (random.nextDouble() - 0.5) * width * 0.06, width * 0.05, width * 0.95);
                targetY = clamp(targetY + (random.nextDouble() - 0.5) * height * 0.06, height * 0.05, height * 0.95);
                boolean outside = random.nextInt(5) == 0;
                BufferedImage image = room(width, height, hue, random);
                Graphics2D g = image.createGraphics();
                double lookX;
                double lookY;
                try {
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    if (outside) {
                        lookX = headX < width / 2.0 ? -width : 2.0 * width;
                        lookY = headY;
                    } else {
                        lookX = targetX;
                        lookY = targetY;
                        double s = Math.max(3, width / 24.0);
                        g.setColor(new Color(255, 250, 235));
                        g.fill(new java.awt.geom.Rectangle2D.Double(targetX - s, targetY - s, 2 * s, 2 * s));
                    }
                    g.setColor(new Color(225, 180, 150));
                    g.fill(new Ellipse2D.Double(headX - r, headY - r, 2 * r, 2 * r));
                    double d = Math.hypot(lookX - headX, lookY - headY);
                    double px = headX + (lookX - headX) / Math.max(d, 1e-9) * r * 0.55;
                    double py = headY + (lookY - headY) / Math.max(d, 1e-9) * r * 0.55;
                    g.setColor(new Color(30, 25, 25));
                    g.fill(new Ellipse2D.Double(px - r * 0.3, py - r * 0.3, r * 0.6, r * 0.6));
                } finally {
                    g.dispose();
                }
                String name = String.format(Locale.ROOT, "images/clip%03d/%05d.png", t, f);
                Files.createDirectories(folder.resolve(name).getParent());
                ImageIO.write(image, "png", folder.resolve(name).toFile());
                rows.add(new GazeIndex.Row(String.format(Locale.ROOT, "clip%03d/s00", t), name,
                        headX - r, headY - r, headX + r, headY + r, outside ? -1 : lookX,
                        outside ? -1 : lookY));
            }
        }
        Path index = folder.resolve("gaze.csv");
        try (Writer out = Files.newBufferedWriter(index)) {
            GazeIndex.write(rows, out);
        }
        return index;
    }

    private static BufferedImage room(int width, int height, float hue, SplittableRandom random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Color base = Color.getHSBColor(hue, 0.35f, 0.45f);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(30) - 15;
                image.setRGB(x, y, new Color(clamp(base.getRed() + n), clamp(base.getGreen() + n),
                        clamp(base.getBlue() + n)).getRGB());
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
