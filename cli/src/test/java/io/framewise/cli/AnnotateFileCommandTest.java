package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.ModelArchive;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.videoannotator.core.OutputCheck;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewise annotate-file}: a generated video through a (small, untrained) detector checkpoint, and its errors. */
class AnnotateFileCommandTest {

    @TempDir
    Path dir;

    private Path video(int frames) throws Exception {
        Path file = dir.resolve("clip.mp4");
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 160, 120, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(20);
            r.setVideoBitrate(600_000);
            r.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = image.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(10 + 3 * i, 40, 30, 30);
                g.dispose();
                r.record(converter.convert(image), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    private Path checkpoint() throws Exception {
        Djl.offline();
        Path folder = Files.createDirectories(dir.resolve("checkpoint"));
        ModelSpec spec = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"), List.of("square"));
        try (NDManager m = NDManager.newBaseManager(); OutputStream params = Files.newOutputStream(folder.resolve("model.params"))) {
            Weights.save(new OneStageDetector(spec).initialize(m, 3), params);
        }
        Files.writeString(folder.resolve("model.json"), spec.toJson());
        return folder;
    }

    @Test
    void annotatesALocalVideoIntoAnH264Mp4AndCocoResults() throws Exception {
        Path video = video(24);
        Path model = checkpoint();
        Path out = dir.resolve("out/annotated.mp4");
        Path json = dir.resolve("out/detections.json");
        CliRun r = CliRun.of("annotate-file", video.toString(), "--model", model.toString(), "--out", out.toString(),
                "--detections", json.toString(), "--min-score", "0.0", "--max-detections", "3", "--batch-size", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summary = r.json();
        assertThat(summary.path("frames").asInt()).isEqualTo(24);
        assertThat(summary.path("codec").asText()).isEqualTo("h264");
        assertThat(summary.path("fps").asDouble()).isEqualTo(20.0);
        OutputCheck.Probe probe = OutputCheck.probe(out);
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.pixelFormat()).isEqualTo("yuv420p");
        assertThat(probe.frames()).isEqualTo(24);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results.isArray()).isTrue();
        assertThat(results.size()).isEqualTo(summary.path("detections").asInt()).isLessThanOrEqualTo(24 * 3);
        for (JsonNode d : results) {
            assertThat(d.path("image_id").asInt()).isBetween(1, 24);
            assertThat(d.path("category_id").asInt()).isEqualTo(1);
            assertThat(d.path("bbox")).hasSize(4);
        }
    }

    @Test
    void annotatesAFolderOfImagesIntoAFolderWithTheSameNames() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos/rink"));
        for (String name : new String[] {"a.jpg", "b.png"}) {
            BufferedImage image = new BufferedImage(90, 70, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(20, 20, 30, 30);
            g.dispose();
            javax.imageio.ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", photos.resolve(name).toFile());
        }
        Files.writeString(dir.resolve("photos/readme.txt"), "not an image");
        Path out = dir.resolve("annotated");
        Path json = dir.resolve("images.json");
        CliRun r = CliRun.of("annotate-file", dir.resolve("photos").toString(), "--model", checkpoint().toString(), "--out",
                out.toString(), "--detections", json.toString(), "--min-score", "0.0", "--max-detections", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("frames").asInt()).isEqualTo(2);
        assertThat(r.json().path("codec").asText()).isEqualTo("images");
        for (String name : new String[] {"rink/a.jpg", "rink/b.png"}) {
            BufferedImage annotated = javax.imageio.ImageIO.read(out.resolve(name).toFile());
            assertThat(annotated.getWidth()).as(name).isEqualTo(90);
            assertThat(annotated.getHeight()).as(name).isEqualTo(70);
        }
        assertThat(Files.exists(out.resolve("readme.txt"))).isFalse();
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(4);
        assertThat(results.get(0).path("file_name").asText()).isEqualTo("rink/a.jpg");
        assertThat(results.get(3).path("file_name").asText()).isEqualTo("rink/b.png");
    }

    /** A tiny untrained stacked-hourglass pose model of four parts, exported as a model archive. */
    private Path poseArchive() throws Exception {
        Djl.offline();
        Path folder = Files.createDirectories(dir.resolve("pose"));
        KeypointSpec parts = new KeypointSpec(List.of("nose", "left_ear", "right_ear", "tail"),
                List.of(new KeypointSpec.Pair(1, 2)), new double[] {.08, .08, .08, .08},
                List.of(new KeypointSpec.Pair(0, 1), new KeypointSpec.Pair(0, 2)));
        ModelSpec spec = StackedHourglass.spec(Map.of("stacks", "1", "depth", "2", "features", "16", "imageSize", "64"),
                parts, "animal");
        try (NDManager m = NDManager.newBaseManager(); OutputStream params = Files.newOutputStream(folder.resolve("model.params"))) {
            Weights.save(new StackedHourglass(spec).initialize(m, 1), params);
        }
        Files.writeString(folder.resolve("model.json"), spec.toJson());
        Path zip = dir.resolve("pose.zip");
        ModelArchive.export(folder, zip);
        return zip;
    }

    @Test
    void annotatesWithAPoseModelArchiveIntoKeypointResults() throws Exception {
        Path json = dir.resolve("poses.json");
        CliRun r = CliRun.of("annotate-file", video(6).toString(), "--model", poseArchive().toString(), "--out",
                dir.resolve("poses.mp4").toString(), "--detections", json.toString(), "--min-score", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("frames").asInt()).isEqualTo(6);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(6);
        for (JsonNode d : results) {
            assertThat(d.path("category_name").asText()).isEqualTo("animal");
            assertThat(d.path("keypoints")).hasSize(12);
        }
    }

    @Test
    void refusesWhatIsNotACheckpointOrAnUnknownClass() throws Exception {
        Path video = video(4);
        CliRun noModel = CliRun.of("annotate-file", video.toString(), "--model", dir.toString(), "--out", dir.resolve("x.mp4").toString());
        assertThat(noModel.exit()).isEqualTo(1);
        assertThat(noModel.err()).contains("has no model.json");
        CliRun badClass = CliRun.of("annotate-file", video.toString(), "--model", checkpoint().toString(), "--out",
                dir.resolve("y.mp4").toString(), "--classes", "dog");
        assertThat(badClass.exit()).isEqualTo(1);
        assertThat(badClass.err()).contains("unknown class 'dog'").contains("square");
        CliRun usage = CliRun.of("annotate-file", video.toString());
        assertThat(usage.exit()).isEqualTo(2);
    }
}
