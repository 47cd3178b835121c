package io.framewise.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Generates the demo's inputs: training videos of a skater moving over a rink, a hand-labelled-style set of
 * held-out frames with the skater's box, RGBA templates of the skater and empty rinks for the
 * dataset-synthesizer, and a COCO-style image set.
 */
public final class SampleData {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    static final List<String> CATEGORIES = List.of("skater", "ball", "cone");

    private SampleData() {
    }

    /** One training video: the skater glides along a figure-eight for {@code frames} frames at 25 fps (H.264 in mp4). */
    public static Path video(Path file, int frames, long seed) throws IOException {
        return video(file, WIDTH, HEIGHT, frames, seed);
    }

    /** The same scene at another size (the skater keeps its size; the rink grows). */
    public static Path video(Path file, int width, int height, int frames, long seed) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Clip clip = new Clip(width, height, seed);
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setVideoBitrate(Math.max(600_000, width * height * 4));
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(clip.frame(i)), avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write the sample video " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Where the skater is in frame {@code frame} of the {@link #video(Path, int, long) video} of {@code seed}:
     * {@code {x, y, width, height}} in pixels, the box a careful labeller would draw.
     */
    public static int[] skaterBox(int frame, long seed) {
        return new Clip(WIDTH, HEIGHT, seed).box(frame);
    }

    /**
     * A hand-labelled-style validation set for the LoANs localizer: every {@code every}-th of {@code frames}
     * frames of the video of {@code seed} (one that is never dropped for training), as JPEGs under
     * {@code dir/images/}, and a COCO {@code dir/instances.json} with the skater's true box in each (one
     * category, skater).
     */
    public static Path labelledFrames(Path dir, int frames, int every, long seed) throws IOException {
        Clip clip = new Clip(WIDTH, HEIGHT, seed);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putObject("info").put("description", "Framewise demo: the skater's box in a held-out clip").put("version", "1.0");
        root.putArray("licenses").addObject().put("id", 1).put("name", "generated");
        ArrayNode images = root.putArray("images");
        ArrayNode annotations = root.putArray("annotations");
        Files.createDirectories(dir.resolve("images"));
        int id = 0;
        for (int i = 0; i < frames; i += every) {
            id++;
            String name = String.format("frame_%06d.jpg", i);
            ImageIO.write(clip.frame(i), "jpg", dir.resolve("images").resolve(name).toFile());
            images.addObject().put("id", id).put("file_name", name).put("width", WIDTH).put("height", HEIGHT).put("license", 1);
            int[] b = clip.box(i);
            ObjectNode a = annotations.addObject();
            a.put("id", id).put("image_id", id).put("category_id", 1);
            a.putArray("bbox").add(b[0]).add(b[1]).add(b[2]).add(b[3]);
            a.put("area", b[2] * b[3]).put("iscrowd", 0);
        }
        root.putArray("categories").addObject().put("id", 1).put("name", "skater").put("supercategory", "rink");
        Path file = dir.resolve("instances.json");
        json.writeValue(file.toFile(), root);
        return file;
    }

