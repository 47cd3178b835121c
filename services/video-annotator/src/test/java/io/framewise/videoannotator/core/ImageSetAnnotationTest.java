package io.framewise.videoannotator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.image.ImageDecoding;
import io.framewise.common.image.UnreadableImageException;
import io.framewise.common.model.detector.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image sets through the annotation pipeline, with the stand-in model whose boxes are exactly known. */
class ImageSetAnnotationTest {

    private static final Runnable NO_ENGINE = () -> { };
    private static final Color YELLOW = new Color(250, 230, 40);

    @TempDir
    Path dir;

    private static AnnotationOptions options(int batch, int maxSide) {
        AnnotationOptions d = AnnotationOptions.defaults();
        return new AnnotationOptions(d.minScore(), d.nmsIou(), d.maxDetections(), List.of(), maxSide, batch,
                d.assessorThreshold(), false, 4);
    }

    /** A gray picture with the yellow square the stand-in model finds at {@code x, y}, encoded as {@code format}. */
    private static byte[] picture(int width, int height, int x, int y, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, width, height);
        g.setColor(YELLOW);
        g.fillRect(x, y, 30, 30);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return bytes.toByteArray();
    }

    private static boolean near(int rgb, Color c, int tolerance) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return Math.abs(r - c.getRed()) <= tolerance && Math.abs(g - c.getGreen()) <= tolerance
                && Math.abs(b - c.getBlue()) <= tolerance;
    }

    @Test
    void everyImageIsAnnotatedAtItsOwnSizeInOrderWithItsNameInTheResults() throws Exception {
        List<ImageSetAnnotation.Image> images = List.of(
                new ImageSetAnnotation.Image("rink/a.jpg", () -> picture(160, 120, 20, 30, "jpg")),
                new ImageSetAnnotation.Image("rink/b.png", () -> picture(97, 81, 50, 40, "png")),
                new ImageSetAnnotation.Image("c.bmp", () -> picture(200, 150, 100, 10, "bmp")));
        Map<String, byte[]> written = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<AnnotatedFrame> seen = new ArrayList<>();
        Path json = dir.resolve("images.json");
        AnnotationSummary summary = new ImageSetAnnotation(options(2, 0), null, NO_ENGINE, ImageDecoding.DEFAULT_MAX_PIXELS)
                .run(images, new SquareFinder("one-stage-detector"), (name, bytes, type) -> {
                    written.put(name, bytes);
                    types.put(name, type);
                }, json, seen::add);

        assertThat(summary.frames()).isEqualTo(3);
        assertThat(summary.detections()).isEqualTo(3);
        assertThat(written.keySet()).containsExactly("rink/a.jpg", "rink/b.png", "c.png");
        assertThat(types.values()).containsExactly("image/jpeg", "image/png", "image/png");
        assertThat(seen).extracting(AnnotatedFrame::index).containsExactly(0L, 1L, 2L);

        // Each output keeps its image's size (odd sides too) and shows the box where the detection says.
        int[][] sizes = {{160, 120}, {97, 81}, {200, 150}};
        int i = 0;
        for (byte[] bytes : written.values()) {
            BufferedImage out = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(out.getWidth()).isEqualTo(sizes[i][0]);
            assertThat(out.getHeight()).isEqualTo(sizes[i][1]);
            Detection d = seen.get(i).detections().get(0);
            int midY = (int) (d.y() + d.height() / 2);
            assertThat(near(out.getRGB((int) d.x() + 1, midY), FrameDrawing.colour(0), 60)).as("image %d box edge", i).isTrue();
            assertThat(near(out.getRGB((int) (d.x() + d.width() / 2), midY), YELLOW, 60)).as("image %d inside", i).isTrue();
            i++;
        }
        assertThat(seen.get(1).detections().get(0).x()).isEqualTo(50);

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(3);
        assertThat(results.get(1).path("image_id").asInt()).isEqualTo(2);
        assertThat(results.get(1).path("file_name").asText()).isEqualTo("rink/b.png");
        assertThat(results.get(1).path("bbox").get(0).asDouble()).isEqualTo(50);
    }

    @Test
    void imagesAreScaledToTheLongestSideAsked() throws Exception {
        List<AnnotatedFrame> seen = new ArrayList<>();
        Map<String, byte[]> written = new LinkedHashMap<>();
        new ImageSetAnnotation(options(4, 80), null, NO_ENGINE, ImageDecoding.DEFAULT_MAX_PIXELS)
                .run(List.of(new ImageSetAnnotation.Image("big.png", () -> picture(160, 120, 40, 40, "png"))),
                        new SquareFinder("one-stage-detector"), (name, bytes, type) -> written.put(name, bytes), null, seen::add);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(written.get("big.png")));
        assertThat(out.getWidth()).isEqualTo(80);
        assertThat(out.getHeight()).isEqualTo(60);
        Detection d = seen.get(0).detections().get(0);
        assertThat(d.x()).isBetween(19.0, 21.0);
        assertThat(d.width()).isBetween(14.0, 16.0);
    }

    @Test
    void anUndecodableImageOrAnImageBombOrAnEmptySetIsRefusedByName() {
        ImageSetAnnotation annotation = new ImageSetAnnotation(options(2, 0), null, NO_ENGINE, 10_000);
        SquareFinder model = new SquareFinder("one-stage-detector");
        assertThatThrownBy(() -> annotation.run(List.of(
                new ImageSetAnnotation.Image("ok.png", () -> picture(60, 60, 5, 5, "png")),
                new ImageSetAnnotation.Image("broken.jpg", () -> "not an image".getBytes())), model, (n, b, t) -> { }, null, null))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("cannot decode image broken.jpg: not an image");
        assertThatThrownBy(() -> annotation.run(List.of(new ImageSetAnnotation.Image("huge.png",
                () -> picture(200, 100, 5, 5, "png"))), model, (n, b, t) -> { }, null, null))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("image huge.png declares 200x100 pixels");
        assertThatThrownBy(() -> annotation.run(List.of(), model, (n, b, t) -> { }, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the image set is empty");
    }
}
