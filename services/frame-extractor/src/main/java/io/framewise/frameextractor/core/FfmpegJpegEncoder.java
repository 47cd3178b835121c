package io.framewise.frameextractor.core;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.framewise.common.video.YuvFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Baseline JPEG from YUV 4:2:0 frames with FFmpeg's MJPEG encoder (what {@code ffmpeg ... out/%06d.jpg} uses), at
 * a quality that means what libjpeg's does: the quantization tables are the JPEG standard's (Annex K) scaled by
 * libjpeg's rule for that quality, given to the encoder whole (see {@link #QSCALE}). Only the DC steps differ:
 * FFmpeg quantizes DC by 8 whatever the table says. One instance per thread and frame size.
 */
final class FfmpegJpegEncoder implements AutoCloseable {

    /** JPEG Annex K luminance quantization table, natural order. */
    static final int[] LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    /** JPEG Annex K chrominance quantization table, natural order. */
    static final int[] CHROMINANCE = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

    /**
     * The encoder's fixed qscale. FFmpeg writes each step as {@code (matrix * qscale) >> 3} and refuses matrix entries
     * under 4, so the tables go in multiplied by {@code 8 / QSCALE} = 4: every step from 1 up comes out exact.
     */
    static final int QSCALE = 2;

    private AVCodecContext context;
    private AVPacket packet;
    private final int width;
    private final int height;

    FfmpegJpegEncoder(int width, int height, float quality) {
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no MJPEG encoder");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUVJ420P);
        context.color_range(AVCOL_RANGE_JPEG);
        context.time_base(av_make_q(1, 25));
        context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
        context.global_quality(QSCALE * FF_QP2LAMBDA);
        context.intra_matrix(matrix(LUMINANCE, quality));
        context.chroma_intra_matrix(matrix(CHROMINANCE, quality));
        int opened = avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("cannot open FFmpeg's MJPEG encoder for " + width + "x" + height + " (error "
                    + opened + ")");
        }
        packet = av_packet_alloc();
    }

    /**
     * A table scaled as libjpeg's {@code jpeg_set_quality} does (baseline: steps 1..255), times {@code 8 / QSCALE}, in
     * av_malloc'd memory (the codec context frees it).
     */
    static ShortPointer matrix(int[] base, float quality) {
        int[] scaled = scaled(base, quality);
        ShortPointer m = new ShortPointer(av_malloc(64 * 2)).capacity(64);
        for (int i = 0; i < 64; i++) {
            m.put(i, (short) (scaled[i] * (8 / QSCALE)));
        }
        return m;
    }

    static int[] scaled(int[] base, float quality) {
        int q = Math.max(1, Math.min(100, Math.round(quality * 100)));
        int scale = q < 50 ? 5000 / q : 200 - 2 * q;
        int[] out = new int[64];
        for (int i = 0; i < 64; i++) {
            out[i] = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
        }
        return out;
    }

    boolean fits(YuvFrame frame) {
        return frame.width() == width && frame.height() == height;
    }

    byte[] encode(YuvFrame frame) {
        int sent = avcodec_send_frame(context, frame.frame());
        if (sent < 0) {
            throw new IllegalStateException("JPEG encoding of frame " + frame.index() + " failed (error " + sent + ")");
        }
        int received = avcodec_receive_packet(context, packet);
        if (received < 0) {
            throw new IllegalStateException("JPEG encoding of frame " + frame.index() + " gave no picture (error "
                    + received + ")");
        }
        try {
            byte[] jpeg = new byte[packet.size()];
            packet.data().get(jpeg);
            return jpeg;
        } finally {
            av_packet_unref(packet);
        }
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }
}
