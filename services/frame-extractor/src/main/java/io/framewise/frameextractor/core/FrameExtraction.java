package io.framewise.frameextractor.core;

import io.framewise.common.video.DamagedVideoException;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.TimelineCheck;
import io.framewise.common.video.VideoInfo;
import io.framewise.common.video.VideoReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import io.framewise.common.video.YuvFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns one video file into dataset frames. The calling thread decodes (FFmpeg decodes and scales in
 * native code, to full-range YUV when the video needs no turning); a small pool encodes JPEGs (FFmpeg's MJPEG
 * encoder from YUV, or ImageIO from an upright image); frames reach the sink in frame order while later frames are
 * still being decoded and encoded. At most {@code 2 x threads} frames are in flight, so memory does not
 * grow with the video's length.
 */
public final class FrameExtraction {

    /** Told about progress about once a second. */
    public interface Progress {
        void update(long framesWritten, long framesDecoded, long declaredFrames, double secondsElapsed);
    }

    private final ExtractionOptions options;
    private final int threads;
    private final boolean nativeJpeg;

    public FrameExtraction(ExtractionOptions options, int threads) {
        this(options, threads, true);
    }

    /**
     * @param nativeJpeg encode with FFmpeg's MJPEG encoder straight from the decoder's YUV (a rotated video still goes
     *     through an upright image and ImageIO); false: every frame through ImageIO
     */
    public FrameExtraction(ExtractionOptions options, int threads, boolean nativeJpeg) {
        this.options = options;
        this.threads = Math.max(1, threads);
        this.nativeJpeg = nativeJpeg;
    }

