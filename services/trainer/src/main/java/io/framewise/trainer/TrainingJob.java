package io.framewise.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.model.Weights;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.events.ObjectRef;
import io.framewise.events.TrainingRequest;
import io.framewise.trainer.core.Devices;
import io.framewise.trainer.core.Families;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingFamily;
import io.framewise.trainer.core.TrainingRun;
import io.framewise.trainer.core.TrainingTask;
import io.framewise.trainer.store.StoreData;
import io.framewise.trainer.store.StoreRunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * One training request from start (or its last checkpoint) to its end, in the store's {@code runs/<run id>/}:
 * {@code run.json} (the request, the settings in force, versions), {@code metrics.csv}, {@code bboxes/},
 * {@code checkpoints/iter-N/} and, once the run has ended for good, {@code _ended.json}. A request whose run
 * has ended is not run again; a request whose run has checkpoints resumes from the newest.
 */
public final class TrainingJob {

    public static final String ENDED = "_ended.json";
    /** A sweep's description in its folder, {@code runs/<sweep id>/sweep.json}. */
    public static final String SWEEP = "sweep.json";
    private static final Logger LOG = Logger.getLogger(TrainingJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final Path work;
    private final Path cache;

    public TrainingJob(ObjectStore store, Path work, Path cache) {
        this.store = store;
        this.work = work;
        this.cache = cache;
    }

    public static String runPrefix(String runId) {
        return runId + "/";
    }

    /**
     * Checks what can be checked without reading data: family, settings, device; for a sweep, the sweep and every
     * run's settings (a problem names the run).
     */
    public static void validate(TrainingRequest request) {
        if (!Sweep.isSweep(request)) {
            settings(request);
            return;
        }
        for (Sweep.Member m : Sweep.of(request).members()) {
            try {
                settings(m.request());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep run " + m.runId() + " (" + m.label() + "): " + e.getMessage(), e);
            }
        }
    }

    /** The settings of one run (not a sweep), its family, settings and device checked. */
    private static Hyperparameters settings(TrainingRequest request) {
        TrainingFamily family = Families.byName(request.getModelFamily());
        Hyperparameters h = Hyperparameters.parse(request.getHyperparameters(), family);
        Devices.check(h.device());
        return h;
    }

    /** The recorded end of a run, if it has ended. */
    public Optional<ObjectNode> ended(String runId) {
        String key = runPrefix(runId) + ENDED;
        if (!store.exists(Buckets.RUNS, key)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(store.readAllBytes(Buckets.RUNS, key)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + Buckets.RUNS + "/" + key, e);
        }
    }

    public TrainingRun.Result run(TrainingRequest request, RunListener listener, RunControl control) throws IOException {
        return run(request, listener, control, null);
    }

    /** Runs one request, a member of the sweep {@code sweepId} when that is not null (its run.json says so). */
    TrainingRun.Result run(TrainingRequest request, RunListener listener, RunControl control, String sweepId)
            throws IOException {
        String runId = request.getCorrelationId();
        Hyperparameters h = settings(request);
        TrainingFamily family = Families.byName(request.getModelFamily());
        StoreRunStorage storage = new StoreRunStorage(store, Buckets.RUNS, runPrefix(runId));
        Path runWork = work.resolve(runId.replaceAll("[^A-Za-z0-9._-]", "_"));
        Files.createDirectories(runWork);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            Map<String, TaskSetup.Data> auxiliary = new java.util.LinkedHashMap<>();
            request.getAuxiliary().forEach((name, ref) -> auxiliary.put(name, data(ref, null)));
            TaskSetup setup = new TaskSetup(h, data(request.getTrain(), request.getTrainImages()),
                    request.getValidation() == null ? null : data(request.getValidation(), request.getValidationImages()),
                    manager, auxiliary, this::openReference);
            try (TrainingTask<?> task = family.open(setup)) {
                if (request.getFreezeUpTo() != null) {
                    LOG.infof("run %s: %d parameters frozen up to %s", runId, task.freezeUpTo(request.getFreezeUpTo()),
                            request.getFreezeUpTo());
                }
                TrainingRun run = new TrainingRun(task, h, storage, listener, control, runWork);
                Optional<Path> resume = storage.latestCheckpoint(runWork);
                if (resume.isPresent()) {
                    run.restore(resume.get(), manager);
                    WorkFolder.delete(resume.get());
                } else {
                    writeRunJson(request, sweepId, h, task, storage, runWork);
                    if (request.getInitialWeights() != null) {
                        loadInitialWeights(request.getInitialWeights(), task, manager);
                    }
                }
                TrainingRun.Result result = run.run(manager);
                if (result.outcome() != TrainingRun.Outcome.PREEMPTED) {
                    ObjectNode end = endRecord(result.outcome(), result.iterations(), result.reason());
                    end.put("lastCheckpoint", result.lastCheckpoint());
                    end.put("skippedImages", result.skippedImages());
                    writeEnd(runId, end);
                }
                return result;
            }
        } finally {
            WorkFolder.delete(runWork);
        }
    }

