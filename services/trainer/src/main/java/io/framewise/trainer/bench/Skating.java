package io.framewise.trainer.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A generated figure-skating-like set for LoANs: frames of a textured object (a striped, tall figure) moving
 * over a noisy rink, with the true boxes known; and an assessor dataset of crops of the same object on
 * backgrounds, each labelled with the IoU between the crop window and the object.
 */
public final class Skating {

    /** The figure's size at 64 px frames; it scales with the frame size. */
    public static final int FIGURE_W = 18, FIGURE_H = 28;

    private Skating() {
    }

    static int figureWidth(int size) {
        return Math.max(FIGURE_W, FIGURE_W * size / 64);
    }

    static int figureHeight(int size) {
        return Math.max(FIGURE_H, FIGURE_H * size / 64);
    }

    static BufferedImage background(int size, SplittableRandom r) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = 150 + y / 3 + r.nextInt(40);
                image.setRGB(x, y, new Color(Math.min(255, v - 20), Math.min(255, v), Math.min(255, v + 25)).getRGB());
            }
        }
        return image;
    }

    static void figure(BufferedImage image, int x, int y, int w, int h) {
        Graphics2D g = image.createGraphics();
        for (int row = 0; row < h; row++) {
            int r = row * FIGURE_H / h;
            g.setColor((r / 3) % 2 == 0 ? new Color(200, 20, 40) : new Color(30, 30, 120));
            int inset = (r < 8 ? 5 : r > 22 ? 3 : 0) * w / FIGURE_W;
            g.fillRect(x + inset, y + row, w - 2 * inset, 1);
        }
        g.dispose();
    }

    /** Frames along a path, {@code gt.csv} (path,x,y,w,h) under {@code dir}; returns the gt.csv path. */
    public static Path frames(Path dir, int count, int size, long seed) throws IOException {
        Files.createDirectories(dir.resolve("frames"));
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder gt = new StringBuilder("path,x,y,width,height\n");
        int fw = figureWidth(size);
        int fh = figureHeight(size);
        for (int i = 0; i < count; i++) {
            int x = r.nextInt(size - fw);
            int y = r.nextInt(size - fh);
            BufferedImage frame = background(size, r);
            figure(frame, x, y, fw, fh);
            String name = String.format(Locale.ROOT, "frames/%05d.png", i);
            ImageIO.write(frame, "png", dir.resolve(name).toFile());
            gt.append(name).append(',').append(x).append(',').append(y).append(',').append(fw).append(',')
                    .append(fh).append('\n');
        }
        Path file = dir.resolve("gt.csv");
        Files.writeString(file, gt);
        return file;
    }

    /** Crops around the figure at random scales and offsets, {@code images.csv} (path TAB IoU). */
    public static Path assessor(Path dir, int count, int size, int cropW, int cropH, long seed) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder();
        int fw = figureWidth(size);
        int fh = figureHeight(size);
        for (int i = 0; i < count; i++) {
            int fx = r.nextInt(size - fw);
            int fy = r.nextInt(size - fh);
            BufferedImage scene = background(size, r);
            figure(scene, fx, fy, fw, fh);
            double scale = 0.5 + r.nextDouble() * 2.5;
            int w = Math.max(4, (int) Math.round(fw * scale));
            int h = Math.max(4, (int) Math.round(fh * scale));
            int cx = fx + fw / 2 + (int) Math.round((r.nextDouble() - 0.5) * 2 * fw);
            int cy = fy + fh / 2 + (int) Math.round((r.nextDouble() - 0.5) * 2 * fh);
            int x0 = Math.max(0, Math.min(size - w, cx - w / 2));
            int y0 = Math.max(0, Math.min(size - h, cy - h / 2));
            w = Math.min(w, size - x0);
            h = Math.min(h, size - y0);
            double iou = iou(x0, y0, w, h, fx, fy, fw, fh);
            BufferedImage crop = new BufferedImage(cropW, cropH, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = crop.createGraphics();
            g.drawImage(scene, 0, 0, cropW, cropH, x0, y0, x0 + w, y0 + h, null);
            g.dispose();
            String name = "images/" + i + ".png";
            ImageIO.write(crop, "png", dir.resolve(name).toFile());
            csv.append(name).append('\t').append(String.format(Locale.ROOT, "%.4f", iou)).append('\n');
        }
        Path file = dir.resolve("images.csv");
        Files.writeString(file, csv);
        return file;
    }

    public static double iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
        double ix = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
        double iy = Math.min(ay + ah, by + bh) - Math.max(ay, by);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        return ix * iy / (aw * ah + bw * bh - ix * iy);
    }
}
