package io.framewise.videoannotator.core;

import io.framewise.common.model.Djl;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.loans.LoansModel;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.TimelineCheck;
import io.framewise.common.video.UnreadableVideoException;
import io.framewise.common.video.VideoInfo;
import io.framewise.common.video.VideoReader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Annotates a video with a model. Three stages overlap, joined by bounded queues (so memory stays bounded
 * whatever the video's length): a decoding thread (FFmpeg, scaled and upright), an inference thread (batches
 * of {@code batchSize} frames, no gradient recording), and the calling thread, which draws the boxes, encodes
 * the frame (H.264, see {@link H264Writer}), calls the per-frame listener in frame order, and streams the
 * COCO results. At the end the written file is probed: H.264, yuv420p, as many frames as were decoded.
 * A file FFmpeg cannot read, or whose decoded timeline shows missing frames, is an
 * {@link UnreadableVideoException}.
 */
public final class VideoAnnotation {

    private static final DecodedFrame END = new DecodedFrame(-1, 0, null);

    private record Inferred(DecodedFrame frame, AnnotatedFrame result) {
    }

    private static final Inferred END_INFERRED = new Inferred(END, null);

    private final AnnotationOptions options;
    private final PipelineMonitor monitor;

    private final Runnable inferenceThreadSetup;

    public VideoAnnotation(AnnotationOptions options, PipelineMonitor monitor) {
        this(options, monitor, VideoAnnotation::inferenceThread);
    }

    /**
     * {@code inferenceThreadSetup} runs first on the inference thread; the default loads libtorch (offline)
     * and turns gradient recording off there. A stand-in model that needs no engine can pass a no-op.
     */
    public VideoAnnotation(AnnotationOptions options, PipelineMonitor monitor, Runnable inferenceThreadSetup) {
        this.options = options;
        this.monitor = monitor == null ? PipelineMonitor.NONE : monitor;
        this.inferenceThreadSetup = inferenceThreadSetup;
    }

    static void inferenceThread() {
        Djl.offline();
        ai.djl.engine.Engine.getInstance();
        GradientMode.off();
    }

