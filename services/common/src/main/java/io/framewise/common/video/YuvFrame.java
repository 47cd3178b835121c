package io.framewise.common.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One decoded frame as full-range YUV 4:2:0 in native memory of its own (a copy: the decoder reuses its picture
 * for the next frame), with its index and presentation time. Close it to free the memory.
 */
public final class YuvFrame implements AutoCloseable {

    private final long index;
    private final long timestampMicros;
    private AVFrame frame;

    private YuvFrame(long index, long timestampMicros, AVFrame frame) {
        this.index = index;
        this.timestampMicros = timestampMicros;
        this.frame = frame;
    }

    static YuvFrame copyOf(long index, long timestampMicros, AVFrame source) {
        AVFrame copy = av_frame_alloc();
        if (copy == null) {
            throw new OutOfMemoryError("av_frame_alloc failed");
        }
        copy.format(source.format());
        copy.width(source.width());
        copy.height(source.height());
        copy.color_range(source.color_range());
        if (av_frame_get_buffer(copy, 0) < 0 || av_frame_copy(copy, source) < 0) {
            av_frame_free(copy);
            throw new IllegalStateException("cannot copy a " + source.width() + "x" + source.height() + " frame");
        }
        return new YuvFrame(index, timestampMicros, copy);
    }

    public long index() {
        return index;
    }

    public long timestampMicros() {
        return timestampMicros;
    }

    public int width() {
        return frame.width();
    }

    public int height() {
        return frame.height();
    }

    /** The picture (format {@code AV_PIX_FMT_YUVJ420P}); valid until {@link #close()}. */
    public AVFrame frame() {
        if (frame == null) {
            throw new IllegalStateException("frame " + index + " was closed");
        }
        return frame;
    }

    @Override
    public synchronized void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
    }
}
