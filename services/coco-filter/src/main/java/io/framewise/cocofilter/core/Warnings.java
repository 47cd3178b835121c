package io.framewise.cocofilter.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems in the input that do not stop a run (duplicate ids, dangling references...).
 *
 * <p>A broken export can repeat the same problem a million times; only the first few messages of each kind
 * are kept, followed by one line counting the rest, so the result stays printable on one line.
 */
public final class Warnings {

    static final int EXAMPLES_PER_KIND = 5;

    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    public void add(String kind, String message) {
        kinds.computeIfAbsent(kind, k -> new Kind()).add(message);
    }

    public List<String> messages() {
        List<String> out = new ArrayList<>();
        kinds.forEach((kind, k) -> {
            out.addAll(k.examples);
            if (k.count > k.examples.size()) {
                out.add("... and " + (k.count - k.examples.size()) + " more " + kind + " warnings");
            }
        });
        return out;
    }

    private static final class Kind {
        final List<String> examples = new ArrayList<>();
        long count;

        void add(String message) {
            if (examples.size() < EXAMPLES_PER_KIND) {
                examples.add(message);
            }
            count++;
        }
    }
}
