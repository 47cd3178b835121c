package io.framewise.trainer.core.gaze;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Solid-colour frames written as JPEG, PNG (ImageIO) or binary PPM (by hand: ImageIO does not write it). */
final class GazeImages {

    private GazeImages() {
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Writes a solid frame in the format its extension names. */
    static void write(Path file, int width, int height, int rgb) {
        try {
            Files.createDirectories(file.getParent());
            String name = file.getFileName().toString();
            BufferedImage image = solid(width, height, rgb);
            if (name.endsWith(".ppm")) {
                Files.write(file, ppm(image));
            } else if (!ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile())) {
                throw new IllegalStateException("no writer for " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] ppm(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("P6\n# test frame\n" + image.getWidth() + " " + image.getHeight() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out.write(rgb >> 16 & 0xff);
                out.write(rgb >> 8 & 0xff);
                out.write(rgb & 0xff);
            }
        }
        return out.toByteArray();
    }

    /** The colour at a pixel, as 0xRRGGBB. */
    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    /** Whether two colours differ by at most {@code tolerance} in each channel (JPEG is lossy). */
    static boolean near(int a, int b, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