    /**
     * RGBA PNG templates of the skater for the dataset-synthesizer, under {@code dir/skater/} (the folder names
     * the category): {@code poses} poses of its arms and legs, each upright and leaning left and right, cut to
     * the figure (transparent around it, so the template's box is the skater's).
     */
    public static List<Path> templates(Path dir, int poses) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("skater"));
        List<Path> files = new ArrayList<>();
        for (int p = 0; p < poses; p++) {
            for (int angle : new int[] {-12, 0, 12}) {
                Path file = folder.resolve(String.format("pose-%02d%s.png", p, angle == 0 ? "" : angle < 0 ? "-left" : "-right"));
                ImageIO.write(SampleScene.skaterTemplate(p * 6.0 / poses, angle), "png", file.toFile());
                files.add(file);
            }
        }
        return files;
    }

    /** {@code count} empty rinks (no skater, ball or cone), JPEGs under {@code dir}, for the dataset-synthesizer. */
    public static List<Path> backgrounds(Path dir, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("rink-%02d.jpg", i));
            ImageIO.write(SampleScene.background(WIDTH, HEIGHT, seed + i), "jpg", file.toFile());
            files.add(file);
        }
        return files;
    }

    /**
     * The skater's natural sizes in a {@value #WIDTH}x{@value #HEIGHT} rink, as the synthesizer's base-boxes JSON
     * (bounding boxes as top, left, bottom, right): templates are pasted at these sizes, as in the videos.
     */
    public static Path baseBoxes(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode root = json.createArrayNode();
        ArrayNode boxes = root.addObject().put("image", "rink").putArray("bounding_boxes");
        for (double scale : new double[] {0.85, 1.0, 1.15}) {
            int w = (int) Math.round(SampleScene.SKATER_W * scale);
            int h = (int) Math.round(SampleScene.SKATER_H * scale);
            boxes.addArray().add(40).add(40).add(40 + h).add(40 + w);
        }
        json.writeValue(file.toFile(), root);
        return file;
    }

    /** A video's scene: the rink of its seed and the skater's figure-eight, frame by frame. */
    private static final class Clip {

        private final int width;
        private final int height;
        private final BufferedImage background;
        private final double phase0;

        Clip(int width, int height, long seed) {
            this.width = width;
            this.height = height;
            this.background = SampleScene.background(width, height, seed);
            this.phase0 = new Random(seed).nextDouble() * Math.PI * 2;
        }

        int[] box(int frame) {
            double t = phase0 + frame / 25.0;
            int x = (int) (width / 2 - SampleScene.SKATER_W / 2 + Math.sin(t) * (width / 2 - 30));
            int y = (int) (height / 2 - SampleScene.SKATER_H / 2 + 10 + Math.sin(2 * t) * (height / 2 - 50));
            return new int[] {x, y, SampleScene.SKATER_W, SampleScene.SKATER_H};
        }

        BufferedImage frame(int i) {
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.drawImage(background, 0, 0, null);
            int[] box = box(i);
            SampleScene.skater(g, box[0], box[1], (phase0 + i / 25.0) * 6);
            g.dispose();
            return frame;
        }
    }

    /**
     * A COCO instances set of {@code count} images under {@code dir/images/} and {@code dir/instances.json}:
     * one or two skaters per image, a ball in about half, a cone in about a third.
     */
    public static Path cocoSet(Path dir, int count, long seed) throws IOException {
        Random random = new Random(seed);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putObject("info").put("description", "Framewise demo set").put("version", "1.0");
        root.putArray("licenses").addObject().put("id", 1).put("name", "generated");
        ArrayNode images = root.putArray("images");
        ArrayNode annotations = root.putArray("annotations");
        Files.createDirectories(dir.resolve("images"));
        long annotationId = 1;
        for (int i = 1; i <= count; i++) {
            BufferedImage image = SampleScene.background(WIDTH, HEIGHT, seed + i);
            Graphics2D g = image.createGraphics();
            List<int[]> boxes = new ArrayList<>();
            int skaters = 1 + random.nextInt(2);
            for (int s = 0; s < skaters; s++) {
                int x = random.nextInt(WIDTH - SampleScene.SKATER_W);
                int y = HEIGHT / 10 + random.nextInt(HEIGHT - HEIGHT / 10 - SampleScene.SKATER_H);
                SampleScene.skater(g, x, y, random.nextDouble() * 6);
                boxes.add(new int[] {1, x, y, SampleScene.SKATER_W, SampleScene.SKATER_H});
            }
            if (random.nextInt(2) == 0) {
                int d = 14 + random.nextInt(10);
                int x = random.nextInt(WIDTH - d);
                int y = HEIGHT / 10 + random.nextInt(HEIGHT - HEIGHT / 10 - d);
                SampleScene.ball(g, x, y, d);
                boxes.add(new int[] {2, x, y, d, d});
            }
            if (random.nextInt(3) == 0) {
                int w = 18 + random.nextInt(10);
                int h = 22 + random.nextInt(10);
                int x = random.nextInt(WIDTH - w);
                int y = HEIGHT / 10 + random.nextInt(HEIGHT - HEIGHT / 10 - h);
                SampleScene.cone(g, x, y, w, h);
                boxes.add(new int[] {3, x, y, w, h});
            }
            g.dispose();
            String name = String.format("demo_%06d.jpg", i);
            ImageIO.write(image, "jpg", dir.resolve("images").resolve(name).toFile());
            images.addObject().put("id", i).put("file_name", name).put("width", WIDTH).put("height", HEIGHT).put("license", 1);
            for (int[] b : boxes) {
                ObjectNode a = annotations.addObject();
                a.put("id", annotationId++).put("image_id", i).put("category_id", b[0]);
                a.putArray("bbox").add(b[1]).add(b[2]).add(b[3]).add(b[4]);
                a.put("area", b[3] * b[4]).put("iscrowd", 0);
                a.putArray("segmentation").addArray().add(b[1]).add(b[2]).add(b[1] + b[3]).add(b[2])
                        .add(b[1] + b[3]).add(b[2] + b[4]).add(b[1]).add(b[2] + b[4]);
            }
        }
        ArrayNode categories = root.putArray("categories");
        for (int c = 0; c < CATEGORIES.size(); c++) {
            categories.addObject().put("id", c + 1).put("name", CATEGORIES.get(c)).put("supercategory", "rink");
        }
        Path file = dir.resolve("instances.json");
        json.writeValue(file.toFile(), root);
        return file;
    }
}
