package io.framewise.trainer;

import io.framewise.trainer.core.RunListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-run gauges for Prometheus (and the Grafana training dashboard), all tagged {@code run} and
 * {@code model_family}: {@code framewise_training_iteration}, {@code _total_iterations}, {@code _epoch},
 * {@code _loss} (tag {@code term}: total, objectness, class, box, ...), {@code _learning_rate},
 * {@code _images_per_second}, {@code _data_wait_ratio} (share of the last log interval spent waiting for
 * data), {@code _eta_seconds}, {@code _last_checkpoint_iteration}, {@code _skipped_images}, and
 * {@code framewise_training_running} (1 while the run is on this replica, 0 after).
 */
@ApplicationScoped
public class TrainingMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, Map<String, AtomicReference<Double>>> values = new ConcurrentHashMap<>();

    private void set(String run, String family, String name, Tags extra, double value) {
        Map<String, AtomicReference<Double>> perRun = values.computeIfAbsent(run, r -> new ConcurrentHashMap<>());
        String id = name + extra;
        perRun.computeIfAbsent(id, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder("framewise_training_" + name, holder, AtomicReference::get)
                    .tags(Tags.of("run", run, "model_family", family).and(extra)).register(registry);
            return holder;
        }).set(value);
    }

    void progress(String run, String family, RunListener.Progress p, double logSeconds) {
        set(run, family, "running", Tags.empty(), 1);
        set(run, family, "iteration", Tags.empty(), p.iteration());
        set(run, family, "total_iterations", Tags.empty(), p.totalIterations());
        set(run, family, "epoch", Tags.empty(), p.epoch());
        set(run, family, "skipped_images", Tags.empty(), p.skippedImages());
        if (p.losses().isEmpty()) {
            return;
        }
        p.losses().forEach((term, v) -> set(run, family, "loss", Tags.of("term", term), v));
        set(run, family, "learning_rate", Tags.empty(), p.learningRate());
        set(run, family, "images_per_second", Tags.empty(), p.imagesPerSecond());
        set(run, family, "data_wait_ratio", Tags.empty(), logSeconds > 0 ? p.dataWaitSeconds() / logSeconds : 0);
        set(run, family, "eta_seconds", Tags.empty(), p.etaSeconds() == null ? Double.NaN : p.etaSeconds());
    }

    void checkpoint(String run, String family, long iteration) {
        set(run, family, "last_checkpoint_iteration", Tags.empty(), iteration);
    }

    void ended(String run, String family) {
        set(run, family, "running", Tags.empty(), 0);
    }
}
