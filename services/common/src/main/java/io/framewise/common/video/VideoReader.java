package io.framewise.common.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a video file with FFmpeg, frame by frame, scaled in FFmpeg (swscale, area averaging when
 * shrinking) and turned upright according to the stream's rotation metadata. One frame is in memory at a
 * time, so a video of any length passes through bounded memory.
 */
public final class VideoReader implements AutoCloseable {

    static {
        // FFmpeg writes its log to the process's stderr by default; route it through Java logging (so it
        // lands in the service's log with everything else) and keep only real errors.
        FFmpegLogCallback.set();
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final int rotation;
    private final boolean yuv;
    private long nextIndex;

    private VideoReader(FFmpegFrameGrabber grabber, VideoInfo info, int rotation, boolean yuv) {
        this.grabber = grabber;
        this.info = info;
        this.rotation = rotation;
        this.yuv = yuv;
    }

    /**
     * Opens {@code file}; frames come out with their longest upright side at most {@code maxSide} pixels
     * (never upscaled; {@code maxSide <= 0} keeps the original size).
     */
    public static VideoReader open(Path file, int maxSide) {
        return open(file, maxSide, false);
    }

    /**
     * Opens {@code file} as {@link #open(Path, int)} does; with {@code preferYuv}, frames of a video that needs no
     * turning come out as full-range YUV 4:2:0 ({@link #nextYuv()}, what a JPEG encoder takes, with no RGB
     * conversion on the way), and a rotated video's as images ({@link #next()}): see {@link #yuv()}.
     */
    public static VideoReader open(Path file, int maxSide, boolean preferYuv) {
        VideoReader reader = open(file, maxSide, preferYuv ? avutil.AV_PIX_FMT_YUVJ420P : avutil.AV_PIX_FMT_BGR24);
        if (reader.yuv && reader.rotation != 0) {
            reader.close();
            return open(file, maxSide, avutil.AV_PIX_FMT_BGR24);
        }
        return reader;
    }

    private static VideoReader open(Path file, int maxSide, int pixelFormat) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UnreadableVideoException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new UnreadableVideoException("the file is empty (0 bytes)");
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(pixelFormat);
        grabber.setVideoOption("threads", "0");
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            throw new UnreadableVideoException("not a video FFmpeg can read: " + cleanMessage(e), e);
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release(grabber);
            throw new UnreadableVideoException("the file has no video stream (format " + grabber.getFormat() + ")");
        }
        int rotation = normalizedRotation(grabber.getDisplayRotation());
        boolean sideways = rotation == 90 || rotation == 270;
        int storedW = grabber.getImageWidth();
        int storedH = grabber.getImageHeight();
        int uprightW = sideways ? storedH : storedW;
        int uprightH = sideways ? storedW : storedH;
        double scale = maxSide > 0 ? Math.min(1.0, maxSide / (double) Math.max(uprightW, uprightH)) : 1.0;
        if (scale < 1.0) {
            uprightW = Math.max(1, (int) Math.round(uprightW * scale));
            uprightH = Math.max(1, (int) Math.round(uprightH * scale));
            // The scaled size is set on the stored (unrotated) frame; rotation happens after scaling.
            grabber.setImageWidth(sideways ? uprightH : uprightW);
            grabber.setImageHeight(sideways ? uprightW : uprightH);
            grabber.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_AREA);
        }
        long declared = declaredFrames(grabber);
        double duration = grabber.getLengthInTime() > 0 ? grabber.getLengthInTime() / 1e6 : 0;
        VideoInfo info = new VideoInfo(grabber.getFormat(), grabber.getVideoCodecName(), uprightW, uprightH, rotation,
                grabber.getVideoFrameRate(), declared, duration, grabber.hasAudio());
        return new VideoReader(grabber, info, rotation, pixelFormat == avutil.AV_PIX_FMT_YUVJ420P);
    }

    public VideoInfo info() {
        return info;
    }

    /** True when frames come as YUV ({@link #nextYuv()}), false when as images ({@link #next()}). */
    public boolean yuv() {
        return yuv;
    }

    /** The next frame, or null at the end of the stream; for a reader of images. */
    public DecodedFrame next() {
        if (yuv) {
            throw new IllegalStateException("this reader gives YUV frames: nextYuv()");
        }
        Frame frame = grab();
        if (frame == null) {
            return null;
        }
        BufferedImage image = rotate(toImage(frame), rotation);
        return new DecodedFrame(nextIndex++, frame.timestamp, image);
    }

    /**
     * The next frame as a copy of FFmpeg's full-range YUV 4:2:0 picture (the caller closes it), or null at the end
     * of the stream; for a reader of YUV frames.
     */
    public YuvFrame nextYuv() {
        if (!yuv) {
            throw new IllegalStateException("this reader gives images: next()");
        }
        Frame frame = grab();
        if (frame == null) {
            return null;
        }
        return YuvFrame.copyOf(nextIndex++, frame.timestamp, (org.bytedeco.ffmpeg.avutil.AVFrame) frame.opaque);
    }

    private Frame grab() {
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new UnreadableVideoException("decoding failed after frame " + (nextIndex - 1) + ": " + cleanMessage(e), e);
        }
    }

    /** Copies the BGR24 frame into an image of its own: the grabber reuses its buffer for the next frame. */
    private static BufferedImage toImage(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ByteBuffer source = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int rowBytes = w * 3;
        for (int y = 0; y < h; y++) {
            source.get(y * stride, target, y * rowBytes, rowBytes);
        }
        return image;
    }

    static BufferedImage rotate(BufferedImage image, int degrees) {
        if (degrees == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean sideways = degrees == 90 || degrees == 270;
        BufferedImage out = new BufferedImage(sideways ? h : w, sideways ? w : h, image.getType());
        byte[] src = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int outW = out.getWidth();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (degrees) {
                    case 90 -> { ox = h - 1 - y; oy = x; }
                    case 180 -> { ox = w - 1 - x; oy = h - 1 - y; }
                    default -> { ox = y; oy = w - 1 - x; }
                }
                int s = (y * w + x) * 3;
                int d = (oy * outW + ox) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return out;
    }

    /**
     * Clockwise degrees to turn a stored frame to display it upright. FFmpeg reports the display matrix
     * rotation counter-clockwise (a phone video held upright reads -90).
     */
    static int normalizedRotation(double displayRotation) {
        long ccw = Math.round(displayRotation / 90.0) * 90;
        return (int) (((-ccw % 360) + 360) % 360);
    }

    private static long declaredFrames(FFmpegFrameGrabber grabber) {
        var context = grabber.getFormatContext();
        for (int i = 0; i < context.nb_streams(); i++) {
            var stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return Math.max(0, stream.nb_frames());
            }
        }
        return 0;
    }

    private static String cleanMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception ignored) {
            // opening already failed; that is the error to report
        }
    }

    @Override
    public void close() {
        release(grabber);
    }

    /** Lets FFmpeg's warnings through too (for looking into a file that misbehaves). */
    public static void verboseFfmpegLog() {
        FFmpegLogCallback.setLevel(avutil.AV_LOG_WARNING);
        avutil.av_log_set_level(avutil.AV_LOG_WARNING);
    }
}