    /**
     * Records the end of a sweep's run that could not start (its data, its initial weights), so that a resumed sweep
     * moves on to the next.
     */
    void endUnstarted(String runId, String reason) {
        writeEnd(runId, endRecord(TrainingRun.Outcome.FAILED, 0, reason));
    }

    /** Records a sweep's end: its outcome, the iterations of all its runs, and how each run ended. */
    void endSweep(String sweepId, TrainingRun.Outcome outcome, long iterations, String reason,
            Map<String, TrainingRun.Outcome> runs) {
        ObjectNode end = endRecord(outcome, iterations, reason);
        end.set("runs", JSON.valueToTree(runs));
        writeEnd(sweepId, end);
    }

    private static ObjectNode endRecord(TrainingRun.Outcome outcome, long iterations, String reason) {
        ObjectNode end = JSON.createObjectNode();
        end.put("outcome", outcome.name());
        end.put("iterations", iterations);
        end.put("reason", reason);
        return end;
    }

    /** Writes a run's (or a sweep's) end record, {@code runs/<id>/_ended.json}, with the time. */
    private void writeEnd(String runId, ObjectNode end) {
        end.put("endedAt", Instant.now().toString());
        store.put(Buckets.RUNS, runPrefix(runId) + ENDED, end.toPrettyString().getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    /**
     * Writes {@code runs/<sweep>/sweep.json} (unless a first attempt did): what the request asked for, the swept values
     * and every member's run id, label and values, in the order they run.
     */
    void startSweep(TrainingRequest request, Sweep sweep) {
        String key = runPrefix(sweep.id()) + SWEEP;
        if (store.exists(Buckets.RUNS, key)) {
            return;
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("sweepId", sweep.id());
        describeRequest(s, request);
        s.set("sweep", JSON.valueToTree(sweep.values()));
        com.fasterxml.jackson.databind.node.ArrayNode members = s.putArray("members");
        for (Sweep.Member m : sweep.members()) {
            ObjectNode member = members.addObject();
            member.put("runId", m.runId());
            member.put("label", m.label());
            member.set("values", JSON.valueToTree(m.values()));
        }
        store.put(Buckets.RUNS, key, s.toPrettyString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** A setting naming an object: {@code bucket/key}, the bucket one of the pipeline's. */
    private InputStream openReference(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0 || !Buckets.ALL.contains(reference.substring(0, slash))) {
            throw new IllegalArgumentException("'" + reference + "' is not bucket/key (buckets: " + Buckets.ALL + ")");
        }
        return store.open(reference.substring(0, slash), reference.substring(slash + 1));
    }

    private StoreData data(ObjectRef index, ObjectRef images) {
        if (index.getKey().endsWith("/")) {
            return new StoreData(store, index, images, cache);
        }
        if (!store.exists(index.getBucket(), index.getKey())) {
            throw new ObjectNotFoundException(index.getBucket(), index.getKey());
        }
        return new StoreData(store, index, images, cache);
    }

    /**
     * Initial weights: a checkpoint folder ({@code runs/<run>/checkpoints/iter-N/}) or a weights file. Parameters
     * whose name or shape differ (another head, other categories) keep their fresh values.
     */
    private void loadInitialWeights(ObjectRef weights, TrainingTask<?> task, NDManager manager) throws IOException {
        int loaded = 0;
        for (Map.Entry<String, ai.djl.nn.Block> b : task.blocks().entrySet()) {
            boolean folder = weights.getKey().endsWith("/");
            String key = folder ? weights.getKey() + b.getKey() + ".params" : weights.getKey();
            if (folder && !store.exists(weights.getBucket(), key)) {
                LOG.infof("initial weights: %s/%s has no %s.params; %s starts fresh", weights.getBucket(), weights.getKey(),
                        b.getKey(), b.getKey());
                continue;
            }
            try (InputStream in = store.open(weights.getBucket(), key)) {
                List<String> untouched = Weights.load(b.getValue(), in, manager);
                int total = b.getValue().getParameters().size();
                if (untouched.size() == total) {
                    throw new IllegalArgumentException("initial weights " + weights.getBucket() + "/" + key
                            + " share no parameter with the " + b.getKey());
                }
                loaded++;
                LOG.infof("initial weights %s/%s: %d of %d parameters loaded%s", weights.getBucket(), key,
                        total - untouched.size(), total, untouched.isEmpty() ? "" : ", fresh: " + untouched);
            }
            if (!folder) {
                break;
            }
        }
        if (loaded == 0) {
            throw new IllegalArgumentException("initial weights " + weights.getBucket() + "/" + weights.getKey()
                    + " hold none of " + task.blocks().keySet());
        }
    }

    private void writeRunJson(TrainingRequest request, String sweepId, Hyperparameters h, TrainingTask<?> task,
            StoreRunStorage storage, Path runWork) throws IOException {
        ObjectNode run = JSON.createObjectNode();
        run.put("runId", request.getCorrelationId());
        if (sweepId != null) {
            run.put("sweep", sweepId);
        }
        describeRequest(run, request);
        ObjectNode effective = JSON.valueToTree(h);
        effective.remove("given");
        run.set("settings", effective);
        run.set("model", JSON.readTree(task.spec().toJson()));
        run.put("samples", task.samples());
        ObjectNode versions = run.putObject("versions");
        versions.put("framewise", String.valueOf(TrainingJob.class.getPackage().getImplementationVersion()));
        versions.put("djl", Engine.getDjlVersion());
        versions.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        versions.put("java", System.getProperty("java.version"));
        versions.put("host", InetAddress.getLocalHost().getHostName());
        Path file = runWork.resolve("run.json");
        Files.writeString(file, run.toPrettyString());
        storage.save("run.json", file);
    }

    /** What a request asked for, as run.json and sweep.json record it: family, model, data, weights, settings given. */
    private static void describeRequest(ObjectNode node, TrainingRequest request) {
        node.put("modelFamily", request.getModelFamily());
        node.put("modelName", request.getModelName());
        node.put("requestedAt", request.getRequestedAt().toString());
        node.put("train", ref(request.getTrain()));
        node.put("trainImages", ref(request.getTrainImages()));
        node.put("validation", ref(request.getValidation()));
        node.put("initialWeights", ref(request.getInitialWeights()));
        node.put("freezeUpTo", request.getFreezeUpTo());
        node.put("promotionMetric", request.getPromotionMetric());
        ObjectNode given = node.putObject("hyperparameters");
        new TreeMap<>(request.getHyperparameters()).forEach(given::put);
    }

    private static String ref(ObjectRef ref) {
        return ref == null ? null : ref.getBucket() + "/" + ref.getKey();
    }
}
