package io.framewise.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.model.detector.BoxDrawing;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.gaze.GazeModel;
import io.framewise.common.model.gaze.LoadedGazeModel;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.LoadedPoseModel;
import io.framewise.common.model.keypoints.PoseDrawing;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.evaluator.core.KeypointEvaluationReport;
import io.framewise.evaluator.core.coco.CocoKeypointGroundTruth;
import io.framewise.common.model.gaze.GazeIndex;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.work.WorkFolder;
import io.framewise.evaluator.core.CocoEvaluation;
import io.framewise.evaluator.core.CocoEvaluationSet;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.assessor.AssessorEvaluator;
import io.framewise.evaluator.core.EvaluationReport;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.GroundTruthBox;
import io.framewise.evaluator.core.coco.CocoGroundTruth;
import io.framewise.evaluator.core.coco.CocoResults;
import io.framewise.events.ObjectRef;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * Evaluates one checkpoint against a COCO ground truth in the store: loads the model, predicts every image
 * (or the first {@code numSamples}), evaluates with the evaluator's core (COCO, VOC, localization), and
 * writes the record. A pose checkpoint is evaluated by OKS on COCO keypoints; a gaze-target checkpoint on a gaze
 * index (CSV) by the VideoAttentionTarget metrics (see {@code evaluateGaze}). Which records exist, the plot over checkpoints and the promotion are {@link RunRecords}.
 */
public final class CheckpointEvaluation {

