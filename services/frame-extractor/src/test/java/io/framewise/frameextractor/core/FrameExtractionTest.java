package io.framewise.frameextractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.video.DamagedVideoException;
import io.framewise.common.video.TestVideos;
import io.framewise.common.video.TestVideos.Kind;
import io.framewise.common.video.UnreadableVideoException;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameExtractionTest {

    @TempDir
    Path tmp;

    private record Run(ExtractionSummary summary, List<String> manifest, Path dir) {
    }

    private Run extract(Path video, ExtractionOptions options) throws Exception {
        Path out = tmp.resolve("out-" + video.getFileName());
        StringWriter manifest = new StringWriter();
        ExtractionSummary summary = new FrameExtraction(options, 2).run(video, new DirectorySink(out), manifest, "", null);
        return new Run(summary, manifest.toString().lines().toList(), out);
    }

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("mp4/H.264", Kind.MP4_H264, "clip.mp4"),
                Arguments.of("mp4/MPEG-4", Kind.MP4_MPEG4, "clip.mp4"),
                Arguments.of("webm/VP8", Kind.WEBM_VP8, "clip.webm"),
                Arguments.of("webm/VP9", Kind.WEBM_VP9, "clip.webm"),
                Arguments.of("mkv/VP9", Kind.MKV_VP9, "clip.mkv"),
                Arguments.of("avi/MJPEG", Kind.AVI_MJPEG, "clip.avi"),
                Arguments.of("mov/MPEG-4", Kind.MOV_MPEG4, "clip.mov"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void everyFrameOfEachContainerBecomesAJpegListedInTheManifest(String name, Kind kind, String file) throws Exception {
        Path video = TestVideos.write(tmp.resolve(file), kind, 320, 240, 25, 20);
        Run run = extract(video, ExtractionOptions.defaults().withMaxSide(160));

        assertThat(run.summary().frames()).isEqualTo(20);
        assertThat(run.summary().width()).isEqualTo(160);
        assertThat(run.summary().height()).isEqualTo(120);
        assertThat(run.summary().fps()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(run.manifest()).hasSize(21);
        assertThat(run.manifest().get(0)).isEqualTo("path,frame_index,timestamp_seconds,width,height");
        assertThat(run.manifest().get(1)).isEqualTo("000000.jpg,0,0.000000,160,120");
        assertThat(run.manifest().get(20)).isEqualTo("000019.jpg,19,0.760000,160,120");
        for (int i = 0; i < 20; i++) {
            BufferedImage jpeg = ImageIO.read(run.dir().resolve(String.format("%06d.jpg", i)).toFile());
            assertThat(jpeg).as("frame %d decodes as JPEG", i).isNotNull();
            assertThat(jpeg.getWidth()).isEqualTo(160);
            // The frame number is drawn as a gray level in the top-left block: frames come out in order.
            int gray = jpeg.getRaster().getSample(5, 5, 0);
            assertThat(gray).as("frame %d content", i).isCloseTo((i * 10) % 256, org.assertj.core.data.Offset.offset(12));
        }
    }

    @Test
    void namesAndManifestTimestampsAreWhatPrintfWouldWrite() {
        for (long index : new long[] {0, 7, 42, 999_999, 1_000_000, 12_345_678}) {
            assertThat(FrameExtraction.name(index)).isEqualTo(String.format(java.util.Locale.ROOT, "%06d.jpg", index));
        }
        java.util.Random random = new java.util.Random(3);
        List<Long> micros = new java.util.ArrayList<>(List.of(0L, 1L, 5L, 40_000L, 999_999L, 1_000_000L, 1_160_000L, -1L,
                -33_367L, -1_000_001L, 86_399_999_999L, 3_600_000_000_123L));
        for (int i = 0; i < 10_000; i++) {
            micros.add(random.nextLong() % 10_000_000_000L);
        }
        for (long t : micros) {
            assertThat(FrameExtraction.seconds(t)).as("%d us", t).isEqualTo(String.format(java.util.Locale.ROOT, "%.6f", t / 1e6));
        }
    }

    /**
     * H.265: JavaCV's FFmpeg build decodes HEVC but cannot encode it, so the clip comes from Debian's ffmpeg
     * (libx265), which {@code .ci/run} installs. Where ffmpeg is missing the test is skipped, and says so.
     */
    @Test
    void h265InMp4IsExtracted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(commandExists("ffmpeg"), "Debian's ffmpeg is not installed (.ci/run installs it)");
        Path video = tmp.resolve("hevc.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25", "-t", "1", "-c:v", "libx265", "-pix_fmt", "yuv420p",
                "-x265-params", "log-level=error", video.toString()).redirectErrorStream(true).start();
        String log = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor()).as(log).isZero();
        Run run = extract(video, ExtractionOptions.defaults().withMaxSide(160));
        assertThat(run.summary().codec()).isEqualTo("hevc");
        assertThat(run.summary().frames()).isEqualTo(25);
        assertThat(run.summary().width()).isEqualTo(160);
        assertThat(run.summary().height()).isEqualTo(120);
        assertThat(ImageIO.read(run.dir().resolve("000024.jpg").toFile())).isNotNull();
    }

    private static boolean commandExists(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void smallVideosAreNotUpscaled() throws Exception {
        Path video = TestVideos.write(tmp.resolve("small.mkv"), Kind.MKV_FFV1, 160, 120, 10, 5);
        Run run = extract(video, ExtractionOptions.defaults());
        assertThat(run.summary().width()).isEqualTo(160);
        assertThat(run.summary().height()).isEqualTo(120);
    }

    @Test
    void oddOutputSizesAreKept() throws Exception {
        // JavaCV's recorder rounds stored sizes up to even numbers, so odd sizes come from scaling here.
        Path video = TestVideos.write(tmp.resolve("odd.mkv"), Kind.MKV_FFV1, 320, 240, 10, 5);
        Run run = extract(video, ExtractionOptions.defaults().withMaxSide(175));
        assertThat(run.summary().width()).isEqualTo(175);
        assertThat(run.summary().height()).isEqualTo(131);
        BufferedImage frame = ImageIO.read(run.dir().resolve("000004.jpg").toFile());
        assertThat(frame.getWidth()).isEqualTo(175);
        assertThat(frame.getHeight()).isEqualTo(131);
    }

    @Test
    void rotationMetadataTurnsFramesUpright() throws Exception {
        // A phone held upright records landscape frames with a 90-degree display rotation.
        Path video = TestVideos.write(tmp.resolve("phone.mp4"), Kind.MP4_MPEG4, 320, 160, 25, 4, 90, null);
        Run run = extract(video, ExtractionOptions.defaults().withMaxSide(200));
        assertThat(run.summary().rotation()).isIn(90, 270);
        assertThat(run.summary().width()).isEqualTo(100);
        assertThat(run.summary().height()).isEqualTo(200);
        BufferedImage frame = ImageIO.read(run.dir().resolve("000000.jpg").toFile());
        assertThat(frame.getWidth()).isEqualTo(100);
        assertThat(frame.getHeight()).isEqualTo(200);
    }

    @Test
    void variableFrameRateKeepsTheStreamTimestamps() throws Exception {
        long[] times = {0, 40_000, 60_000, 200_000, 220_000, 330_000, 400_000, 520_000};
        Path video = TestVideos.write(tmp.resolve("vfr.mkv"), Kind.MKV_VP9, 160, 120, 25, times.length, 0, times);
        Run run = extract(video, ExtractionOptions.defaults());
        assertThat(run.summary().frames()).isEqualTo(times.length);
        List<Double> stamps = run.manifest().stream().skip(1).map(l -> Double.parseDouble(l.split(",")[2])).toList();
        assertThat(stamps).containsExactly(0.0, 0.04, 0.06, 0.2, 0.22, 0.33, 0.4, 0.52);
    }

    @Test
    void everyNthAndTargetFpsSelectFrames() throws Exception {
        Path video = TestVideos.write(tmp.resolve("sel.webm"), Kind.WEBM_VP8, 160, 120, 25, 25);
        Run nth = extract(video, new ExtractionOptions(512, 5, null, 0.9f));
        assertThat(nth.manifest().stream().skip(1).map(l -> l.split(",")[0]))
                .containsExactly("000000.jpg", "000005.jpg", "000010.jpg", "000015.jpg", "000020.jpg");
        Run fps = extract(Files.copy(video, tmp.resolve("sel2.webm")), new ExtractionOptions(512, null, 5.0, 0.9f));
        assertThat(fps.summary().frames()).isEqualTo(5);
        assertThat(fps.manifest().stream().skip(1).map(l -> Integer.parseInt(l.split(",")[1])))
                .containsExactly(0, 5, 10, 15, 20);
    }

    @Test
    void aTruncatedFileIsRefusedAtOpen() throws Exception {
        Path video = TestVideos.truncate(TestVideos.write(tmp.resolve("cut.mp4"), Kind.MP4_MPEG4, 160, 120, 25, 20), 0.5);
        assertThatThrownBy(() -> extract(video, ExtractionOptions.defaults()))
                .isInstanceOf(UnreadableVideoException.class)
                .hasMessageStartingWith("not a video FFmpeg can read");
    }

    @Test
    void aTruncatedStreamThatStillOpensIsReportedAsDamaged() throws Exception {
        // AVI keeps its header (with the frame count) at the front, so a cut file opens and ends early.
        Path video = TestVideos.truncate(TestVideos.write(tmp.resolve("cut.avi"), Kind.AVI_MJPEG, 160, 120, 25, 40), 0.5);
        assertThatThrownBy(() -> extract(video, ExtractionOptions.defaults()))
                .isInstanceOf(DamagedVideoException.class)
                .hasMessageContaining("frames the file declares");
    }

    @Test
    void aDamagedMiddleIsDetected() throws Exception {
        Path video = TestVideos.damageMiddle(TestVideos.write(tmp.resolve("hole.mp4"), Kind.MP4_MPEG4, 320, 240, 25, 100), 60_000);
        assertThatThrownBy(() -> extract(video, ExtractionOptions.defaults()))
                .isInstanceOf(DamagedVideoException.class)
                .hasMessageStartingWith("damaged video");
    }

    @Test
    void noiseAndEmptyFilesAreNotVideos() throws Exception {
        assertThatThrownBy(() -> extract(TestVideos.notAVideo(tmp.resolve("x.mp4")), ExtractionOptions.defaults()))
                .isInstanceOf(UnreadableVideoException.class);
        assertThatThrownBy(() -> extract(Files.createFile(tmp.resolve("empty.mp4")), ExtractionOptions.defaults()))
                .isInstanceOf(UnreadableVideoException.class).hasMessage("the file is empty (0 bytes)");
    }
}
