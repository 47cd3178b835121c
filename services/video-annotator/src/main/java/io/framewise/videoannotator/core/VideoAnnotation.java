package io.framewise.videoannotator.core;

import io.framewise.common.model.Djl;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.Predictor;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.TimelineCheck;
import io.framewise.common.video.UnreadableVideoException;
import io.framewise.common.video.VideoInfo;
import io.framewise.common.video.VideoReader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Annotates a video with a model through the {@link AnnotationPipeline}: FFmpeg decodes (scaled and upright)
 * on the reading thread, the model runs on the inference thread, and the calling thread draws, encodes
 * (H.264, see {@link H264Writer}), calls the per-frame listener in frame order and streams the COCO results.
 * At the end the written file is probed: H.264, yuv420p, as many frames as were decoded. A file FFmpeg cannot
 * read, or whose decoded timeline shows missing frames, is an {@link UnreadableVideoException}.
 */
public final class VideoAnnotation {

    private final AnnotationOptions options;
    private final AnnotationPipeline pipeline;

    public VideoAnnotation(AnnotationOptions options, PipelineMonitor monitor) {
        this(options, monitor, VideoAnnotation::inferenceThread);
    }

    /**
     * {@code inferenceThreadSetup} runs first on the inference thread; the default loads libtorch (offline)
     * and turns gradient recording off there. A stand-in model that needs no engine can pass a no-op.
     */
    public VideoAnnotation(AnnotationOptions options, PipelineMonitor monitor, Runnable inferenceThreadSetup) {
        this.options = options;
        this.pipeline = new AnnotationPipeline(options, monitor, inferenceThreadSetup);
    }

    static void inferenceThread() {
        Djl.offline();
        ai.djl.engine.Engine.getInstance();
        GradientMode.off();
    }

    /** The encoder, opened with the first drawn frame's size. */
    private static final class Mp4Sink implements AnnotationPipeline.Sink, AutoCloseable {
        private final Path out;
        private final double fps;
        private final Path audioSource;
        private H264Writer writer;
        private int width;
        private int height;

        Mp4Sink(Path out, double fps, Path audioSource) {
            this.out = out;
            this.fps = fps;
            this.audioSource = audioSource;
        }

        @Override
        public void write(BufferedImage canvas, AnnotatedFrame frame) throws Exception {
            if (writer == null) {
                width = frame.width();
                height = frame.height();
                writer = new H264Writer(out, canvas.getWidth(), canvas.getHeight(), fps, audioSource);
            }
            writer.write(canvas);
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /**
     * Annotates {@code video} into {@code out} (an mp4), and {@code detectionsJson} when not null; calls
     * {@code listener} once per frame in order, after the frame is encoded.
     */
    public AnnotationSummary run(Path video, Predictor predictor, Path out, Path detectionsJson, FrameListener listener)
            throws Exception {
        long started = System.nanoTime();
        try (VideoReader reader = VideoReader.open(video, options.maxSide())) {
            VideoInfo info = reader.info();
            double fps = info.fps() > 0 && info.fps() <= 1000 ? info.fps() : 25;
            TimelineCheck timeline = new TimelineCheck();
            AnnotationPipeline.Source frames = new AnnotationPipeline.Source() {
                @Override
                public DecodedFrame next() {
                    DecodedFrame f = reader.next();
                    if (f != null) {
                        timeline.add(f.index(), f.timestampMicros());
                    }
                    return f;
                }

                @Override
                public void end() {
                    timeline.verify(info.declaredFrames());
                }
            };
            AnnotationPipeline.Counts counts;
            boolean audio;
            int width;
            int height;
            try (Mp4Sink sink = new Mp4Sink(out, fps, info.hasAudio() ? video : null);
                    CocoResultsWriter coco = detectionsJson == null ? null : new CocoResultsWriter(detectionsJson,
                            predictor.spec().categories())) {
                counts = pipeline.run(frames, predictor, sink, listener, coco, null);
                if (sink.writer == null) {
                    throw new UnreadableVideoException("the video stream holds no decodable frame");
                }
                sink.writer.finish();
                audio = sink.writer.hasAudio();
                width = sink.width;
                height = sink.height;
            }
            OutputCheck.Probe probe = OutputCheck.verify(out, counts.frames());
            return new AnnotationSummary(counts.frames(), width, height, fps, counts.frames() / fps, counts.detections(),
                    audio, probe.codec(), (System.nanoTime() - started) / 1e9, counts.inferenceSeconds());
        }
    }
}
