package io.framewise.videoannotator.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.image.ImageDecoding;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Keypoint;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.TestVideos;
import io.framewise.common.video.VideoReader;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pose model (a tiny untrained stacked hourglass run by libtorch) through the annotation pipeline: skeletons drawn
 * where the keypoints are, keypoints given to the listener and written as COCO keypoint results. Untrained weights
 * put the joints anywhere, but wherever they are, they must be drawn there.
 */
class PoseAnnotationTest {

    /** Joint colours of {@link io.framewise.common.model.keypoints.PoseDrawing}: unpaired, left, right. */
    private static final Color CENTRE = new Color(0x00e676);
    private static final Color LEFT = new Color(0xff9100);
    private static final Color RIGHT = new Color(0x2979ff);
    /** By part of {@link PoseCheckpoints#KEYPOINTS}: nose, left_ear, right_ear, tail. */
    private static final Color[] JOINT = {CENTRE, LEFT, RIGHT, CENTRE};

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path checkpoint;

    @BeforeAll
    static void checkpoint() throws Exception {
        checkpoint = PoseCheckpoints.write(shared.resolve("pose"));
    }

    private static AnnotationOptions options() {
        AnnotationOptions d = AnnotationOptions.defaults();
        return new AnnotationOptions(d.minScore(), d.nmsIou(), d.maxDetections(), List.of(), 0, 3, d.assessorThreshold(),
                false, 4);
    }

    /** Every frame has one pose of the 4 parts, finite and inside the frame. */
    private static void assertPoses(List<AnnotatedFrame> frames, int count) {
        assertThat(frames).hasSize(count).allSatisfy(f -> {
            assertThat(f.detections()).hasSize(1);
            assertThat(f.detections().get(0).keypoints()).hasSize(4).allSatisfy(k -> {
                assertThat(k.x()).isFinite().isBetween(0.0, (double) f.width());
                assertThat(k.y()).isFinite().isBetween(0.0, (double) f.height());
                assertThat(k.confidence()).isFinite();
            });
        });
    }

