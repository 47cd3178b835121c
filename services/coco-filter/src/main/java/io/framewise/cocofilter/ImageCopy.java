package io.framewise.cocofilter;

import io.framewise.cocofilter.core.Warnings;
import io.framewise.common.store.InvalidObjectKeyException;
import io.framewise.common.store.ObjectKeys;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Copies the kept images' files, {@code <source prefix><file_name>} to {@code <target prefix><file_name>},
 * inside the store (no bytes pass through the service). A file that is not there is counted and warned
 * about, not a failure: COCO exports often list images that were never downloaded, and the annotations are
 * still worth having. A file name that is not a valid object key is skipped the same way.
 */
final class ImageCopy {

    record Outcome(long copied, long missing) {
    }

    private enum Result { COPIED, MISSING }

    private ImageCopy() {
    }

    static Outcome run(ObjectStore store, ExecutorService pool, ObjectRef source, ObjectRef target, List<String> fileNames,
                       Warnings warnings) throws Exception {
        List<Callable<Result>> copies = new ArrayList<>(fileNames.size());
        for (String name : fileNames) {
            copies.add(() -> copy(store, source, target, name, warnings));
        }
        List<Result> results = Transfers.all(pool, copies);
        long copied = results.stream().filter(r -> r == Result.COPIED).count();
        return new Outcome(copied, results.size() - copied);
    }

    private static Result copy(ObjectStore store, ObjectRef source, ObjectRef target, String name, Warnings warnings) {
        String from;
        String to;
        try {
            from = ObjectKeys.join(source.getKey(), name);
            to = ObjectKeys.join(target.getKey(), name);
        } catch (InvalidObjectKeyException e) {
            warn(warnings, "image file name '" + name + "' skipped: " + e.getMessage());
            return Result.MISSING;
        }
        try {
            store.copy(source.getBucket(), from, target.getBucket(), to);
            return Result.COPIED;
        } catch (ObjectNotFoundException e) {
            warn(warnings, "image " + source.getBucket() + "/" + from + " is not in the store; not copied");
            return Result.MISSING;
        }
    }

    private static void warn(Warnings warnings, String message) {
        synchronized (warnings) {
            warnings.add("missing image", message);
        }
    }
}