    /**
     * Extracts {@code video} into {@code sink}, writing one manifest row per frame to {@code manifest}
     * (paths prefixed with {@code manifestPrefix}). Throws {@link io.framewise.common.video.UnreadableVideoException}
     * for a file FFmpeg cannot read and {@link DamagedVideoException} when frames are missing.
     */
    public ExtractionSummary run(Path video, FrameSink sink, Writer manifest, String manifestPrefix, Progress progress)
            throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jpeg-encoder");
            t.setDaemon(true);
            return t;
        });
        Encoders encoders = new Encoders(options.jpegQuality());
        ArrayDeque<Future<ExtractedFrame>> inFlight = new ArrayDeque<>();
        int window = 2 * threads;
        FrameSelection selection = new FrameSelection(options);
        TimelineCheck timeline = new TimelineCheck();
        manifest.write("path,frame_index,timestamp_seconds,width,height\n");
        int written = 0;
        long decoded = 0;
        long lastReport = started;
        try (VideoReader reader = VideoReader.open(video, options.maxSide(), nativeJpeg)) {
            VideoInfo info = reader.info();
            Pending frame;
            while ((frame = next(reader)) != null) {
                decoded++;
                boolean keep;
                try {
                    timeline.add(frame.index(), frame.timestampMicros());
                    keep = selection.keep(frame.index(), frame.timestampMicros());
                } catch (RuntimeException e) {
                    frame.close();
                    throw e;
                }
                if (!keep) {
                    frame.close();
                    continue;
                }
                Pending toEncode = frame;
                Callable<ExtractedFrame> encode = () -> {
                    try (toEncode) {
                        return toEncode.encode(encoders);
                    }
                };
                inFlight.add(pool.submit(encode));
                while (inFlight.size() >= window || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
                    emit(inFlight.poll(), sink, manifest, manifestPrefix);
                    written++;
                }
                long now = System.nanoTime();
                if (progress != null && now - lastReport > 1_000_000_000L) {
                    progress.update(written, decoded, info.declaredFrames(), (now - started) / 1e9);
                    lastReport = now;
                }
            }
            while (!inFlight.isEmpty()) {
                emit(inFlight.poll(), sink, manifest, manifestPrefix);
                written++;
            }
            sink.finish();
            manifest.flush();
            timeline.verify(info.declaredFrames());
            if (decoded == 0) {
                throw new DamagedVideoException("the video stream holds no decodable frame");
            }
            if (progress != null) {
                progress.update(written, decoded, info.declaredFrames(), (System.nanoTime() - started) / 1e9);
            }
            double seconds = info.durationSeconds() > 0 ? info.durationSeconds() : 0;
            return new ExtractionSummary(written, info.width(), info.height(), info.fps(), seconds, decoded, info.codec(),
                    info.rotation());
        } finally {
            // Let queued encodings finish (each frees its frame; none takes long), then stop the pool.
            for (Future<ExtractedFrame> f : inFlight) {
                try {
                    f.get();
                } catch (Exception ignored) {
                    // the run has already failed; that is the error reported
                }
            }
            pool.shutdownNow();
            encoders.close();
        }
    }

    /** The reader's next frame, or null at the end of the stream. */
    private static Pending next(VideoReader reader) {
        if (reader.yuv()) {
            YuvFrame frame = reader.nextYuv();
            return frame == null ? null : new YuvPending(frame);
        }
        DecodedFrame frame = reader.next();
        return frame == null ? null : new ImagePending(frame);
    }

    /** A decoded frame on its way to a JPEG; closing it frees what it holds. */
    private interface Pending extends AutoCloseable {
        long index();

        long timestampMicros();

        ExtractedFrame encode(Encoders encoders);

        @Override
        void close();
    }

    /** FFmpeg's YUV picture, encoded by FFmpeg. */
    private record YuvPending(YuvFrame frame) implements Pending {
        public long index() {
            return frame.index();
        }

        public long timestampMicros() {
            return frame.timestampMicros();
        }

        public ExtractedFrame encode(Encoders encoders) {
            return new ExtractedFrame(name(index()), index(), timestampMicros(), frame.width(), frame.height(),
                    encoders.ffmpeg(frame).encode(frame));
        }

        public void close() {
            frame.close();
        }
    }

    /** An upright image, encoded by ImageIO. */
    private record ImagePending(DecodedFrame frame) implements Pending {
        public long index() {
            return frame.index();
        }

        public long timestampMicros() {
            return frame.timestampMicros();
        }

        public ExtractedFrame encode(Encoders encoders) {
            return new ExtractedFrame(name(index()), index(), timestampMicros(), frame.image().getWidth(),
                    frame.image().getHeight(), encoders.imageIo().encode(frame.image()));
        }

        public void close() {
            // the image is the garbage collector's
        }
    }

    /** A frame's file name, {@code %06d.jpg} (built by hand: this and the manifest row run once per frame). */
    static String name(long index) {
        String digits = Long.toString(index);
        return (digits.length() < 6 ? "000000".substring(digits.length()) : "") + digits + ".jpg";
    }

    /** A timestamp in microseconds as seconds with six decimals: exactly what {@code %.6f} prints for micros / 1e6. */
    static String seconds(long micros) {
        long abs = Math.abs(micros);
        String fraction = Long.toString(abs % 1_000_000);
        return (micros < 0 ? "-" : "") + abs / 1_000_000 + "." + "000000".substring(fraction.length()) + fraction;
    }

    /** Each encoder thread's JPEG encoder, made when the thread first needs one; all closed at the end of the run. */
    private static final class Encoders implements AutoCloseable {
        private final float quality;
        private final ThreadLocal<JpegEncoder> imageIo;
        private final ThreadLocal<FfmpegJpegEncoder> ffmpeg = new ThreadLocal<>();
        private final List<FfmpegJpegEncoder> opened = new ArrayList<>();

        Encoders(float quality) {
            this.quality = quality;
            this.imageIo = ThreadLocal.withInitial(() -> new JpegEncoder(quality));
        }

        JpegEncoder imageIo() {
            return imageIo.get();
        }

        FfmpegJpegEncoder ffmpeg(YuvFrame frame) {
            FfmpegJpegEncoder encoder = ffmpeg.get();
            if (encoder == null || !encoder.fits(frame)) {
                encoder = new FfmpegJpegEncoder(frame.width(), frame.height(), quality);
                synchronized (opened) {
                    opened.add(encoder);
                }
                ffmpeg.set(encoder);
            }
            return encoder;
        }

        @Override
        public void close() {
            synchronized (opened) {
                opened.forEach(FfmpegJpegEncoder::close);
                opened.clear();
            }
        }
    }

    private static void emit(Future<ExtractedFrame> future, FrameSink sink, Writer manifest, String prefix) throws Exception {
        ExtractedFrame frame;
        try {
            frame = future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        sink.accept(frame);
        manifestRow(manifest, prefix, frame);
    }

    private static void manifestRow(Writer manifest, String prefix, ExtractedFrame frame) throws IOException {
        manifest.write(prefix + frame.name() + "," + frame.frameIndex() + "," + seconds(frame.timestampMicros()) + ","
                + frame.width() + "," + frame.height() + "\n");
    }
}
