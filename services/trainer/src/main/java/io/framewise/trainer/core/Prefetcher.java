package io.framewise.trainer.core;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads samples on {@code threads} loader threads, in epoch order, staying at most {@code aheadBatches} batches
 * ahead of the training step: memory is bounded by the settings, never by the dataset. The order of an epoch
 * and every sample's augmentation come from the seed alone, so a resumed run sees the batches it would have.
 * Samples that do not decode are skipped and counted.
 */
final class Prefetcher<S> implements AutoCloseable {

    private final TrainingTask<S> task;
    private final int batchSize;
    private final int aheadBatches;
    private final long seed;
    private final ExecutorService pool;
    private final Deque<Future<S>> queue = new ArrayDeque<>();
    private final AtomicInteger skipped = new AtomicInteger();
    private final List<String> skipReasons = new ArrayList<>();
    private int[] order;
    private int epoch = -1;
    private int nextSample;
    private long waitNanos;

    Prefetcher(TrainingTask<S> task, int batchSize, int threads, int aheadBatches, long seed) {
        this.task = task;
        this.batchSize = batchSize;
        this.aheadBatches = aheadBatches;
        this.seed = seed;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The batch at {@code position} (0-based) of {@code epoch}; consecutive calls continue where the last ended. */
    List<S> batch(int epoch, int position) throws IOException {
        int start = position * batchSize;
        if (epoch != this.epoch || start != nextSample - queue.size()) {
            restart(epoch, start);
        }
        fill();
        List<S> batch = new ArrayList<>(batchSize);
        long t0 = System.nanoTime();
        for (int k = 0; k < batchSize; k++) {
            Future<S> f = queue.poll();
            if (f == null) {
                break;
            }
            try {
                S s = f.get();
                if (s != null) {
                    batch.add(s);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading data", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException("loading a sample failed: " + cause, cause);
            }
        }
        waitNanos += System.nanoTime() - t0;
        fill();
        return batch;
    }

    /** Seconds the training thread spent waiting for data since the last call. */
    double takeWaitSeconds() {
        double s = waitNanos / 1e9;
        waitNanos = 0;
        return s;
    }

    int skipped() {
        return skipped.get();
    }

    synchronized List<String> skipReasons() {
        return List.copyOf(skipReasons);
    }

    private void restart(int epoch, int start) {
        queue.forEach(f -> f.cancel(true));
        queue.clear();
        this.epoch = epoch;
        this.order = permutation(task.samples(), seed * 1_000_003L + epoch);
        this.nextSample = start;
    }

    private void fill() {
        while (queue.size() < aheadBatches * batchSize && nextSample < order.length) {
            int index = order[nextSample++];
            int e = epoch;
            queue.add(pool.submit(() -> loadOrSkip(index, e)));
        }
    }

    private S loadOrSkip(int index, int epoch) throws IOException {
        try {
            return task.load(index, new SplittableRandom(mix(seed, epoch, index)));
        } catch (ImageSource.UnreadableImageException | java.nio.file.NoSuchFileException e) {
            skipped.incrementAndGet();
            synchronized (this) {
                if (skipReasons.size() < 20) {
                    skipReasons.add(e.getMessage());
                }
            }
            return null;
        }
    }

    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long mix(long seed, int epoch, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = h * 0xBF58476D1CE4E5B9L + index;
        return h ^ (h >>> 31);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