    /** The category indexes to keep, or null for all; an unknown name is refused with the model's names. */
    static boolean[] keptCategories(List<String> classes, List<String> categories) {
        if (classes.isEmpty()) {
            return null;
        }
        boolean[] kept = new boolean[categories.size()];
        for (String name : classes) {
            int i = categories.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("unknown class '" + name + "'; the model knows: " + String.join(", ", categories));
            }
            kept[i] = true;
        }
        return kept;
    }

    /**
     * Annotates {@code video} into {@code out} (an mp4), and {@code detectionsJson} when not null; calls
     * {@code listener} once per frame in order, after the frame is encoded.
     */
    public AnnotationSummary run(Path video, Predictor predictor, Path out, Path detectionsJson, FrameListener listener)
            throws Exception {
        long started = System.nanoTime();
        List<String> categories = predictor.spec().categories();
        boolean[] kept = keptCategories(options.classes(), categories);
        boolean assessor = LoansModel.FAMILY.equals(predictor.spec().family());
        FrameListener frames = listener == null ? FrameListener.NONE : listener;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BlockingQueue<DecodedFrame> decoded = new ArrayBlockingQueue<>(options.queueCapacity() + options.batchSize());
        BlockingQueue<Inferred> inferred = new ArrayBlockingQueue<>(options.queueCapacity() + options.batchSize());
        long[] inferenceNanos = new long[1];

        try (VideoReader reader = VideoReader.open(video, options.maxSide())) {
            VideoInfo info = reader.info();
            double fps = info.fps() > 0 && info.fps() <= 1000 ? info.fps() : 25;
            Thread decoder = new Thread(() -> {
                try {
                    TimelineCheck timeline = new TimelineCheck();
                    DecodedFrame f;
                    while ((f = reader.next()) != null) {
                        timeline.add(f.index(), f.timestampMicros());
                        put(decoded, f, failure);
                    }
                    timeline.verify(info.declaredFrames());
                    put(decoded, END, failure);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "annotate-decode");
            Thread inference = new Thread(() -> {
                try {
                    inferenceThreadSetup.run();
                    boolean end = false;
                    while (!end) {
                        List<DecodedFrame> batch = new ArrayList<>(options.batchSize());
                        while (batch.size() < options.batchSize()) {
                            DecodedFrame f = take(decoded, failure);
                            if (f == END) {
                                end = true;
                                break;
                            }
                            batch.add(f);
                        }
                        if (batch.isEmpty()) {
                            break;
                        }
                        List<BufferedImage> images = batch.stream().map(DecodedFrame::image).toList();
                        long t0 = System.nanoTime();
                        List<List<Detection>> detections = predictor.predict(images, options.minScore(), options.nmsIou(),
                                options.maxDetections());
                        long took = System.nanoTime() - t0;
                        inferenceNanos[0] += took;
                        monitor.inference(batch.size(), took);
                        monitor.queues(decoded.size(), inferred.size());
                        for (int i = 0; i < batch.size(); i++) {
                            DecodedFrame f = batch.get(i);
                            List<Detection> boxes = detections.get(i);
                            if (kept != null) {
                                boxes = boxes.stream().filter(d -> d.category() >= 0 && d.category() < kept.length
                                        && kept[d.category()]).toList();
                            }
                            put(inferred, new Inferred(f, new AnnotatedFrame(f.index(), f.timestampMicros(),
                                    f.image().getWidth(), f.image().getHeight(), boxes, assessor)), failure);
                        }
                    }
                    put(inferred, END_INFERRED, failure);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "annotate-infer");
            decoder.setDaemon(true);
            inference.setDaemon(true);
            decoder.start();
            inference.start();
            try {
                FrameDrawing drawing = new FrameDrawing(categories, options.assessorThreshold(), options.hideBelowAssessor());
                long written = 0;
                long detectionCount = 0;
                H264Writer writer = null;
                CocoResultsWriter coco = detectionsJson == null ? null : new CocoResultsWriter(detectionsJson, categories);
                int width = info.width();
                int height = info.height();
                try {
                    for (Inferred item = take(inferred, failure); item != END_INFERRED; item = take(inferred, failure)) {
                        BufferedImage canvas = drawing.draw(item.frame().image(), item.result());
                        if (writer == null) {
                            width = item.result().width();
                            height = item.result().height();
                            writer = new H264Writer(out, canvas.getWidth(), canvas.getHeight(), fps, info.hasAudio() ? video : null);
                        }
                        writer.write(canvas);
                        written++;
                        detectionCount += item.result().detections().size();
                        frames.frame(item.result());
                        if (coco != null) {
                            coco.write(item.result());
                        }
                        monitor.frameWritten(item.result().detections().size());
                    }
                    if (failure.get() != null) {
                        throw failure.get() instanceof Exception e ? e : new IllegalStateException(failure.get());
                    }
                    if (writer == null) {
                        throw new UnreadableVideoException("the video stream holds no decodable frame");
                    }
                    writer.finish();
                } finally {
                    if (writer != null) {
                        writer.close();
                    }
                    if (coco != null) {
                        coco.close();
                    }
                }
                boolean audio = writer.hasAudio();
                OutputCheck.Probe probe = OutputCheck.verify(out, written);
                return new AnnotationSummary(written, width, height, fps, written / fps, detectionCount, audio,
                        probe.codec(), (System.nanoTime() - started) / 1e9, inferenceNanos[0] / 1e9);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                Throwable first = failure.get() instanceof CancellationException ? t : failure.get();
                throw first instanceof Exception e ? e : new IllegalStateException(first);
            } finally {
                failure.compareAndSet(null, new CancellationException("finished"));
                decoder.join();
                inference.join();
            }
        }
    }

    private static <T> void put(BlockingQueue<T> queue, T item, AtomicReference<Throwable> failure) throws InterruptedException {
        while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new CancellationException("another stage failed");
            }
        }
    }

    private static <T> T take(BlockingQueue<T> queue, AtomicReference<Throwable> failure) throws Exception {
        while (true) {
            T item = queue.poll(50, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            Throwable t = failure.get();
            if (t != null) {
                throw t instanceof Exception e ? e : new IllegalStateException(t);
            }
        }
    }
}