    /** The COCO results: one per frame, with an x, y, score triplet per part. */
    private static void assertKeypointResults(Path json, List<AnnotatedFrame> frames) throws Exception {
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.path("image_id").asInt()).isEqualTo(i + 1);
            assertThat(r.path("category_name").asText()).isEqualTo("animal");
            assertThat(r.path("keypoints")).hasSize(12);
            Keypoint first = frames.get(i).detections().get(0).keypoints().get(0);
            assertThat(r.path("keypoints").get(0).asDouble()).isCloseTo(first.x(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(r.path("keypoints").get(2).asDouble()).isCloseTo(first.confidence(),
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    private static boolean near(int rgb, Color c, int tolerance) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return Math.abs(r - c.getRed()) <= tolerance && Math.abs(g - c.getGreen()) <= tolerance
                && Math.abs(b - c.getBlue()) <= tolerance;
    }

    /** Whether a pixel within {@code reach} of {@code (x, y)} has the colour. */
    private static boolean colourNear(BufferedImage image, double x, double y, int reach, Color c) {
        for (int py = (int) y - reach; py <= (int) y + reach; py++) {
            for (int px = (int) x - reach; px <= (int) x + reach; px++) {
                if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight() && near(image.getRGB(px, py), c, 40)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The mean absolute difference of the two images' channels in the 5x5 square around {@code (x, y)}. */
    private static double difference(BufferedImage a, BufferedImage b, double x, double y) {
        long sum = 0;
        int n = 0;
        for (int py = Math.max(0, (int) y - 2); py <= Math.min(a.getHeight() - 1, (int) y + 2); py++) {
            for (int px = Math.max(0, (int) x - 2); px <= Math.min(a.getWidth() - 1, (int) x + 2); px++) {
                int p = a.getRGB(px, py);
                int q = b.getRGB(px, py);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
                n += 3;
            }
        }
        return (double) sum / n;
    }

    private static List<BufferedImage> frames(Path video) {
        List<BufferedImage> out = new ArrayList<>();
        try (VideoReader reader = VideoReader.open(video, 0)) {
            for (DecodedFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.image());
            }
        }
        return out;
    }

    @Test
    void aVideoGetsEachFramesSkeletonDrawnWhereItsKeypointsAreAndKeypointResults() throws Exception {
        Path video = TestVideos.write(dir.resolve("in.mp4"), TestVideos.Kind.MP4_H264, 160, 120, 25, 12);
        Path out = dir.resolve("out.mp4");
        Path json = dir.resolve("out.json");
        List<AnnotatedFrame> seen = new ArrayList<>();
        AnnotationSummary summary;
        try (Predictor model = Predictor.load(checkpoint)) {
            summary = new VideoAnnotation(options(), null).run(video, model, out, json, seen::add);
        }

        assertThat(summary.frames()).isEqualTo(12);
        assertThat(OutputCheck.probe(out).frames()).isEqualTo(12);
        assertPoses(seen, 12);
        assertKeypointResults(json, seen);
        // Each joint is drawn over the picture (opaque: the untrained confidences are above 1), so the annotated
        // frame differs from the source around every joint.
        List<BufferedImage> before = frames(video);
        List<BufferedImage> after = frames(out);
        assertThat(after).hasSize(12);
        for (int i : new int[] {0, 5, 11}) {
            for (Keypoint k : seen.get(i).detections().get(0).keypoints()) {
                assertThat(difference(before.get(i), after.get(i), k.x(), k.y())).as("frame %d around %s", i, k)
                        .isGreaterThan(20);
            }
        }
    }

    @Test
    void anImageSetGetsEachImagesSkeletonInTheJointColours() throws Exception {
        List<ImageSetAnnotation.Image> images = new ArrayList<>();
        for (String name : new String[] {"a.png", "b.png", "c.png"}) {
            BufferedImage grey = new BufferedImage(name.equals("b.png") ? 97 : 128, 96, BufferedImage.TYPE_3BYTE_BGR);
            java.awt.Graphics2D g = grey.createGraphics();
            g.setColor(new Color(60, 60, 60));
            g.fillRect(0, 0, grey.getWidth(), grey.getHeight());
            g.setColor(new Color(120, 120, 120));
            g.fillOval(20 + name.charAt(0), 30, 40, 30);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(grey, "png", bytes);
            images.add(new ImageSetAnnotation.Image(name, bytes::toByteArray));
        }
        Map<String, byte[]> written = new LinkedHashMap<>();
        List<AnnotatedFrame> seen = new ArrayList<>();
        Path json = dir.resolve("images.json");
        try (Predictor model = Predictor.load(checkpoint)) {
            new ImageSetAnnotation(options(), null, VideoAnnotation::inferenceThread, ImageDecoding.DEFAULT_MAX_PIXELS)
                    .run(images, model, (name, bytes, type) -> written.put(name, bytes), json, seen::add);
        }

        assertThat(written.keySet()).containsExactly("a.png", "b.png", "c.png");
        assertPoses(seen, 3);
        assertKeypointResults(json, seen);
        int i = 0;
        for (byte[] bytes : written.values()) {
            BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(bytes));
            List<Keypoint> pose = seen.get(i).detections().get(0).keypoints();
            for (int part = 0; part < pose.size(); part++) {
                Keypoint k = pose.get(part);
                assertThat(colourNear(annotated, k.x(), k.y(), 2, JOINT[part])).as("image %d part %d at %s", i, part, k)
                        .isTrue();
            }
            i++;
        }
    }

    @Test
    void aPoseIsDrawnWithoutItsWholeFrameBoxAndWithoutItsUnsureJoints() {
        BufferedImage black = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        List<Keypoint> joints = List.of(new Keypoint(80, 60, 0.9), new Keypoint(50, 40, 0.8), new Keypoint(110, 80, 0.1),
                new Keypoint(80, 100, 0.95));
        Detection pose = new Detection(0, 0, 160, 120, 0, 0.625, joints);
        AnnotatedFrame frame = new AnnotatedFrame(0, 0, 160, 120, List.of(pose), false);
        BufferedImage drawn = new FrameDrawing(List.of("animal"), 0.5f, false, PoseCheckpoints.KEYPOINTS, 0.3f)
                .draw(black, frame);

        assertThat(colourNear(drawn, 80, 60, 0, CENTRE)).as("nose").isTrue();
        assertThat(colourNear(drawn, 50, 40, 0, LEFT)).as("left ear").isTrue();
        assertThat(colourNear(drawn, 80, 100, 0, CENTRE)).as("tail").isTrue();
        assertThat(drawn.getRGB(110, 80) & 0xffffff).as("right ear under the confidence asked: not drawn").isZero();
        assertThat(drawn.getRGB(95, 70) & 0xffffff).as("nor its bone").isZero();
        assertThat(drawn.getRGB(65, 50) & 0xffffff).as("the nose-left ear bone").isNotZero();
        assertThat(drawn.getRGB(2, 60) & 0xffffff).as("no whole-frame box").isZero();

        // A box model's drawing ignores keypoint specs: the same frame's box is drawn.
        BufferedImage boxed = new FrameDrawing(List.of("animal"), 0.5f, false).draw(black,
                new AnnotatedFrame(0, 0, 160, 120, List.of(new Detection(0, 0, 160, 120, 0, 0.6)), false));
        assertThat(near(boxed.getRGB(1, 60), FrameDrawing.colour(0), 10)).isTrue();
    }
}
