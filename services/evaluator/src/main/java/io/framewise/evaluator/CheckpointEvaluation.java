package io.framewise.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.model.detector.BoxDrawing;
import io.framewise.common.model.Predictor;
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
 * writes the record. Which records exist, the plot over checkpoints and the promotion are {@link RunRecords}.
 */
public final class CheckpointEvaluation {

    private static final Logger LOG = Logger.getLogger(CheckpointEvaluation.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECKPOINT = Pattern.compile("(.+)/checkpoints/(iter-(\\d+))/?");

    /** What to evaluate and how. */
    public record Job(String runId, ObjectRef checkpoint, ObjectRef groundTruth, ObjectRef groundTruthImages,
            double iouThreshold, Integer numSamples, int batchSize, boolean savePredictions, String recordKey) {
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
            CocoGroundTruth full = CocoGroundTruth.read(gtFile);
            Map<Long, String> files = fileNames(gtFile);
            long[] ids = full.imageIds();
            int n = job.numSamples() == null ? ids.length : Math.min(ids.length, job.numSamples());
            long[] subset = java.util.Arrays.copyOf(ids, n);
            Map<Long, List<GroundTruthBox>> boxes = new HashMap<>();
            for (long id : subset) {
                boxes.put(id, full.boxes(id));
            }
            CocoGroundTruth truth = new CocoGroundTruth(subset, full.categories(), boxes);
            String imagesBucket = job.groundTruthImages() != null ? job.groundTruthImages().getBucket()
                    : job.groundTruth().getBucket();
            String imagesPrefix = job.groundTruthImages() != null ? slash(job.groundTruthImages().getKey())
                    : parent(job.groundTruth().getKey());

            Map<Long, List<Detection>> results = new LinkedHashMap<>();
            boolean assessed = false;
            long iteration = parseCheckpointKey(job.checkpoint().getKey()).map(p -> Long.parseLong(p[2])).orElse(-1L);
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
            ObjectNode record = JSON.createObjectNode();
            record.put("runId", job.runId());
            record.put("checkpoint", ref(job.checkpoint()));
            record.put("iteration", iteration);
            record.put("groundTruth", ref(job.groundTruth()));
            record.put("images", n);
            record.put("evaluatedAt", Instant.now().toString());
            ObjectNode m = record.putObject("metrics");
            metrics.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    m.put(k, v);
                } else {
                    m.putNull(k);
                }
            });
            record.set("report", JSON.valueToTree(report.toMap()));
            store.put(Buckets.RUNS, job.recordKey(), record.toPrettyString().getBytes(StandardCharsets.UTF_8),
                    "application/json");
            LOG.infof("run %s %s on %d images: AP %.4f, AP50 %.4f -> %s/%s", job.runId(), ref(job.checkpoint()), n,
                    metrics.get("AP"), metrics.get("AP50"), Buckets.RUNS, job.recordKey());
            return new Outcome(metrics, perCategory, new ObjectRef(Buckets.RUNS, job.recordKey()), iteration);
        }
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
        BufferedImage picture = BoxDrawing.draw(image, gt, found, names);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpg", bytes);
        String base = job.recordKey().substring(0, job.recordKey().length() - ".json".length());
        String name = fileName.replace('/', '_');
        store.put(Buckets.RUNS, base + "/predictions/" + (name.endsWith(".jpg") ? name : name + ".jpg"), bytes.toByteArray(),
                "image/jpeg");
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
