package io.framewise.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.ObjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A run's evaluation records in the store and what follows from them: {@code runs/<run>/evaluations/iter-N.json}
 * (one per checkpoint evaluated on the run's validation set), {@code runs/<run>/plot.png} (every metric over
 * the checkpoints), {@code runs/<run>/best.json} (the run's best checkpoint on its promotion metric), and the
 * promoted model per model name, {@code runs/_models/<name>/} (the checkpoint's files and {@code promoted.json});
 * for a sweep, {@code runs/<sweep>/sweep-results.json} and {@code sweep.png} over its runs' records.
 */
final class RunRecords {

    static final String MODELS = "_models/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;

    RunRecords(ObjectStore store) {
        this.store = store;
    }

    static String recordKey(String runId, String checkpointName) {
        return runId + "/evaluations/" + checkpointName + ".json";
    }

    boolean exists(String key) {
        return store.exists(Buckets.RUNS, key);
    }

    /** Every record of the run's own evaluations, by iteration. */
    SortedMap<Long, Map<String, Double>> metricsByIteration(String runId) throws IOException {
        SortedMap<Long, Map<String, Double>> all = new TreeMap<>();
        records(runId).forEach((iteration, r) -> all.put(iteration, r.metrics()));
        return all;
    }

    /** One evaluation record: its epoch when the checkpoint event named it, and its flat metrics. */
    record Record(Integer epoch, Map<String, Double> metrics) {
    }

    private SortedMap<Long, Record> records(String runId) throws IOException {
        SortedMap<Long, Record> all = new TreeMap<>();
        String prefix = runId + "/evaluations/";
        try (Stream<ObjectInfo> objects = store.list(Buckets.RUNS, prefix)) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) objects::iterator) {
                String name = o.key().substring(prefix.length());
                if (!name.matches("iter-\\d+\\.json")) {
                    continue;
                }
                JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, o.key()));
                Map<String, Double> metrics = new java.util.LinkedHashMap<>();
                record.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
                        e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
                JsonNode epoch = record.path("epoch");
                all.put(record.path("iteration").asLong(), new Record(epoch.isNumber() ? epoch.asInt() : null, metrics));
            }
        }
        return all;
    }

    /**
     * The metrics for which lower is better (the gaze {@code distance}, the assessor's mean absolute error); every
     * other metric is better higher.
     */
    static final java.util.Set<String> LOWER_IS_BETTER = java.util.Set.of("distance", "assessorMeanAbsoluteError");

    static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }

    /**
     * Redraws {@code plot.png}; returns the iteration with the best value of {@code metric} (the highest, or the lowest
     * for a metric of {@link #LOWER_IS_BETTER}; the earliest iteration on a tie).
     */
    Optional<Long> redraw(String runId, String metric) throws IOException {
        SortedMap<Long, Map<String, Double>> all = metricsByIteration(runId);
        double sign = lowerIsBetter(metric) ? -1 : 1;
        Optional<Long> best = all.entrySet().stream()
                .filter(e -> Double.isFinite(e.getValue().getOrDefault(metric, Double.NaN)))
                .max(java.util.Comparator.comparingDouble((Map.Entry<Long, Map<String, Double>> e) ->
                                sign * e.getValue().get(metric))
                        .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(MetricsPlot.draw("run " + runId + ": metrics per checkpoint (best on " + metric + ")", all,
                best.orElse(null)), "png", png);
        store.put(Buckets.RUNS, runId + "/plot.png", png.toByteArray(), "image/png");
        if (best.isPresent()) {
            ObjectNode b = JSON.createObjectNode();
            b.put("metric", metric);
            b.put("iteration", best.get());
            b.put("value", all.get(best.get()).get(metric));
            b.put("checkpoint", Buckets.RUNS + "/" + runId + "/checkpoints/" + String.format("iter-%08d", best.get()) + "/");
            put(runId + "/best.json", b);
        }
        return best;
    }

    /** The sweep a run belongs to, as its {@code run.json} names it; empty for a run on its own. */
    Optional<String> sweepOf(String runId) throws IOException {
        String key = runId + "/run.json";
        if (!store.exists(Buckets.RUNS, key)) {
            return Optional.empty();
        }
        JsonNode sweep = JSON.readTree(store.readAllBytes(Buckets.RUNS, key)).path("sweep");
        return sweep.isTextual() ? Optional.of(sweep.asText()) : Optional.empty();
    }

    /**
     * Redraws a sweep's summary from the evaluation records of its runs (listed in {@code runs/<sweep>/sweep.json}):
     * {@code runs/<sweep>/sweep-results.json}, every run's label, values and metrics per epoch (the first checkpoint
     * of each epoch, the one saved as that many epochs had ended) and, when {@code gaze},
     * {@code runs/<sweep>/sweep.png}: AUC and distance per epoch, one line per run ({@link GazeSweepPlot}).
     */
    void redrawSweep(String sweepId, boolean gaze) throws IOException {
        JsonNode sweep = JSON.readTree(store.readAllBytes(Buckets.RUNS, sweepId + "/sweep.json"));
        Map<String, SortedMap<Integer, Map<String, Double>>> byLabel = new java.util.LinkedHashMap<>();
        ObjectNode results = JSON.createObjectNode();
        results.put("sweepId", sweepId);
        com.fasterxml.jackson.databind.node.ArrayNode runs = results.putArray("runs");
        for (JsonNode member : sweep.path("members")) {
            String runId = member.path("runId").asText();
            SortedMap<Integer, Map<String, Double>> byEpoch = metricsByEpoch(runId);
            byLabel.put(member.path("label").asText(runId), byEpoch);
            ObjectNode r = runs.addObject();
            r.put("runId", runId);
            r.put("label", member.path("label").asText());
            r.set("values", member.path("values"));
            r.set("epochs", SweepEpochs.toJson(byEpoch));
        }
        results.put("updatedAt", Instant.now().toString());
        put(sweepId + "/sweep-results.json", results);
        if (gaze) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(GazeSweepPlot.draw("sweep " + sweepId + ": AUC and distance per epoch", byLabel), "png", png);
            store.put(Buckets.RUNS, sweepId + "/sweep.png", png.toByteArray(), "image/png");
        }
    }

    /** A run's metrics by epoch, from the records that name their epoch: for each epoch, its earliest checkpoint's. */
    SortedMap<Integer, Map<String, Double>> metricsByEpoch(String runId) throws IOException {
        SortedMap<Integer, Map<String, Double>> byEpoch = new TreeMap<>();
        for (Map.Entry<Long, Record> e : records(runId).entrySet()) {
            if (e.getValue().epoch() != null) {
                byEpoch.putIfAbsent(e.getValue().epoch(), e.getValue().metrics());
            }
        }
        return byEpoch;
    }

    /** The value the promoted model of this name reached, if one is promoted. */
    Optional<Double> promotedValue(String modelName, String metric) throws IOException {
        String key = MODELS + modelName + "/promoted.json";
        if (!store.exists(Buckets.RUNS, key)) {
            return Optional.empty();
        }
        JsonNode p = JSON.readTree(store.readAllBytes(Buckets.RUNS, key));
        return p.path("metric").asText().equals(metric) ? Optional.of(p.path("value").asDouble()) : Optional.empty();
    }

    /** Copies the checkpoint's model files to {@code _models/<name>/}, then writes {@code promoted.json} last. */
    ObjectRef promote(String modelName, String runId, ObjectRef checkpoint, long iteration, String metric, double value,
            Double previous) throws IOException {
        String target = MODELS + modelName + "/";
        String source = CheckpointEvaluation.slash(checkpoint.getKey());
        try (Stream<ObjectInfo> objects = store.list(checkpoint.getBucket(), source)) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) objects::iterator) {
                String name = o.key().substring(source.length());
                // The spec and every network's weights (model.params; localizer.params and assessor.params for
                // LoANs), not the optimizer state.
                if (name.equals("model.json") || (name.endsWith(".params") && !name.contains("/"))) {
                    store.copy(checkpoint.getBucket(), o.key(), Buckets.RUNS, target + name);
                }
            }
        }
        ObjectNode p = JSON.createObjectNode();
        p.put("modelName", modelName);
        p.put("runId", runId);
        p.put("checkpoint", checkpoint.getBucket() + "/" + source);
        p.put("iteration", iteration);
        p.put("metric", metric);
        p.put("value", value);
        if (previous == null) {
            p.putNull("previousValue");
        } else {
            p.put("previousValue", previous);
        }
        p.put("promotedAt", Instant.now().toString());
        put(target + "promoted.json", p);
        return new ObjectRef(Buckets.RUNS, target);
    }

    private void put(String key, JsonNode node) {
        store.put(Buckets.RUNS, key, node.toPrettyString().getBytes(StandardCharsets.UTF_8), "application/json");
    }
}
