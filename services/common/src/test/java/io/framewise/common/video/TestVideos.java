package io.framewise.common.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Generates small test videos with FFmpeg through JavaCV: a textured background with a bright square
 * moving across it, and the frame number drawn as a gray level in the top-left block, so tests can check
 * order and content. Also damages files on purpose.
 */
public final class TestVideos {

    /** A container and codec pair; codec names are FFmpeg encoder names available in JavaCV's build. */
    public record Kind(String format, String codec, int pixelFormat) {
        public static final Kind MP4_H264 = new Kind("mp4", "libopenh264", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind MP4_MPEG4 = new Kind("mp4", "mpeg4", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind WEBM_VP8 = new Kind("webm", "libvpx", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind WEBM_VP9 = new Kind("webm", "libvpx-vp9", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind MKV_VP9 = new Kind("matroska", "libvpx-vp9", avutil.AV_PIX_FMT_YUV420P);
        public static final Kind AVI_MJPEG = new Kind("avi", "mjpeg", avutil.AV_PIX_FMT_YUVJ420P);
        public static final Kind MOV_MPEG4 = new Kind("mov", "mpeg4", avutil.AV_PIX_FMT_YUV420P);
        /** Lossless, no chroma subsampling: any frame size, odd ones included. */
        public static final Kind MKV_FFV1 = new Kind("matroska", "ffv1", avutil.AV_PIX_FMT_YUV444P);
    }

    static {
        // The encoder's banner and warnings would go straight to the test JVM's stderr.
        org.bytedeco.javacv.FFmpegLogCallback.set();
        org.bytedeco.javacv.FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private TestVideos() {
    }

    /** Writes {@code frames} frames at a constant {@code fps}. */
    public static Path write(Path file, Kind kind, int width, int height, double fps, int frames) throws IOException {
        return write(file, kind, width, height, fps, frames, 0, null);
    }

    /**
     * Writes a video; {@code rotation} is stored as display-matrix metadata (degrees, as FFmpeg's
     * recorder takes it); {@code timestampsMicros}, when given, makes the frame rate variable.
     */
    public static Path write(Path file, Kind kind, int width, int height, double fps, int frames, double rotation,
            long[] timestampsMicros) throws IOException {
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat(kind.format());
            recorder.setVideoCodecName(kind.codec());
            recorder.setPixelFormat(kind.pixelFormat());
            recorder.setFrameRate(timestampsMicros == null ? fps : 1000);
            recorder.setVideoQuality(kind.codec().equals("mjpeg") ? 3 : 4);
            recorder.setGopSize(12);
            if (rotation != 0) {
                recorder.setDisplayRotation(rotation);
            }
            if (kind.codec().startsWith("libvpx")) {
                recorder.setVideoOption("deadline", "realtime");
                recorder.setVideoOption("cpu-used", "8");
                recorder.setVideoBitrate(400_000);
            }
            if (kind.codec().equals("libopenh264")) {
                recorder.setVideoBitrate(800_000);
            }
            recorder.start();
            for (int i = 0; i < frames; i++) {
                if (timestampsMicros != null) {
                    recorder.setTimestamp(timestampsMicros[i]);
                }
                Frame frame = converter.convert(picture(i, width, height));
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException("cannot write test video " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The picture of frame {@code i}: deterministic texture, a moving square, the index as gray level. */
    public static BufferedImage picture(int i, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        Random random = new Random(7);
        for (int y = 0; y < height; y += 8) {
            for (int x = 0; x < width; x += 8) {
                int v = 40 + random.nextInt(60);
                g.setColor(new Color(v, v / 2 + 20, 90));
                g.fillRect(x, y, 8, 8);
            }
        }
        int side = Math.max(8, Math.min(width, height) / 4);
        int x = (int) ((width - side) * ((i % 50) / 49.0));
        g.setColor(new Color(250, 230, 40));
        g.fillRect(x, (height - side) / 2, side, side);
        int level = (i * 10) % 256;
        g.setColor(new Color(level, level, level));
        g.fillRect(0, 0, Math.max(8, width / 8), Math.max(8, height / 8));
        g.dispose();
        return image;
    }

    /** Keeps only the first {@code fraction} of the file's bytes. */
    public static Path truncate(Path file, double fraction) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength((long) (raf.length() * fraction));
        }
        return file;
    }

    /** Overwrites {@code length} bytes in the middle of the file with noise. */
    public static Path damageMiddle(Path file, int length) throws IOException {
        byte[] noise = new byte[length];
        new Random(11).nextBytes(noise);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2 - length / 2);
            raf.write(noise);
        }
        return file;
    }

    public static Path notAVideo(Path file) throws IOException {
        byte[] bytes = new byte[50_000];
        new Random(3).nextBytes(bytes);
        return Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static int codecId(String name) {
        return avcodec.avcodec_find_encoder_by_name(name).id();
    }
}
