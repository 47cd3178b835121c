package io.framewise.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A generated keypoint dataset: a grey oval "animal" moving and turning over a noisy floor, seen from above, with four
 * parts marked by coloured dots: {@code nose} (red, front tip), {@code tail} (blue, back tip) and two ears (both
 * yellow) beside the head, {@code left_ear} on the animal's own left. The ears look alike, so only the geometry tells
 * left from right, as with real animals: a flip must swap them. Written as a COCO keypoints file with the true
 * positions (all visible), box and area.
 */
public final class PoseScenes {

    public static final List<String> PARTS = List.of("nose", "left_ear", "right_ear", "tail");
    /** OKS sigmas for the generated parts: dots are sharp, so annotators would agree closely. */
    public static final String SIGMAS = "0.08,0.08,0.08,0.08";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoseScenes() {
    }

    /**
     * Writes {@code count} images of {@code size} pixels under {@code folder/images} and the COCO keypoints file
     * {@code folder/keypoints.json}; returns that file. Frame {@code i} shows the animal at time {@code i} of a
     * smooth path; {@code seed} picks the path and the noise.
     */
    public static Path write(Path folder, int count, int size, long seed) throws IOException {
        Files.createDirectories(folder.resolve("images"));
        SplittableRandom random = new SplittableRandom(seed);
        double phase = random.nextDouble() * 2 * Math.PI;
        ObjectNode coco = JSON.createObjectNode();
        ArrayNode images = coco.putArray("images");
        ArrayNode annotations = coco.putArray("annotations");
        for (int i = 0; i < count; i++) {
            double t = phase + i * 0.37;
            double cx = size * (0.5 + 0.28 * Math.sin(t * 0.9));
            double cy = size * (0.5 + 0.28 * Math.sin(t * 1.3 + 1));
            double heading = t * 1.7 + random.nextDouble() * 0.6;
            double length = size * (0.30 + 0.12 * random.nextDouble());
            double width = length * 0.45;
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = 70 + random.nextInt(50);
                    image.setRGB(x, y, new Color(v + 20, v + 10, v).getRGB());
                }
            }
            double cos = Math.cos(heading);
            double sin = Math.sin(heading);
            // Body frame: +u forward along the heading, +v to the animal's left (image y points down).
            double[][] uv = {{length / 2, 0}, {length * 0.28, width * 0.42}, {length * 0.28, -width * 0.42},
                {-length / 2, 0}};
            float[] keypoints = new float[12];
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (int p = 0; p < 4; p++) {
                double px = cx + uv[p][0] * cos + uv[p][1] * sin;
                double py = cy + uv[p][0] * sin - uv[p][1] * cos;
                keypoints[3 * p] = (float) px;
                keypoints[3 * p + 1] = (float) py;
                keypoints[3 * p + 2] = 2;
            }
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                AffineTransform saved = g.getTransform();
                g.translate(cx, cy);
                g.rotate(heading);
                g.setColor(new Color(200, 200, 205));
                g.fill(new Ellipse2D.Double(-length / 2, -width / 2, length, width));
                g.setTransform(saved);
                double dot = Math.max(1.5, size / 48.0);
                Color[] colours = {new Color(230, 40, 40), new Color(240, 220, 40), new Color(240, 220, 40),
                    new Color(40, 80, 230)};
                for (int p = 0; p < 4; p++) {
                    g.setColor(colours[p]);
                    g.fill(new Ellipse2D.Double(keypoints[3 * p] - dot, keypoints[3 * p + 1] - dot, 2 * dot, 2 * dot));
                }
            } finally {
                g.dispose();
            }
            // The box: the rotated ellipse's extent.
            double hx = Math.sqrt(Math.pow(length / 2 * cos, 2) + Math.pow(width / 2 * sin, 2));
            double hy = Math.sqrt(Math.pow(length / 2 * sin, 2) + Math.pow(width / 2 * cos, 2));
            x0 = cx - hx;
            x1 = cx + hx;
            y0 = cy - hy;
            y1 = cy + hy;
            String name = String.format(Locale.ROOT, "frame-%05d.png", i);
            ImageIO.write(image, "png", folder.resolve("images").resolve(name).toFile());
            ObjectNode im = images.addObject();
            im.put("id", i + 1);
            im.put("file_name", "images/" + name);
            im.put("width", size);
            im.put("height", size);
            ObjectNode a = annotations.addObject();
            a.put("id", i + 1);
            a.put("image_id", i + 1);
            a.put("category_id", 1);
            a.put("iscrowd", 0);
            a.putArray("bbox").add(x0).add(y0).add(x1 - x0).add(y1 - y0);
            a.put("area", Math.PI * length * width / 4);
            a.put("num_keypoints", 4);
            ArrayNode kp = a.putArray("keypoints");
            for (float v : keypoints) {
                kp.add(v);
            }
        }
        ObjectNode category = coco.putArray("categories").addObject();
        category.put("id", 1);
        category.put("name", "animal");
        ArrayNode names = category.putArray("keypoints");
        PARTS.forEach(names::add);
        ArrayNode skeleton = category.putArray("skeleton");
        skeleton.addArray().add(1).add(2);
        skeleton.addArray().add(1).add(3);
        skeleton.addArray().add(2).add(4);
        skeleton.addArray().add(3).add(4);
        Path file = folder.resolve("keypoints.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), coco);
        return file;
    }
}