    private static final Logger LOG = Logger.getLogger(CheckpointEvaluation.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECKPOINT = Pattern.compile("(.+)/checkpoints/(iter-(\\d+))/?");

    /** What to evaluate and how. */
    public record Job(String runId, ObjectRef checkpoint, ObjectRef groundTruth, ObjectRef groundTruthImages,
            double iouThreshold, Integer numSamples, int batchSize, boolean savePredictions, String recordKey,
            Integer epoch) {
    }

    /** The outcome: the flat metrics, AP per category name, and where the record is. */
    public record Outcome(Map<String, Double> metrics, Map<String, Double> perCategoryAp, ObjectRef record,
            long iteration) {
    }

    private final ObjectStore store;
    private final Path work;
    private final float minScore;
    private final double nmsIou;
    private final int maxDetections;

    public CheckpointEvaluation(ObjectStore store, Path work, float minScore, double nmsIou, int maxDetections) {
        this.store = store;
        this.work = work;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
        this.maxDetections = maxDetections;
    }

    /** {@code <run>/checkpoints/iter-N/}: the run id and N; empty for a key of another shape. */
    public static Optional<String[]> parseCheckpointKey(String key) {
        Matcher m = CHECKPOINT.matcher(key);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3)}) : Optional.empty();
    }

    public Outcome evaluate(Job job) throws IOException {
        try (WorkFolder folder = WorkFolder.create(Optional.of(work.toString()), "evaluation-")) {
            Path checkpoint = download(job.checkpoint(), folder.resolve("checkpoint"));
            Path gtFile = folder.resolve("ground-truth.json");
            if (!store.exists(job.groundTruth().getBucket(), job.groundTruth().getKey())) {
                throw new ObjectNotFoundException(job.groundTruth().getBucket(), job.groundTruth().getKey());
            }
            store.download(job.groundTruth().getBucket(), job.groundTruth().getKey(), gtFile);
            String imagesBucket = job.groundTruthImages() != null ? job.groundTruthImages().getBucket()
                    : job.groundTruth().getBucket();
            String imagesPrefix = job.groundTruthImages() != null ? slash(job.groundTruthImages().getKey())
                    : parent(job.groundTruth().getKey());
            long iteration = parseCheckpointKey(job.checkpoint().getKey()).map(p -> Long.parseLong(p[2])).orElse(-1L);
            String family = family(checkpoint);
            if (GazeModel.FAMILY.equals(family)) {
                return evaluateGaze(job, checkpoint, gtFile, imagesBucket, imagesPrefix, iteration);
            }
            if (isGazeIndex(gtFile)) {
                throw new IllegalArgumentException(ref(job.groundTruth()) + " is a gaze index, the ground truth of"
                        + " gaze-target checkpoints; " + ref(job.checkpoint()) + " is not one (its family: "
                        + family + ")");
            }
            Map<Long, String> files = fileNames(gtFile);
            if (StackedHourglass.FAMILY.equals(family)) {
                return evaluatePoses(job, checkpoint, gtFile, files, imagesBucket, imagesPrefix, iteration);
            }
            CocoGroundTruth full = CocoGroundTruth.read(gtFile);
            long[] ids = full.imageIds();
            int n = job.numSamples() == null ? ids.length : Math.min(ids.length, job.numSamples());
            long[] subset = java.util.Arrays.copyOf(ids, n);
            Map<Long, List<GroundTruthBox>> boxes = new HashMap<>();
            for (long id : subset) {
                boxes.put(id, full.boxes(id));
            }
            CocoGroundTruth truth = new CocoGroundTruth(subset, full.categories(), boxes);

            Map<Long, List<Detection>> results = new LinkedHashMap<>();
            boolean assessed = false;
            try (Predictor model = Predictor.load(checkpoint)) {
                Map<String, Integer> idOfName = new HashMap<>();
                for (Category c : full.categories()) {
                    idOfName.putIfAbsent(c.name(), c.id());
                }
                List<String> names = model.spec().categories();
                assessed = io.framewise.common.model.loans.LoansModel.FAMILY.equals(model.spec().family());
                List<String> missing = names.stream().filter(c -> !idOfName.containsKey(c)).toList();
                if (missing.size() == names.size()) {
                    throw new IllegalArgumentException("none of the model's categories " + names + " is in the ground truth "
                            + ref(job.groundTruth()) + " (its categories: "
                            + full.categories().stream().map(Category::name).toList() + ")");
                }
                for (int from = 0; from < n; from += job.batchSize()) {
                    int to = Math.min(n, from + job.batchSize());
                    List<BufferedImage> images = new ArrayList<>();
                    for (int k = from; k < to; k++) {
                        images.add(readImage(imagesBucket, imagesPrefix + files.get(subset[k])));
                    }
                    List<List<io.framewise.common.model.detector.Detection>> found = model.predict(images, minScore, nmsIou,
                            maxDetections);
                    for (int k = from; k < to; k++) {
                        List<Detection> list = new ArrayList<>();
                        for (io.framewise.common.model.detector.Detection d : found.get(k - from)) {
                            // Categories the ground truth lacks keep an id it does not know: counted, not scored.
                            int categoryId = idOfName.getOrDefault(names.get(d.category()), -1 - d.category());
                            list.add(new Detection(categoryId, new BoundingBox(d.x(), d.y(), d.width(), d.height()), d.score()));
                        }
                        results.put(subset[k], list);
                        if (job.savePredictions()) {
                            savePicture(job, files.get(subset[k]), images.get(k - from), truth.boxes(subset[k]),
                                    found.get(k - from), names, idOfName);
                        }
                    }
                }
            }
            EvaluationReport report = CocoEvaluation.evaluate(truth, new CocoResults(results), job.iouThreshold());
            Map<String, Double> metrics = flatten(report);
            if (assessed) {
                // LoANs scores are the assessor's IoU estimates: how well do they match the true IoU?
                AssessorEvaluator assessor = new AssessorEvaluator(1);
                assessor.reset();
                assessor.process(CocoEvaluationSet.join(truth, new CocoResults(results)).images());
                Metrics quality = assessor.evaluate();
                metrics.put("assessorPearson", quality.get("pearson"));
                metrics.put("assessorMeanAbsoluteError", quality.get("meanAbsoluteError"));
            }
            Map<String, Double> perCategory = new LinkedHashMap<>();
            report.perCategory().forEach((id, values) -> {
                Object ap = values.get("AP");
                perCategory.put(String.valueOf(values.get("name")), ap instanceof Number num ? num.doubleValue() : Double.NaN);
            });
            writeRecord(job, iteration, n, metrics, report.toMap());
            return new Outcome(metrics, perCategory, new ObjectRef(Buckets.RUNS, job.recordKey()), iteration);
        }
    }

    /** Writes the evaluation record: what was evaluated, the flat metrics and the full report. */
    private void writeRecord(Job job, long iteration, int images, Map<String, Double> metrics, Map<String, Object> report)
            throws IOException {
        ObjectNode record = JSON.createObjectNode();
        record.put("runId", job.runId());
        record.put("checkpoint", ref(job.checkpoint()));
        record.put("iteration", iteration);
        if (job.epoch() != null) {
            record.put("epoch", job.epoch());
        }
        record.put("groundTruth", ref(job.groundTruth()));
        record.put("images", images);
        record.put("evaluatedAt", Instant.now().toString());
        ObjectNode m = record.putObject("metrics");
        metrics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                m.put(k, v);
            } else {
                m.putNull(k);
            }
        });
        record.set("report", JSON.valueToTree(report));
        store.put(Buckets.RUNS, job.recordKey(), record.toPrettyString().getBytes(StandardCharsets.UTF_8),
                "application/json");
        if (metrics.containsKey("auc")) {
            LOG.infof("run %s %s on %d heads: auc %.4f, distance %.4f, inOutAP %.4f -> %s/%s", job.runId(),
                    ref(job.checkpoint()), images, metrics.get("auc"), metrics.get("distance"), metrics.get("inOutAP"),
                    Buckets.RUNS, job.recordKey());
        } else {
            LOG.infof("run %s %s on %d images: AP %.4f, AP50 %.4f -> %s/%s", job.runId(), ref(job.checkpoint()), images,
                    metrics.get("AP"), metrics.get("AP50"), Buckets.RUNS, job.recordKey());
        }
    }

    private static boolean isGazeIndex(Path file) throws IOException {
        try (java.io.BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first != null && first.trim().equals(GazeIndex.HEADER);
        }
    }

    /**
     * The family a checkpoint's {@code model.json} names; "unknown" when it is missing or unreadable (loading the
     * checkpoint as a detector then reports what is wrong).
     */
    private static String family(Path checkpoint) {
        try {
            return ModelSpec.fromJson(Files.readString(checkpoint.resolve("model.json"))).family();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * A pose checkpoint: poses inside the ground truth's boxes, COCO keypoint AP/AR by OKS, a precision/recall
     * picture, and with {@code savePredictions} a picture per image (skeletons against the true keypoints) and a
     * keypoint sheet (per part heatmap, truth and prediction) for the first {@link #SHEETS} poses.
     */
    private Outcome evaluatePoses(Job job, Path checkpoint, Path gtFile, Map<Long, String> files, String imagesBucket,
            String imagesPrefix, long iteration) throws IOException {
        CocoKeypointGroundTruth truth = CocoKeypointGroundTruth.read(gtFile);
        long[] ids = truth.imageIds();
        int n = job.numSamples() == null ? ids.length : Math.min(ids.length, job.numSamples());
        long[] subset = java.util.Arrays.copyOf(ids, n);
        PoseEvaluation.Images images = id -> readImage(imagesBucket, imagesPrefix + files.get(id));
        try (LoadedPoseModel model = LoadedPoseModel.load(checkpoint)) {
            PoseEvaluation.Outcome outcome = PoseEvaluation.evaluate(model, truth, subset, images, job.batchSize(),
                    ref(job.groundTruth()));
            KeypointEvaluationReport report = outcome.report();
            Map<String, Double> metrics = new LinkedHashMap<>(report.summary().asMap());
            Map<String, Double> perCategory = new LinkedHashMap<>();
            report.perCategory().forEach((id, values) -> perCategory.put(String.valueOf(values.get("name")),
                    values.get("AP") instanceof Number num ? num.doubleValue() : Double.NaN));
            String base = job.recordKey().substring(0, job.recordKey().length() - ".json".length());
            putPng(base + "/precision-recall.png", PrecisionRecallPlot.draw("run " + job.runId() + " iteration "
                    + iteration + ": keypoint precision/recall (OKS)", report.accumulation()));
            if (job.savePredictions()) {
                savePosePictures(base, model, outcome.found(), images, files);
            }
            writeRecord(job, iteration, n, metrics, report.toMap());
            return new Outcome(metrics, perCategory, new ObjectRef(Buckets.RUNS, job.recordKey()), iteration);
        }
    }

    /** The temporal gaze model's chunk length when the run does not say (the trainer's default chunkSize). */
    static final int DEFAULT_GAZE_CHUNK = 3;

    /** How many gaze predictions are drawn when predictions are saved. */
    static final int GAZE_PICTURES = 8;

    /**
     * A gaze-target checkpoint: the ground truth is a gaze index (CSV) whose images are relative to its folder (or the
     * job's images prefix); every row's head (the first {@code numSamples} rows) is run through the model, a temporal
     * model on each track's consecutive rows in chunks of the run's {@code chunkSize} (from its {@code run.json}, else
     * {@value #DEFAULT_GAZE_CHUNK}); the metrics are {@code auc}, {@code distance}, {@code inOutAP}, {@code samples}
     * and {@code inFrame}. With {@code savePredictions}, the first {@value #GAZE_PICTURES} rows are drawn (head box,
     * true and predicted gaze).
     */
    private Outcome evaluateGaze(Job job, Path checkpoint, Path gtFile, String imagesBucket, String imagesPrefix,
            long iteration) throws IOException {
        String name = ref(job.groundTruth());
        List<GazeIndex.Row> rows;
        try (InputStream in = Files.newInputStream(gtFile)) {
            rows = GazeIndex.read(in, name);
        }
        int n = job.numSamples() == null ? rows.size() : Math.max(0, Math.min(rows.size(), job.numSamples()));
        rows = rows.subList(0, n);
        try (LoadedGazeModel model = LoadedGazeModel.load(checkpoint)) {
            int chunk = model.temporal() ? gazeChunkLength(job) : 1;
            Map<String, BufferedImage> kept = new HashMap<>();
            GazeEvaluation.Outcome outcome = GazeEvaluation.evaluate(model, rows, image -> {
                BufferedImage decoded = readImage(imagesBucket, imagesPrefix + image);
                if (job.savePredictions() && kept.size() < GAZE_PICTURES) {
                    kept.putIfAbsent(image, decoded);
                }
                return decoded;
            }, chunk, job.batchSize(), name);
            Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics().values());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("family", model.spec().family());
            report.put("temporal", model.temporal());
            if (model.temporal()) {
                report.put("chunkLength", chunk);
            }
            report.put("heatmapSize", model.heatmapSize());
            report.put("rows", n);
            report.put("warnings", outcome.metrics().warnings());
            if (job.savePredictions()) {
                String base = job.recordKey().substring(0, job.recordKey().length() - ".json".length());
                List<GazeEvaluation.Found> found = outcome.found();
                for (int k = 0; k < Math.min(GAZE_PICTURES, found.size()); k++) {
                    GazeEvaluation.Found f = found.get(k);
                    BufferedImage frame = kept.get(f.row().image());
                    if (frame == null) {
                        frame = readImage(imagesBucket, imagesPrefix + f.row().image());
                    }
                    GazeIndex.Row r = f.row();
                    BufferedImage picture = GazeDrawing.draw(frame, r.box(),
                            r.inFrame() ? new double[] {r.gazeX(), r.gazeY()} : null, f.prediction().point(),
                            f.prediction().inFrameProbability());
                    putJpeg(base + "/predictions/" + String.format("%05d-", k) + r.image().replace('/', '_') + ".jpg",
                            picture);
                }
            }
            writeRecord(job, iteration, n, metrics, report);
            return new Outcome(metrics, Map.of(), new ObjectRef(Buckets.RUNS, job.recordKey()), iteration);
        }
    }

    /** The run's {@code chunkSize} hyperparameter from its {@code run.json}, else {@value #DEFAULT_GAZE_CHUNK}. */
    private int gazeChunkLength(Job job) {
        Optional<String[]> parsed = parseCheckpointKey(job.checkpoint().getKey());
        if (parsed.isEmpty()) {
            return DEFAULT_GAZE_CHUNK;
        }
        String key = parsed.get()[0] + "/run.json";
        try {
            if (!store.exists(job.checkpoint().getBucket(), key)) {
                return DEFAULT_GAZE_CHUNK;
            }
            JsonNode run = JSON.readTree(store.readAllBytes(job.checkpoint().getBucket(), key));
            JsonNode given = run.path("hyperparameters").path("chunkSize");
            int chunk = given.isMissingNode() || given.isNull() ? DEFAULT_GAZE_CHUNK : Integer.parseInt(given.asText().trim());
            return chunk >= 1 ? chunk : DEFAULT_GAZE_CHUNK;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("run %s: cannot read chunkSize from %s (%s); chunks of %d", job.runId(), key, e.toString(),
                    DEFAULT_GAZE_CHUNK);
            return DEFAULT_GAZE_CHUNK;
        }
    }

    /** How many poses get a keypoint sheet when predictions are saved. */
    static final int SHEETS = 8;

    /**
     * One picture per image (its poses against the truth) and a keypoint sheet for each of the first {@link #SHEETS}
     * poses. The images are read again here, one at a time, rather than kept from the evaluation: memory stays that
     * of one image whatever the ground truth's size.
     */
    private void savePosePictures(String base, LoadedPoseModel model, List<PoseEvaluation.Found> found,
            PoseEvaluation.Images images, Map<Long, String> files) throws IOException {
        KeypointSpec spec = model.keypoints();
        Map<Long, List<PoseEvaluation.Found>> byImage = new LinkedHashMap<>();
        for (PoseEvaluation.Found f : found) {
            byImage.computeIfAbsent(f.imageId(), k -> new ArrayList<>()).add(f);
        }
        int sheets = 0;
        for (Map.Entry<Long, List<PoseEvaluation.Found>> e : byImage.entrySet()) {
            BufferedImage image = images.read(e.getKey());
            List<io.framewise.common.model.detector.Detection> poses = new ArrayList<>();
            List<float[][]> truths = new ArrayList<>();
            for (PoseEvaluation.Found f : e.getValue()) {
                poses.add(f.pose());
                truths.add(PoseEvaluation.rows(f.truth(), spec));
            }
            String name = files.get(e.getKey()).replace('/', '_');
            putJpeg(base + "/predictions/" + (name.endsWith(".jpg") ? name : name + ".jpg"),
                    PoseDrawing.draw(image, poses, truths, spec, 0));
            for (PoseEvaluation.Found f : e.getValue()) {
                if (sheets++ < SHEETS) {
                    putPng(base + "/keypoints/" + name + "-" + f.truth().id() + ".png", sheet(model, image, f));
                }
            }
        }
    }

    /** One pose's keypoint sheet: per part its heatmap over the crop, the truth and the prediction. */
    private static BufferedImage sheet(LoadedPoseModel model, BufferedImage image, PoseEvaluation.Found f) {
        KeypointSpec spec = model.keypoints();
        StackedHourglass m = model.model();
        var box = f.truth().box();
        StackedHourglass.Query query = new StackedHourglass.Query(image, box.x(), box.y(), box.width(), box.height());
        double[] region = m.cropRegion(box.x(), box.y(), box.width(), box.height());
        double toCrop = m.inputSize() / region[2];
        float[][] truth = PoseEvaluation.rows(f.truth(), spec);
        float[][] truthInCrop = new float[spec.size()][];
        double[][] predicted = new double[spec.size()][];
        double[] confidence = new double[spec.size()];
        double[] error = new double[spec.size()];
        for (int p = 0; p < spec.size(); p++) {
            var k = f.pose().keypoints().get(p);
            truthInCrop[p] = new float[] {(float) ((truth[p][0] - region[0]) * toCrop),
                (float) ((truth[p][1] - region[1]) * toCrop), truth[p][2]};
            predicted[p] = new double[] {(k.x() - region[0]) * toCrop, (k.y() - region[1]) * toCrop};
            confidence[p] = k.confidence();
            error[p] = truth[p][2] > 0 ? Math.hypot(k.x() - truth[p][0], k.y() - truth[p][1]) : Double.NaN;
        }
        return KeypointSheet.draw(m.renderCrop(image, region), model.heatmaps(query), m.heatmapSize(), truthInCrop,
                predicted, confidence, error, spec);
    }

    private void putPng(String key, BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        store.put(Buckets.RUNS, key, bytes.toByteArray(), "image/png");
    }

    private void putJpeg(String key, BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", bytes);
        store.put(Buckets.RUNS, key, bytes.toByteArray(), "image/jpeg");
    }

    /** The twelve COCO numbers, VOC AP, VOC07 AP and the localization numbers, as one flat map. */
    static Map<String, Double> flatten(EvaluationReport report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Object> map = report.toMap();
        for (String key : List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl",
                "vocAP", "voc07AP")) {
            metrics.put(key, number(map.get(key)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> located = (Map<String, Object>) map.get("localization");
        for (String key : List.of("recall", "precision", "hMean", "missedIoU")) {
            metrics.put(key, number(located.get(key)));
        }
        return metrics;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private Path download(ObjectRef checkpoint, Path into) throws IOException {
        String prefix = slash(checkpoint.getKey());
        List<ObjectInfo> objects;
        try (Stream<ObjectInfo> listed = store.list(checkpoint.getBucket(), prefix)) {
            objects = listed.toList();
        }
        if (objects.isEmpty()) {
            throw new ObjectNotFoundException(checkpoint.getBucket(), prefix);
        }
        Files.createDirectories(into);
        for (ObjectInfo o : objects) {
            String name = o.key().substring(prefix.length());
            if (!name.contains("/")) {
                store.download(checkpoint.getBucket(), o.key(), into.resolve(name));
            }
        }
        return into;
    }

    private BufferedImage readImage(String bucket, String key) throws IOException {
        if (!store.exists(bucket, key)) {
            throw new ObjectNotFoundException(bucket, key);
        }
        try (InputStream in = store.open(bucket, key)) {
            return io.framewise.common.image.ImageDecoding.decode(bucket + "/" + key, in.readAllBytes(),
                    io.framewise.common.image.ImageDecoding.DEFAULT_MAX_PIXELS);
        }
    }

    private void savePicture(Job job, String fileName, BufferedImage image, List<GroundTruthBox> truth,
            List<io.framewise.common.model.detector.Detection> found, List<String> names, Map<String, Integer> idOfName)
            throws IOException {
        List<io.framewise.common.model.detector.Detection> gt = new ArrayList<>();
        for (GroundTruthBox b : truth) {
            gt.add(new io.framewise.common.model.detector.Detection(b.box().x(), b.box().y(), b.box().width(),
                    b.box().height(), -1, 1));
        }
        String base = job.recordKey().substring(0, job.recordKey().length() - ".json".length());
        String name = fileName.replace('/', '_');
        putJpeg(base + "/predictions/" + (name.endsWith(".jpg") ? name : name + ".jpg"),
                BoxDrawing.draw(image, gt, found, names));
    }

    private static Map<Long, String> fileNames(Path gt) throws IOException {
        Map<Long, String> files = new HashMap<>();
        JsonNode root = JSON.readTree(gt.toFile());
        for (JsonNode image : root.path("images")) {
            files.put(image.path("id").asLong(), image.path("file_name").asText());
        }
        return files;
    }

    static String slash(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    static String ref(ObjectRef r) {
        return r.getBucket() + "/" + r.getKey();
    }
}
