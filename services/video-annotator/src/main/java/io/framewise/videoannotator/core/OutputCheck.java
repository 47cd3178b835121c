package io.framewise.videoannotator.core;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Probes a written video: FFmpeg writes another codec without a word when the one asked for is missing from
 * its build, so the annotator checks that what it wrote is really H.264 in yuv420p with every frame.
 */
public final class OutputCheck {

    /** What the file holds: codec (FFmpeg's codec name), pixel format name, video packets, size, rate, audio. */
    public record Probe(String codec, String pixelFormat, long frames, int width, int height, double fps,
            double durationSeconds, boolean audio, String audioCodec) {
    }

    private OutputCheck() {
    }

    public static Probe probe(Path file) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            AVFormatContext context = grabber.getFormatContext();
            int videoStream = -1;
            String codec = "none";
            String pixelFormat = "none";
            String audioCodec = null;
            for (int i = 0; i < context.nb_streams(); i++) {
                var par = context.streams(i).codecpar();
                if (par.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && videoStream < 0) {
                    videoStream = i;
                    codec = avcodec.avcodec_get_name(par.codec_id()).getString();
                    var name = avutil.av_get_pix_fmt_name(par.format());
                    pixelFormat = name == null ? "unknown" : name.getString();
                } else if (par.codec_type() == avutil.AVMEDIA_TYPE_AUDIO && audioCodec == null) {
                    audioCodec = avcodec.avcodec_get_name(par.codec_id()).getString();
                }
            }
            long frames = 0;
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                if (packet.stream_index() == videoStream) {
                    frames++;
                }
            }
            return new Probe(codec, pixelFormat, frames, grabber.getImageWidth(), grabber.getImageHeight(),
                    grabber.getVideoFrameRate(), grabber.getLengthInTime() / 1e6, audioCodec != null, audioCodec);
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("cannot read back the written video " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Throws unless the file is H.264, yuv420p, with exactly {@code frames} video frames. */
    public static Probe verify(Path file, long frames) {
        Probe p = probe(file);
        if (!p.codec().equals("h264")) {
            throw new IllegalStateException("the encoder wrote " + p.codec() + " instead of H.264 (is " + H264Writer.ENCODER
                    + " in this FFmpeg build?)");
        }
        if (!p.pixelFormat().equals("yuv420p")) {
            throw new IllegalStateException("the encoder wrote pixel format " + p.pixelFormat() + " instead of yuv420p");
        }
        if (p.frames() != frames) {
            throw new IllegalStateException("the written video holds " + p.frames() + " frames, not the " + frames + " decoded");
        }
        return p;
    }
}
