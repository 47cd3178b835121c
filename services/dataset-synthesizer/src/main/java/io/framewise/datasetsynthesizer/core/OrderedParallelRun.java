package io.framewise.datasetsynthesizer.core;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs one task per index on N threads and hands the results to a consumer in index order, on the calling
 * thread. Tasks are planned in index order too (so planning may keep sequential state), and at most
 * {@code 4 * threads} results are held at once, which bounds memory whatever the count.
 */
final class OrderedParallelRun {

    private OrderedParallelRun() {
    }

    static <T> void run(int from, int to, int threads, IntFunction<Callable<T>> plan, Consumer<T> consumer) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "dataset-synthesizer-sample");
            thread.setDaemon(true);
            return thread;
        });
        try {
            drain(from, to, 4 * threads, pool, plan, consumer);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> void drain(int from, int to, int window, ExecutorService pool, IntFunction<Callable<T>> plan,
                                  Consumer<T> consumer) {
        ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
        int next = from;
        while (next < to || !inFlight.isEmpty()) {
            if (next < to && inFlight.size() < window) {
                inFlight.add(pool.submit(plan.apply(next++)));
            } else {
                consumer.accept(await(inFlight.poll()));
            }
        }
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("synthesis interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a sample failed", e.getCause());
        }
    }
}
