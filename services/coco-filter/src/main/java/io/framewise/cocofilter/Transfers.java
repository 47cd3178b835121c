package io.framewise.cocofilter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs many small store operations (image copies, mask uploads) on a fixed pool: a request with 40,000
 * kept images is 40,000 server-side copies, too slow one by one and too many to start all at once.
 */
final class Transfers {

    private Transfers() {
    }

    /** Runs every task and returns their results in task order; the first failure cancels the rest and is thrown. */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        tasks.forEach(t -> futures.add(pool.submit(t)));
        List<T> results = new ArrayList<>(tasks.size());
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException | CancellationException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return results;
    }
}
