package io.framewise.frameextractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.framewise.common.video.TestVideos;
import io.framewise.common.video.TestVideos.Kind;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FFmpeg (MJPEG) path against the ImageIO one on the same frames: the JPEGs carry libjpeg's quantization tables
 * for the quality asked (DC aside: FFmpeg's is 8), and decode to nearly the same picture.
 */
class FfmpegJpegEncoderTest {

    @TempDir
    Path tmp;

    private Path extract(Path video, float quality, boolean nativeJpeg) throws Exception {
        Path out = tmp.resolve((nativeJpeg ? "ffmpeg-" : "imageio-") + quality);
        ExtractionOptions options = new ExtractionOptions(160, null, null, quality);
        new FrameExtraction(options, 2, nativeJpeg).run(video, new DirectorySink(out), new StringWriter(), "", null);
        return out;
    }

    @ParameterizedTest
    @ValueSource(floats = {0.5f, 0.9f})
    void theJpegsCarryLibjpegsTablesAndDecodeToTheSamePicture(float quality) throws Exception {
        Path video = TestVideos.write(tmp.resolve("clip.mp4"), Kind.MP4_H264, 320, 240, 25, 6);
        Path ffmpeg = extract(video, quality, true);
        Path imageIo = extract(video, quality, false);

        for (String frame : List.of("000000.jpg", "000005.jpg")) {
            List<int[]> ours = tables(Files.readAllBytes(ffmpeg.resolve(frame)));
            List<int[]> reference = tables(Files.readAllBytes(imageIo.resolve(frame)));
            assertThat(ours).hasSize(2);
            assertThat(reference).hasSize(2);
            for (int t = 0; t < 2; t++) {
                assertThat(ours.get(t)[0]).as("DC step").isEqualTo(8);
                for (int i = 1; i < 64; i++) {
                    assertThat(ours.get(t)[i]).as("table %d entry %d at quality %s", t, i, quality)
                            .isEqualTo(reference.get(t)[i]);
                }
            }
            BufferedImage a = ImageIO.read(ffmpeg.resolve(frame).toFile());
            BufferedImage b = ImageIO.read(imageIo.resolve(frame).toFile());
            assertThat(a.getWidth()).isEqualTo(160);
            assertThat(a.getHeight()).isEqualTo(120);
            assertThat(meanAbsoluteDifference(a, b)).as("mean difference per channel, of 255").isLessThan(4.0);
        }
        // Coarser tables at lower quality, so the scaled tables are not the same at both.
        assertThat(FfmpegJpegEncoder.scaled(FfmpegJpegEncoder.LUMINANCE, quality)[1])
                .isEqualTo(quality == 0.5f ? 11 : 2);
    }

    /** The quantization tables of a baseline JPEG's DQT segments, in zigzag order, by table id. */
    static List<int[]> tables(byte[] jpeg) {
        List<int[]> out = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
            int marker = jpeg[i + 1] & 0xff;
            int length = (jpeg[i + 2] & 0xff) << 8 | jpeg[i + 3] & 0xff;
            if (marker == 0xdb) {
                int j = i + 4;
                while (j < i + 2 + length) {
                    int id = jpeg[j] & 0x0f;
                    int[] table = new int[64];
                    for (int k = 0; k < 64; k++) {
                        table[k] = jpeg[j + 1 + k] & 0xff;
                    }
                    while (out.size() <= id) {
                        out.add(null);
                    }
                    out.set(id, table);
                    j += 65;
                }
            }
            if (marker == 0xda) {
                break;
            }
            i += 2 + length;
        }
        return out;
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
