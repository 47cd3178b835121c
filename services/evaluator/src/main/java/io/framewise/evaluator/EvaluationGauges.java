package io.framewise.evaluator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest evaluation of each run's checkpoints, for Prometheus and the Grafana training dashboard:
 * {@code framewise_evaluator_checkpoint_metric{run, metric}} (AP, AP50, recall, ... of the newest evaluated
 * checkpoint; over time, one step per checkpoint) and {@code framewise_evaluator_checkpoint_iteration{run}}.
 */
@ApplicationScoped
public class EvaluationGauges {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    void evaluated(String run, long iteration, Map<String, Double> metrics) {
        set("framewise_evaluator_checkpoint_iteration", Tags.of("run", run), iteration);
        metrics.forEach((metric, value) -> {
            if (value != null) {
                set("framewise_evaluator_checkpoint_metric", Tags.of("run", run, "metric", metric), value);
            }
        });
    }

    private void set(String name, Tags tags, double value) {
        values.computeIfAbsent(name + tags, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, holder, AtomicReference::get).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
