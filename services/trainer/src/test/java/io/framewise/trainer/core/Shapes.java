package io.framewise.trainer.core;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Generated detection data: bright squares, disks and triangles (1 to 3 per image) on coloured noise, as a
 * COCO dataset ({@code instances.json} and {@code images/N.png}). Deterministic for a seed.
 */
public final class Shapes {

    public static final String[] CATEGORIES = {"square", "disk", "triangle"};

    private Shapes() {
    }

    public static Path write(Path root, int count, int size, long seed) throws IOException {
        Files.createDirectories(root.resolve("images"));
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        int annotationId = 1;
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = 40 + random.nextInt(60);
                    image.setRGB(x, y, new Color(v, v + random.nextInt(20), v).getRGB());
                }
            }
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int objects = 1 + random.nextInt(3);
            for (int o = 0; o < objects; o++) {
                int category = random.nextInt(CATEGORIES.length);
                int w = size / 6 + random.nextInt(size / 4);
                int h = category == 0 ? w : size / 6 + random.nextInt(size / 4);
                int x = random.nextInt(size - w);
                int y = random.nextInt(size - h);
                g.setColor(Color.getHSBColor((float) random.nextDouble(), 0.7f, 1f));
                switch (category) {
                    case 0 -> g.fillRect(x, y, w, h);
                    case 1 -> g.fillOval(x, y, w, h);
                    default -> g.fillPolygon(new Polygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3));
                }
                if (annotations.length() > 0) {
                    annotations.append(",\n");
                }
                annotations.append(String.format(Locale.ROOT,
                        "{\"id\":%d,\"image_id\":%d,\"category_id\":%d,\"bbox\":[%d,%d,%d,%d],\"area\":%d,\"iscrowd\":0}",
                        annotationId++, i + 1, category + 1, x, y, w, h, w * h));
            }
            g.dispose();
            ImageIO.write(image, "png", root.resolve("images/" + i + ".png").toFile());
            if (images.length() > 0) {
                images.append(",\n");
            }
            images.append(String.format(Locale.ROOT, "{\"id\":%d,\"file_name\":\"images/%d.png\",\"width\":%d,\"height\":%d}",
                    i + 1, i, size, size));
        }
        StringBuilder categories = new StringBuilder();
        for (int c = 0; c < CATEGORIES.length; c++) {
            categories.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"id\":%d,\"name\":\"%s\"}", c + 1,
                    CATEGORIES[c]));
        }
        Path json = root.resolve("instances.json");
        Files.writeString(json, "{\"images\":[\n" + images + "],\n\"annotations\":[\n" + annotations
                + "],\n\"categories\":[" + categories + "]}\n");
        return json;
    }
}
