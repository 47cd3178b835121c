package io.framewise.trainer.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A run's training settings, read from the request's string map. Every key is checked: an unknown key is an
 * error naming the known ones, so a misspelt setting never silently falls back to its default. Keys that
 * belong to the model family (backbone, width, imageSize...) are passed through in {@link #modelSettings()}.
 *
 * <pre>
 * batchSize 8 · learningRate 0.001 · optimizer adam|sgd · momentum 0.9 (sgd) · weightDecay 0
 * schedule fixed|step|exponential|polynomial · epochsPerDecay 1 · decayFactor 0.1 · power 1 (polynomial)
 * epochs 10 · iterations (overrides epochs) · snapshotInterval 0 (iterations; 0 = none) · snapshotAtEpochEnd true
 * logInterval 10 · previewInterval 100 (0 = none) · seed 0 · device cpu|gpu|gpu:N · loaderThreads 2
 * prefetchBatches 4 · minScore 0.3 (preview boxes)
 * </pre>
 */
public record Hyperparameters(int batchSize, double learningRate, String optimizer, double momentum,
        double weightDecay, String schedule, double epochsPerDecay, double decayFactor, double power, int epochs,
        long iterations, long snapshotInterval, boolean snapshotAtEpochEnd, int logInterval, long previewInterval,
        long seed, String device, int loaderThreads, int prefetchBatches, double minScore,
        Map<String, String> modelSettings, Map<String, String> options, Map<String, String> given) {

    public static final Set<String> KEYS = Set.of("batchSize", "learningRate", "optimizer", "momentum", "weightDecay",
            "schedule", "epochsPerDecay", "decayFactor", "power", "epochs", "iterations", "snapshotInterval",
            "snapshotAtEpochEnd", "logInterval", "previewInterval", "seed", "device", "loaderThreads",
            "prefetchBatches", "minScore");

    /**
     * The settings of a run of {@code family}: the loop's keys, its model settings and its options; a key the
     * request leaves out takes the family's default ({@link TrainingFamily#defaults()}), then the loop's.
     */
    public static Hyperparameters parse(Map<String, String> values, TrainingFamily family) {
        Map<String, String> merged = new LinkedHashMap<>(family.defaults());
        merged.putAll(values);
        return parse(merged, family.modelSettings(), family.options());
    }

    public static Hyperparameters parse(Map<String, String> values, Set<String> modelKeys) {
        return parse(values, modelKeys, Set.of());
    }

    private static Hyperparameters parse(Map<String, String> values, Set<String> modelKeys, Set<String> optionKeys) {
        Map<String, String> model = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (modelKeys.contains(e.getKey())) {
                model.put(e.getKey(), e.getValue());
            } else if (optionKeys.contains(e.getKey())) {
                options.put(e.getKey(), e.getValue());
            } else if (!KEYS.contains(e.getKey())) {
                Set<String> known = new TreeSet<>(KEYS);
                known.addAll(modelKeys);
                known.addAll(optionKeys);
                throw new IllegalArgumentException("unknown hyperparameter '" + e.getKey() + "'; known: " + known);
            }
        }
        Reader r = new Reader(values);
        String optimizer = r.choice("optimizer", "adam", "adam", "sgd");
        String schedule = r.choice("schedule", "fixed", "fixed", "step", "exponential", "polynomial");
        String device = r.text("device", "cpu").toLowerCase(Locale.ROOT);
        if (!device.matches("cpu|gpu|gpu:\\d+")) {
            throw new IllegalArgumentException("hyperparameter 'device' is cpu, gpu or gpu:N, was '" + device + "'");
        }
        return new Hyperparameters(r.positiveInt("batchSize", 8), r.positive("learningRate", 0.001), optimizer,
                r.range("momentum", 0.9, 0, 1), r.range("weightDecay", 0, 0, 1), schedule,
                r.positive("epochsPerDecay", 1), r.range("decayFactor", 0.1, 0, 1), r.positive("power", 1),
                r.positiveInt("epochs", 10), r.nonNegativeLong("iterations", 0), r.nonNegativeLong("snapshotInterval", 0),
                r.bool("snapshotAtEpochEnd", true), r.positiveInt("logInterval", 10),
                r.nonNegativeLong("previewInterval", 100), r.nonNegativeLong("seed", 0), device,
                r.positiveInt("loaderThreads", 2), r.positiveInt("prefetchBatches", 4), r.range("minScore", 0.3, 0, 1),
                Map.copyOf(model), Map.copyOf(options), Map.copyOf(new TreeMap<>(values)));
    }

    /** Total iterations of the run for a dataset of {@code samples} images. */
    public long totalIterations(int samples) {
        return iterations > 0 ? iterations : (long) epochs * iterationsPerEpoch(samples);
    }

    public int iterationsPerEpoch(int samples) {
        return Math.max(1, samples / batchSize);
    }

    private record Reader(Map<String, String> values) {

        String text(String key, String fallback) {
            String v = values.get(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        String choice(String key, String fallback, String... allowed) {
            String v = text(key, fallback).toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("hyperparameter '" + key + "' is one of " + String.join(", ", allowed)
                    + ", was '" + v + "'");
        }

        double number(String key, double fallback) {
            String v = text(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' must be a number, was '" + v + "'");
            }
        }

        double positive(String key, double fallback) {
            double d = number(key, fallback);
            if (d <= 0) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' must be above 0, was " + d);
            }
            return d;
        }

        double range(String key, double fallback, double min, double max) {
            double d = number(key, fallback);
            if (d < min || d > max) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' must be within [" + min + ", " + max
                        + "], was " + d);
            }
            return d;
        }

        long nonNegativeLong(String key, long fallback) {
            double d = number(key, fallback);
            if (d < 0 || d != Math.rint(d)) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' must be a whole number >= 0, was "
                        + values.get(key));
            }
            return (long) d;
        }

        int positiveInt(String key, int fallback) {
            long v = nonNegativeLong(key, fallback);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' must be a whole number >= 1, was "
                        + values.get(key));
            }
            return (int) v;
        }

        boolean bool(String key, boolean fallback) {
            String v = text(key, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("hyperparameter '" + key + "' is true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }
    }
}
