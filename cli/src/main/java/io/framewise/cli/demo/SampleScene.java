package io.framewise.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The demo's little world, drawn deterministically from a seed: an ice-rink-like textured background, a
 * "skater" (a striped figure, the object the pipeline learns), a "ball" and a "cone".
 */
public final class SampleScene {

    static final int SKATER_W = 36;
    static final int SKATER_H = 60;

    private SampleScene() {
    }

    static BufferedImage background(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(200, 215, 235), width, height, new Color(150, 170, 200)));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(255, 255, 255, 40 + random.nextInt(60)));
            g.setStroke(new BasicStroke(1 + random.nextInt(3)));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            g.drawArc(x, y, 20 + random.nextInt(120), 10 + random.nextInt(60), random.nextInt(360), 90 + random.nextInt(180));
        }
        g.setColor(new Color(60, 70, 110));
        g.fillRect(0, 0, width, height / 10);
        g.dispose();
        return image;
    }

    /** Draws a skater with its top-left corner at (x, y); returns nothing, its box is (x, y, SKATER_W, SKATER_H). */
    static void skater(Graphics2D g, int x, int y, double phase) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(200, 30, 60));
        g.fillRoundRect(x + 8, y + 14, 20, 28, 8, 8);
        g.setColor(new Color(250, 220, 60));
        for (int s = 0; s < 3; s++) {
            g.fillRect(x + 8, y + 18 + s * 8, 20, 3);
        }
        g.setColor(new Color(240, 200, 170));
        g.fillOval(x + 11, y, 14, 14);
        g.setColor(new Color(30, 30, 40));
        int swing = (int) Math.round(Math.sin(phase) * 6);
        g.setStroke(new BasicStroke(4));
        g.drawLine(x + 13, y + 42, x + 10 + swing, y + SKATER_H - 3);
        g.drawLine(x + 23, y + 42, x + 26 - swing, y + SKATER_H - 3);
        g.drawLine(x + 8, y + 20, x + 1, y + 32 + swing);
        g.drawLine(x + 28, y + 20, x + SKATER_W - 1, y + 32 - swing);
    }

    /**
     * The skater alone on a transparent canvas, as an RGBA template: drawn at twice its size in pose
     * {@code phase}, leaning {@code degrees} (positive: clockwise), and cut to the figure's visible pixels.
     */
    static BufferedImage skaterTemplate(double phase, int degrees) {
        int scale = 2;
        int side = (int) Math.ceil(Math.hypot(SKATER_W, SKATER_H)) * scale + 8;
        BufferedImage canvas = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), side / 2.0, side / 2.0);
        g.translate(side / 2.0, side / 2.0);
        g.scale(scale, scale);
        skater(g, -SKATER_W / 2, -SKATER_H / 2, phase);
        g.dispose();
        int minX = side, minY = side, maxX = -1, maxY = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if ((canvas.getRGB(x, y) >>> 24) > 16) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        BufferedImage template = new BufferedImage(maxX - minX + 1, maxY - minY + 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D t = template.createGraphics();
        t.drawImage(canvas, -minX, -minY, null);
        t.dispose();
        return template;
    }

    static void ball(Graphics2D g, int x, int y, int d) {
        g.setColor(new Color(245, 140, 20));
        g.fillOval(x, y, d, d);
        g.setColor(new Color(120, 60, 10));
        g.drawArc(x + 2, y + 2, d - 4, d - 4, 30, 120);
    }

    static void cone(Graphics2D g, int x, int y, int w, int h) {
        g.setColor(new Color(40, 170, 70));
        g.fillPolygon(new Polygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3));
    }
}
