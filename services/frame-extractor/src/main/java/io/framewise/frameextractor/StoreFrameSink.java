package io.framewise.frameextractor;

import io.framewise.common.store.ObjectStore;
import io.framewise.frameextractor.core.ExtractedFrame;
import io.framewise.frameextractor.core.FrameSink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uploads frames while decoding goes on: up to {@code inFlight} uploads run at once, and the decoder
 * waits when that many are pending, so memory stays bounded.
 */
final class StoreFrameSink implements FrameSink {

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final ExecutorService uploads;
    private final Semaphore slots;
    private final int inFlight;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    StoreFrameSink(ObjectStore store, String bucket, String prefix, ExecutorService uploads, int inFlight) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix;
        this.uploads = uploads;
        this.inFlight = inFlight;
        this.slots = new Semaphore(inFlight);
    }

    @Override
    public void accept(ExtractedFrame frame) throws Exception {
        rethrow();
        slots.acquire();
        uploads.execute(() -> {
            try {
                store.put(bucket, prefix + frame.name(), frame.jpeg(), "image/jpeg");
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    @Override
    public void finish() throws Exception {
        if (!slots.tryAcquire(inFlight, 10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("frame uploads did not finish within 10 minutes");
        }
        slots.release(inFlight);
        rethrow();
    }

    private void rethrow() throws Exception {
        Exception e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
