package io.framewise.cocofilter.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Some requested category names are not in the input. coco-manager asks on the terminal whether to go on;
 * a service cannot ask, and silently writing a data set without the class would waste a training run, so
 * this is an error that offers the closest existing names for each unknown one.
 */
public final class UnknownCategoryException extends IllegalArgumentException {

    private final Map<String, List<String>> suggestions;

    /** @param suggestions for each unknown name, in request order, the closest existing names, best first */
    public UnknownCategoryException(Map<String, List<String>> suggestions) {
        super(describe(suggestions));
        this.suggestions = new LinkedHashMap<>(suggestions);
    }

    public Map<String, List<String>> suggestions() {
        return Map.copyOf(suggestions);
    }

    private static String describe(Map<String, List<String>> suggestions) {
        return "unknown categor" + (suggestions.size() == 1 ? "y " : "ies ") + suggestions.entrySet().stream()
                .map(e -> quote(e.getKey()) + (e.getValue().isEmpty() ? " (the input has no named categories)"
                        : " (closest: " + e.getValue().stream().map(UnknownCategoryException::quote)
                                .collect(Collectors.joining(", ")) + ")"))
                .collect(Collectors.joining("; "));
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }
}
