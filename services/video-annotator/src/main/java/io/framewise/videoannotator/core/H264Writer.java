package io.framewise.videoannotator.core;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes an mp4 every browser and player plays: H.264 (libopenh264, the only H.264 encoder in JavaCV's
 * FFmpeg build), yuv420p, even sides, {@code moov} atom first ({@code movflags +faststart}), the source's
 * frame rate. When an audio source is given, its audio is re-encoded to AAC and interleaved with the video by
 * time. Frames are expected at a constant rate, one per call. Not thread-safe: one encoding thread.
 */
public final class H264Writer implements AutoCloseable {

    public static final String ENCODER = "libopenh264";

    static {
        // The encoder's banner and warnings would go to the process's stderr; keep only errors, through Java logging.
        org.bytedeco.javacv.FFmpegLogCallback.set();
        org.bytedeco.javacv.FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final FFmpegFrameRecorder recorder;
    private final FFmpegFrameGrabber audio;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final double fps;
    private final int width;
    private final int height;
    private Frame pendingAudio;
    private boolean audioDone;
    private long frames;

    /** {@code width} and {@code height} must be even; {@code audioSource} may be null (no audio). */
    public H264Writer(Path out, int width, int height, double fps, Path audioSource) {
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("H.264 in yuv420p needs even sides, not " + width + "x" + height);
        }
        this.fps = fps;
        this.width = width;
        this.height = height;
        FFmpegFrameGrabber grabber = null;
        int channels = 0;
        if (audioSource != null) {
            grabber = new FFmpegFrameGrabber(audioSource.toFile());
            try {
                grabber.start();
                channels = grabber.hasAudio() ? grabber.getAudioChannels() : 0;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                channels = 0;
            }
            if (channels == 0) {
                release(grabber);
                grabber = null;
            }
        }
        this.audio = grabber;
        recorder = new FFmpegFrameRecorder(out.toFile(), width, height, channels);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName(ENCODER);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(Math.max(1, (int) Math.round(fps * 2)));
        // About 0.15 bits per pixel: clean boxes and text without a huge file.
        recorder.setVideoBitrate((int) Math.max(400_000, Math.min(20_000_000, width * (double) height * fps * 0.15)));
        recorder.setOption("movflags", "+faststart");
        if (grabber != null) {
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(grabber.getSampleRate());
            recorder.setAudioBitrate(128_000);
        }
        try {
            recorder.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            release(grabber);
            throw new IllegalStateException("cannot start the H.264 encoder for " + out.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** Writes the next frame (the image's size must be the writer's), and the audio up to its time. */
    public void write(BufferedImage image) throws FrameRecorder.Exception {
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + image.getWidth() + "x" + image.getHeight() + ", not "
                    + width + "x" + height);
        }
        long frameTime = Math.round(frames * 1e6 / fps);
        writeAudioUntil(frameTime);
        recorder.record(converter.convert(image), avutil.AV_PIX_FMT_BGR24);
        frames++;
    }

    private void writeAudioUntil(long micros) throws FrameRecorder.Exception {
        while (audio != null && !audioDone) {
            if (pendingAudio == null) {
                try {
                    Frame next = audio.grabSamples();
                    if (next == null) {
                        audioDone = true;
                        return;
                    }
                    pendingAudio = next.clone();
                } catch (FrameGrabber.Exception e) {
                    // Audio that stops decoding ends the audio track; the video is what the job is about.
                    audioDone = true;
                    return;
                }
            }
            if (pendingAudio.timestamp > micros) {
                return;
            }
            recorder.record(pendingAudio);
            pendingAudio.close();
            pendingAudio = null;
        }
    }

    public long frames() {
        return frames;
    }

    /** Writes the rest of the audio and finishes the file. */
    public void finish() throws FrameRecorder.Exception {
        writeAudioUntil(Long.MAX_VALUE);
        recorder.stop();
    }

    @Override
    public void close() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception ignored) {
            // closing after a failure: the failure is what matters
        }
        release(audio);
        if (pendingAudio != null) {
            pendingAudio.close();
        }
        converter.close();
    }

    private static void release(FFmpegFrameGrabber grabber) {
        if (grabber != null) {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // nothing to do
            }
        }
    }
}
