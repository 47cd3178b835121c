package io.framewise.videoannotator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.Predictor;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.ObjectRef;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The models in memory. A promoted model ({@code runs/_models/<name>/}, written by the evaluator) is looked
 * up on every request by its {@code promoted.json}'s eTag, so a newer promotion is used by the next video
 * even before its {@code models.promoted} event arrives; the event makes the service load the new model
 * at once (hot reload, no restart). A replaced model is closed when the annotation using it ends.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MODELS = "_models/";

    @Inject
    ObjectStore store;

    @Inject
    AnnotatorConfig config;

    @Inject
    MeterRegistry metrics;

    private final Map<String, LoadedModel> loaded = new HashMap<>();

    /** The model name to use when a request names none: the configured one, else the newest promoted model. */
    public String defaultModelName() {
        if (config.modelName().isPresent() && !config.modelName().get().isBlank()) {
            return config.modelName().get();
        }
        String newest = null;
        Instant newestAt = Instant.MIN;
        try (Stream<ObjectInfo> objects = store.list(Buckets.RUNS, MODELS)) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) objects::iterator) {
                if (!o.key().endsWith("/promoted.json")) {
                    continue;
                }
                try {
                    JsonNode p = JSON.readTree(store.readAllBytes(Buckets.RUNS, o.key()));
                    Instant at = Instant.parse(p.path("promotedAt").asText());
                    if (at.isAfter(newestAt)) {
                        newestAt = at;
                        newest = o.key().substring(MODELS.length(), o.key().length() - "/promoted.json".length());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("ignoring unreadable %s: %s", o.key(), e.getMessage());
                }
            }
        }
        if (newest == null) {
            throw new NoModelException("no model has been promoted yet: train one with a validation set (the evaluator "
                    + "promotes the best checkpoint), or name a model or pin a checkpoint in the request");
        }
        return newest;
    }

    /** The model promoted under {@code name}, loaded (or reloaded when a newer one was promoted), in use until released. */
    public synchronized LoadedModel promoted(String name) throws IOException {
        String prefix = MODELS + name + "/";
        ObjectInfo promoted = store.stat(Buckets.RUNS, prefix + "promoted.json").orElseThrow(() -> new NoModelException(
                "no model has been promoted under '" + name + "' yet (runs/" + prefix + "promoted.json does not exist): "
                        + "train a run with modelName '" + name + "' and a validation set, or pin a checkpoint"));
        LoadedModel current = loaded.get("name:" + name);
        if (current != null && current.version.equals(promoted.etag())) {
            return current.use();
        }
        JsonNode record = JSON.readTree(store.readAllBytes(Buckets.RUNS, promoted.key()));
        LoadedModel fresh = load(name, record.path("runId").asText(name), promoted.etag(), new ObjectRef(Buckets.RUNS, prefix));
        LOG.infof("model '%s' loaded: run %s iteration %d (%s %.4f)", name, fresh.runId, record.path("iteration").asLong(),
                record.path("metric").asText(), record.path("value").asDouble());
        replace("name:" + name, fresh);
        return fresh.use();
    }

    /** A pinned checkpoint folder, e.g. {@code runs/<run>/checkpoints/iter-N/}. */
    public synchronized LoadedModel pinned(String name, ObjectRef checkpoint) throws IOException {
        String prefix = checkpoint.getKey().endsWith("/") ? checkpoint.getKey() : checkpoint.getKey() + "/";
        String id = "pin:" + checkpoint.getBucket() + "/" + prefix;
        LoadedModel current = loaded.get(id);
        ObjectInfo spec = store.stat(checkpoint.getBucket(), prefix + "model.json").orElseThrow(() -> new NoModelException(
                "the pinned checkpoint " + checkpoint.getBucket() + "/" + prefix + " has no model.json"));
        if (current != null && current.version.equals(spec.etag())) {
            return current.use();
        }
        String run = prefix.contains("/checkpoints/") ? prefix.substring(0, prefix.indexOf("/checkpoints/")) : prefix;
        LoadedModel fresh = load(name, run, spec.etag(), new ObjectRef(checkpoint.getBucket(), prefix));
        replace(id, fresh);
        return fresh.use();
    }

    /** A {@code models.promoted} event: load the new model now if its name is one this service uses. */
    public void onPromoted(String name) {
        boolean inUse;
        synchronized (this) {
            inUse = loaded.containsKey("name:" + name) || config.modelName().map(name::equals).orElse(false);
        }
        if (!inUse) {
            return;
        }
        try {
            promoted(name).release();
        } catch (Exception e) {
            LOG.warnf("could not load the model newly promoted under '%s' (the next request will try again): %s", name,
                    e.getMessage());
        }
    }

    private void replace(String id, LoadedModel fresh) {
        LoadedModel old = loaded.put(id, fresh);
        if (old != null) {
            old.retire();
        }
        metrics.counter("framewise.annotator.model.loads").increment();
    }

    private LoadedModel load(String name, String runId, String version, ObjectRef folder) throws IOException {
        Path base = config.workDir().map(Paths::get).orElse(Paths.get(System.getProperty("java.io.tmpdir")));
        Path local = Files.createTempDirectory(Files.createDirectories(base), "model-");
        try {
            List<ObjectInfo> files;
            try (Stream<ObjectInfo> objects = store.list(folder.getBucket(), folder.getKey())) {
                files = objects.filter(o -> {
                    String rest = o.key().substring(folder.getKey().length());
                    return !rest.contains("/") && (rest.endsWith(".json") || rest.endsWith(".params"));
                }).toList();
            }
            if (files.stream().noneMatch(o -> o.key().endsWith("/model.json"))) {
                throw new ObjectNotFoundException(folder.getBucket(), folder.getKey() + "model.json");
            }
            for (ObjectInfo o : files) {
                store.download(folder.getBucket(), o.key(), local.resolve(o.key().substring(folder.getKey().length())));
            }
            Predictor predictor = Predictor.load(local);
            return new LoadedModel(name, runId, version, predictor, local);
        } catch (IOException | RuntimeException e) {
            WorkFolder.delete(local);
            throw e;
        }
    }

    Optional<String> runOf(String name) {
        synchronized (this) {
            return Optional.ofNullable(loaded.get("name:" + name)).map(m -> m.runId);
        }
    }

    @PreDestroy
    synchronized void closeAll() {
        loaded.values().forEach(LoadedModel::retire);
        loaded.clear();
    }
}
