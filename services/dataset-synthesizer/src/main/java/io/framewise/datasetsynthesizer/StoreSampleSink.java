package io.framewise.datasetsynthesizer;

import io.framewise.common.store.ObjectStore;
import io.framewise.datasetsynthesizer.core.Box;
import io.framewise.datasetsynthesizer.core.CocoDirectorySink;
import io.framewise.datasetsynthesizer.core.DetectionInstance;
import io.framewise.datasetsynthesizer.core.DetectionSample;
import io.framewise.datasetsynthesizer.core.DetectionSink;
import io.framewise.datasetsynthesizer.core.DirectorySink;
import io.framewise.datasetsynthesizer.core.RgbaImage;
import io.framewise.datasetsynthesizer.core.Sample;
import io.framewise.datasetsynthesizer.core.SampleSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * Streams a run's samples into the store as they come: each image is encoded and uploaded on the upload pool
 * (at most {@code inFlight} at once; the synthesis waits beyond that, so memory stays bounded), and the index
 * rows are collected per chunk of sample indices. A chunk is checkpointed as one part object
 * ({@link DatasetLayout#partKey}) once every image in it is stored, so the parts always describe stored
 * images, and a restarted job continues after the last part.
 *
 * <p>Part lines: assessor {@code L<TAB>images.csv row} and {@code R<TAB>samples.tsv row}; detection
 * {@code I<TAB>image entry JSON} and {@code A<TAB>image id, category id, x, y, width, height, area}
 * (annotation ids are numbered when the parts are joined, since they run across the whole dataset).
 */
final class StoreSampleSink implements SampleSink, DetectionSink {

    private final ObjectStore store;
    private final DatasetLayout layout;
    private final List<String> categories;
    private final ExecutorService uploads;
    private final Semaphore slots;
    private final int inFlight;
    private final int checkpointSamples;
    private final long checkpointNanos;
    private final IntConsumer progress;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final StringBuilder chunk = new StringBuilder();
    private int chunkStart;
    private int next;
    private long lastCheckpoint = System.nanoTime();

    /**
     * @param categories detection category names in id order (empty for assessor runs)
     * @param progress   told the index after each sample (produced or skipped), on the synthesis thread
     */
    StoreSampleSink(ObjectStore store, DatasetLayout layout, List<String> categories, ExecutorService uploads,
                    int inFlight, int checkpointSamples, long checkpointSeconds, int startIndex, IntConsumer progress) {
        this.store = store;
        this.layout = layout;
        this.categories = List.copyOf(categories);
        this.uploads = uploads;
        this.inFlight = inFlight;
        this.slots = new Semaphore(inFlight);
        this.checkpointSamples = Math.max(1, checkpointSamples);
        this.checkpointNanos = TimeUnit.SECONDS.toNanos(Math.max(1, checkpointSeconds));
        this.progress = progress;
        this.chunkStart = startIndex;
        this.next = startIndex;
    }

    @Override
    public void accept(Sample sample) {
        String path = DirectorySink.imagePath(sample.index(), DatasetLayout.IMAGE_FORMAT);
        upload(sample.index(), sample.image());
        chunk.append("L\t").append(DirectorySink.labelRow(sample, path));
        chunk.append("R\t").append(DirectorySink.recordRow(sample, path));
        seen(sample.index());
    }

    @Override
    public void skipped(int index) {
        seen(index);
    }

    @Override
    public void accept(DetectionSample sample) {
        String path = DirectorySink.imagePath(sample.index(), DatasetLayout.IMAGE_FORMAT);
        upload(sample.index(), sample.image());
        chunk.append("I\t").append(CocoDirectorySink.imageEntry(sample.index(), path, sample.image().width(),
                sample.image().height())).append('\n');
        for (DetectionInstance instance : sample.instances()) {
            Box b = instance.box();
            chunk.append(String.format(Locale.ROOT, "A\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", sample.index(),
                    CocoDirectorySink.categoryId(categories, instance), b.x0(), b.y0(), b.width(), b.height(),
                    instance.area()));
        }
        seen(sample.index());
    }

    /** Checkpoints what is left, up to {@code end} (the run's sample count). */
    void finish(int end) {
        next = Math.max(next, end);
        checkpoint();
    }

    /** Waits for the uploads still running (after a failure too, so none lands after the job has ended). */
    void awaitUploads() {
        try {
            if (!slots.tryAcquire(inFlight, 10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("sample uploads did not finish within 10 minutes");
            }
            slots.release(inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sample uploads", e);
        }
    }

    private void upload(int index, RgbaImage image) {
        rethrow();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading samples", e);
        }
        String key = layout.imageKey(index);
        try {
            uploads.execute(() -> {
                try {
                    store.put(layout.bucket(), key, png(image), "image/png");
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** PNG bytes exactly as the offline {@link DirectorySink} writes them. */
    private static byte[] png(RgbaImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.width() * image.height() * 3 + 1024);
        if (!ImageIO.write(image.toRgbImage(), "png", out)) {
            throw new IOException("no ImageIO writer for png");
        }
        return out.toByteArray();
    }

    private void seen(int index) {
        next = index + 1;
        progress.accept(next);
        if (next - chunkStart >= checkpointSamples || System.nanoTime() - lastCheckpoint >= checkpointNanos) {
            checkpoint();
        }
    }

    private void checkpoint() {
        lastCheckpoint = System.nanoTime();
        if (next <= chunkStart) {
            return;
        }
        awaitUploads();
        rethrow();
        store.put(layout.bucket(), layout.partKey(chunkStart, next), chunk.toString().getBytes(StandardCharsets.UTF_8),
                "text/tab-separated-values");
        chunk.setLength(0);
        chunkStart = next;
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
