package io.framewise.videoannotator.core;

import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.video.DecodedFrame;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The three overlapping stages of an annotation, shared by videos and image sets, joined by bounded queues
 * (so memory stays bounded whatever the input's length): a reading thread (the {@link Source}), an inference
 * thread (batches of {@code batchSize} frames, no gradient recording), and the calling thread, which draws the boxes (and a pose model's skeletons), hands the frame to the
 * {@link Sink}, calls the per-frame listener in frame order and streams the COCO results. The first failure of any
 * stage stops the others and is what {@link #run} throws.
 */
final class AnnotationPipeline {

    /** Frames in order; {@link #next} returns null at the end, after which {@link #end} checks the whole. */
    interface Source {
        DecodedFrame next() throws Exception;

        default void end() throws Exception {
        }
    }

    /** Takes each drawn frame, in order, on the calling thread. */
    interface Sink {
        void write(BufferedImage canvas, AnnotatedFrame frame) throws Exception;
    }

    /** What went through: frames written, detections kept, seconds spent in the model. */
    record Counts(long frames, long detections, double inferenceSeconds) {
    }

    private static final DecodedFrame END = new DecodedFrame(-1, 0, null);

    private record Inferred(DecodedFrame frame, AnnotatedFrame result) {
    }

    private static final Inferred END_INFERRED = new Inferred(END, null);

    private final AnnotationOptions options;
    private final PipelineMonitor monitor;
    private final Runnable inferenceThreadSetup;

    AnnotationPipeline(AnnotationOptions options, PipelineMonitor monitor, Runnable inferenceThreadSetup) {
        this.options = options;
        this.monitor = monitor == null ? PipelineMonitor.NONE : monitor;
        this.inferenceThreadSetup = inferenceThreadSetup;
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
     * Runs the stages until the source ends. {@code names} (may be null) gives each frame's name in the COCO
     * results, for image sets.
     */
    Counts run(Source source, Predictor predictor, Sink sink, FrameListener listener, CocoResultsWriter coco,
            java.util.function.LongFunction<String> names) throws Exception {
        List<String> categories = predictor.spec().categories();
        boolean[] kept = keptCategories(options.classes(), categories);
        boolean assessor = io.framewise.common.model.loans.LoansModel.FAMILY.equals(predictor.spec().family());
        KeypointSpec keypoints = PoseFamily.keypoints(predictor.spec());
        FrameListener frames = listener == null ? FrameListener.NONE : listener;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BlockingQueue<DecodedFrame> decoded = new ArrayBlockingQueue<>(options.queueCapacity() + options.batchSize());
        BlockingQueue<Inferred> inferred = new ArrayBlockingQueue<>(options.queueCapacity() + options.batchSize());
        long[] inferenceNanos = new long[1];

        Thread reader = new Thread(() -> {
            try {
                DecodedFrame f;
                while ((f = source.next()) != null) {
                    put(decoded, f, failure);
                }
                source.end();
                put(decoded, END, failure);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "annotate-read");
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
        reader.setDaemon(true);
        inference.setDaemon(true);
        reader.start();
        inference.start();
        try {
            FrameDrawing drawing = new FrameDrawing(categories, options.assessorThreshold(), options.hideBelowAssessor(),
                    keypoints, options.minScore());
            long written = 0;
            long detectionCount = 0;
            for (Inferred item = take(inferred, failure); item != END_INFERRED; item = take(inferred, failure)) {
                sink.write(drawing.draw(item.frame().image(), item.result()), item.result());
                written++;
                detectionCount += item.result().detections().size();
                frames.frame(item.result());
                if (coco != null) {
                    coco.write(item.result(), names == null ? null : names.apply(item.result().index()));
                }
                monitor.frameWritten(item.result().detections().size());
            }
            if (failure.get() != null) {
                throw failure.get() instanceof Exception e ? e : new IllegalStateException(failure.get());
            }
            return new Counts(written, detectionCount, inferenceNanos[0] / 1e9);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            Throwable first = failure.get() instanceof CancellationException ? t : failure.get();
            throw first instanceof Exception e ? e : new IllegalStateException(first);
        } finally {
            failure.compareAndSet(null, new CancellationException("finished"));
            reader.join();
            inference.join();
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
