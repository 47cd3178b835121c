package io.framewise.evaluator.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an evaluator reports: named values in a stable order, optionally the same per category, and
 * warnings about input it skipped. A value that cannot be computed is {@code NaN}, except the COCO
 * numbers, which keep pycocotools' {@code -1}.
 *
 * @param values metric name to value, in reporting order
 * @param perCategory category id to (metric name to value), by ascending id
 * @param warnings human-readable notes on skipped or suspicious input
 */
public record Metrics(Map<String, Double> values, Map<Integer, Map<String, Double>> perCategory,
                      List<String> warnings) {

    public Metrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Map<Integer, Map<String, Double>> byCategory = new TreeMap<>();
        perCategory.forEach((category, named) ->
                byCategory.put(category, Collections.unmodifiableMap(new LinkedHashMap<>(named))));
        perCategory = Collections.unmodifiableMap(byCategory);
        warnings = List.copyOf(warnings);
    }

    public static Metrics of(Map<String, Double> values) {
        return new Metrics(values, Map.of(), List.of());
    }

    /** The named value; throws when this evaluator does not report it. */
    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric named " + name + "; have " + values.keySet());
        }
        return value;
    }
}
