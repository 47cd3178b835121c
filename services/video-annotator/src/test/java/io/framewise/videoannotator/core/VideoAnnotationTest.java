package io.framewise.videoannotator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.TestVideos;
import io.framewise.common.video.UnreadableVideoException;
import io.framewise.common.video.VideoReader;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The annotation pipeline on generated videos, with a stand-in model whose boxes are exactly known. */
class VideoAnnotationTest {

    /** The stand-in model needs no libtorch (which a @QuarkusTest of this JVM may have loaded in its own class loader). */
    private static final Runnable NO_ENGINE = () -> { };

    @TempDir
    Path dir;

    private static AnnotationOptions options(int batch) {
        AnnotationOptions d = AnnotationOptions.defaults();
        return new AnnotationOptions(d.minScore(), d.nmsIou(), d.maxDetections(), List.of(), 0, batch,
                d.assessorThreshold(), false, 4);
    }

    /** Decodes every frame of a video. */
    private static List<BufferedImage> frames(Path video) {
        List<BufferedImage> out = new ArrayList<>();
        try (VideoReader reader = VideoReader.open(video, 0)) {
            for (DecodedFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.image());
            }
        }
        return out;
    }

    private static boolean near(int rgb, Color c, int tolerance) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return Math.abs(r - c.getRed()) <= tolerance && Math.abs(g - c.getGreen()) <= tolerance
                && Math.abs(b - c.getBlue()) <= tolerance;
    }

    @Test
    void annotatesEveryFrameInOrderIntoAnH264Mp4WithBoxesWhereTheDetectionsSay() throws Exception {
        Path video = TestVideos.write(dir.resolve("in.mp4"), TestVideos.Kind.MP4_H264, 160, 120, 25, 40);
        Path out = dir.resolve("out.mp4");
        Path json = dir.resolve("out.json");
        SquareFinder model = new SquareFinder("one-stage-detector");
        List<AnnotatedFrame> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        AnnotationSummary summary = new VideoAnnotation(options(3), null, NO_ENGINE).run(video, model, out, json, f -> {
            seen.add(f);
            threads.add(Thread.currentThread().getName());
        });

        assertThat(summary.frames()).isEqualTo(40);
        assertThat(summary.codec()).isEqualTo("h264");
        assertThat(summary.audio()).isFalse();
        assertThat(seen).extracting(AnnotatedFrame::index).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 40).boxed().toList());
        assertThat(seen).allSatisfy(f -> assertThat(f.detections()).hasSize(1));
        assertThat(model.largestBatch.get()).isEqualTo(3);
        assertThat(model.batches.get()).isEqualTo(14);

        OutputCheck.Probe probe = OutputCheck.probe(out);
        OutputCheck.Probe source = OutputCheck.probe(video);
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.pixelFormat()).isEqualTo("yuv420p");
        assertThat(probe.frames()).isEqualTo(40);
        assertThat(probe.width()).isEqualTo(160);
        assertThat(probe.height()).isEqualTo(120);
        assertThat(probe.fps()).isEqualTo(25.0);
        assertThat(probe.durationSeconds()).isCloseTo(source.durationSeconds(), org.assertj.core.data.Offset.offset(0.05));
        byte[] bytes = Files.readAllBytes(out);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text.indexOf("moov")).as("faststart: moov before mdat").isLessThan(text.indexOf("mdat"));

        // The drawn box: its left edge is the box colour, the square inside keeps its own colour.
        List<BufferedImage> decoded = frames(out);
        assertThat(decoded).hasSize(40);
        Color green = FrameDrawing.colour(0);
        for (int i : new int[] {0, 17, 39}) {
            Detection d = seen.get(i).detections().get(0);
            BufferedImage frame = decoded.get(i);
            int midY = (int) (d.y() + d.height() / 2);
            int edge = frame.getRGB((int) d.x() + 1, midY);
            assertThat(near(edge, green, 60)).as("frame %d: box edge at %d,%d is %06x", i, (int) d.x() + 1, midY, edge & 0xffffff)
                    .isTrue();
            int inside = frame.getRGB((int) (d.x() + d.width() / 2), midY);
            assertThat(near(inside, new Color(250, 230, 40), 60)).as("frame %d inside %06x", i, inside & 0xffffff).isTrue();
            // Nothing drawn far from the box: the frame's gray index block in the corner is intact.
            int level = (i * 10) % 256;
            assertThat(near(frame.getRGB(4, 4), new Color(level, level, level), 40)).as("frame %d order block", i).isTrue();
        }

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(40);
        assertThat(results.get(0).path("image_id").asInt()).isEqualTo(1);
        assertThat(results.get(39).path("image_id").asInt()).isEqualTo(40);
        assertThat(results.get(5).path("category_id").asInt()).isEqualTo(1);
        assertThat(results.get(5).path("category_name").asText()).isEqualTo("square");
        assertThat(results.get(5).path("bbox").get(2).asDouble()).isEqualTo(seen.get(5).detections().get(0).width());
    }

    @Test
    void oddSizesAreRoundedUpToEvenAndAudioIsKept() throws Exception {
        Path video = withAudio(dir.resolve("sound.mp4"), 25, 30);
        Path out = dir.resolve("sound-out.mp4");
        AnnotationSummary summary = new VideoAnnotation(options(2), null, NO_ENGINE).run(video, new SquareFinder("one-stage-detector"),
                out, null, null);
        assertThat(summary.audio()).isTrue();
        OutputCheck.Probe probe = OutputCheck.probe(out);
        assertThat(probe.audio()).isTrue();
        assertThat(probe.audioCodec()).isEqualTo("aac");
        assertThat(probe.frames()).isEqualTo(30);
        assertThat(probe.codec()).isEqualTo("h264");
        assertThat(probe.durationSeconds()).isBetween(1.1, 1.4);

        Path odd = TestVideos.write(dir.resolve("odd.mkv"), TestVideos.Kind.MKV_FFV1, 161, 121, 20, 12);
        Path oddOut = dir.resolve("odd-out.mp4");
        AnnotationSummary s = new VideoAnnotation(options(4), null, NO_ENGINE).run(odd, new SquareFinder("one-stage-detector"), oddOut,
                null, null);
        assertThat(s.frames()).isEqualTo(12);
        OutputCheck.Probe p = OutputCheck.probe(oddOut);
        assertThat(p.width()).isEqualTo(162);
        assertThat(p.height()).isEqualTo(122);
        assertThat(p.audio()).isFalse();
    }

    @Test
    void classesAreFilteredAndUnknownOnesRefused() throws Exception {
        Path video = TestVideos.write(dir.resolve("c.mp4"), TestVideos.Kind.MP4_H264, 160, 120, 25, 8);
        AnnotationOptions d = AnnotationOptions.defaults();
        List<AnnotatedFrame> seen = new ArrayList<>();
        new VideoAnnotation(new AnnotationOptions(0.1f, 0.5, 10, List.of("other"), 0, 4, 0.5f, false, 4), null, NO_ENGINE)
                .run(video, new SquareFinder("loans"), dir.resolve("c.mp4.out.mp4"), null, seen::add);
        assertThat(seen).hasSize(8).allSatisfy(f -> {
            assertThat(f.detections()).extracting(Detection::category).containsOnly(1);
            assertThat(f.assessorScores()).isTrue();
        });
        assertThatThrownBy(() -> new VideoAnnotation(new AnnotationOptions(0.1f, 0.5, 10, List.of("cat"), 0, 4, 0.5f, false, 4),
                null, NO_ENGINE).run(video, new SquareFinder("loans"), dir.resolve("x.mp4"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown class 'cat'")
                .hasMessageContaining("square, other");
    }

    @Test
    void boxesBelowTheAssessorThresholdAreDashedOrHidden() {
        BufferedImage black = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        Detection strong = new Detection(10, 10, 60, 60, 0, 0.9);
        Detection weak = new Detection(90, 40, 60, 60, 0, 0.2);
        AnnotatedFrame frame = new AnnotatedFrame(0, 0, 160, 120, List.of(strong, weak), true);
        Color green = FrameDrawing.colour(0);
        BufferedImage dashed = new FrameDrawing(List.of("a"), 0.5f, false).draw(black, frame);
        BufferedImage hidden = new FrameDrawing(List.of("a"), 0.5f, true).draw(black, frame);
        int strongColoured = 0;
        int weakColoured = 0;
        int weakHidden = 0;
        for (int y = 85; y < 100; y++) {
            strongColoured += near(dashed.getRGB(11, y - 40), green, 10) ? 1 : 0;
            weakColoured += near(dashed.getRGB(91, y), green, 10) ? 1 : 0;
            weakHidden += near(hidden.getRGB(91, y), green, 10) ? 1 : 0;
        }
        assertThat(strongColoured).as("solid").isEqualTo(15);
        assertThat(weakColoured).as("dashed").isBetween(3, 12);
        assertThat(weakHidden).as("hidden").isZero();
        assertThat(near(hidden.getRGB(11, 50), green, 10)).isTrue();
    }

    @Test
    void unreadableVideosAreRefusedWithAReason() throws Exception {
        Path notVideo = TestVideos.notAVideo(dir.resolve("noise.mp4"));
        assertThatThrownBy(() -> new VideoAnnotation(options(2), null, NO_ENGINE).run(notVideo, new SquareFinder("one-stage-detector"),
                dir.resolve("n.mp4"), null, null)).isInstanceOf(UnreadableVideoException.class)
                .hasMessageContaining("not a video");
        Path truncated = TestVideos.truncate(TestVideos.write(dir.resolve("t.mp4"), TestVideos.Kind.MP4_H264, 160, 120, 25, 30), 0.5);
        assertThatThrownBy(() -> new VideoAnnotation(options(2), null, NO_ENGINE).run(truncated, new SquareFinder("one-stage-detector"),
                dir.resolve("t-out.mp4"), null, null)).isInstanceOf(UnreadableVideoException.class);
        Path hole = TestVideos.damageMiddle(TestVideos.write(dir.resolve("hole.mp4"), TestVideos.Kind.MP4_MPEG4, 320, 240, 25, 100),
                60_000);
        assertThatThrownBy(() -> new VideoAnnotation(options(4), null, NO_ENGINE).run(hole, new SquareFinder("one-stage-detector"),
                dir.resolve("h-out.mp4"), null, null)).isInstanceOf(UnreadableVideoException.class)
                .hasMessageStartingWith("damaged video");
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        assertThatThrownBy(() -> new VideoAnnotation(options(2), null, NO_ENGINE).run(empty, new SquareFinder("one-stage-detector"),
                dir.resolve("e-out.mp4"), null, null)).isInstanceOf(UnreadableVideoException.class)
                .hasMessageContaining("empty");
    }

    /** An mp4 (H.264 + AAC mono, 44.1 kHz) of TestVideos pictures with a 440 Hz tone. */
    static Path withAudio(Path file, int fps, int frames) throws Exception {
        Java2DFrameConverter converter = new Java2DFrameConverter();
        int rate = 44_100;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 160, 120, 1)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoBitrate(800_000);
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(rate);
            r.setAudioBitrate(64_000);
            r.start();
            int perFrame = rate / fps;
            for (int i = 0; i < frames; i++) {
                r.record(converter.convert(TestVideos.picture(i, 160, 120)), avutil.AV_PIX_FMT_BGR24);
                short[] samples = new short[perFrame];
                for (int k = 0; k < perFrame; k++) {
                    samples[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * perFrame + k) / rate));
                }
                r.recordSamples(rate, 1, ShortBuffer.wrap(samples));
            }
            r.stop();
        }
        return file;
    }
}
