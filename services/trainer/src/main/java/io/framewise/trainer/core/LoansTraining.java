package io.framewise.trainer.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.ResNet;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.BoxDrawing;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.loans.AffineSampler;
import io.framewise.common.model.loans.LoansModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * LoANs as a training task. Each iteration: (1) the localizer crops each frame, the assessor (not updated in
 * this step, in inference mode) scores the crops, and the localizer is updated with the MSE between those
 * scores and the target (1.0 by default) plus the source's regularizers: a penalty for crop windows leaving
 * the image and one for mirrored or inverted transforms; (2) the assessor is updated with its MSE on real
 * assessor samples (crops labelled with their IoU), unless it was loaded from a trained snapshot
 * ({@code assessorWeights}), which freezes it.
 *
 * <p>Data: the training set's index is a frames manifest ({@code manifest.csv} or a LoANs {@code gt.csv}:
 * a header whose first column is {@code path}, image paths relative to the images prefix); the
 * {@code assessor} dataset's index is {@code images.csv} (path TAB IoU). Options: {@code object} (the
 * category name, default object), {@code target} (1.0), {@code augmentation} (simple: flips; rich: flips and
 * colour), {@code outOfImageWeight} (1.0), {@code mirrorWeight} (1.0), {@code assessorWeights} (a trained
 * assessor's weights: loaded and frozen), {@code testImage} (a frame path for the progress pictures).
 */
public final class LoansTraining implements TrainingTask<LoansTraining.Sample> {

    public static final TrainingFamily FAMILY = new TrainingFamily() {
        @Override
        public String name() {
            return LoansModel.FAMILY;
        }

        @Override
        public Set<String> modelSettings() {
            return LoansModel.SETTINGS;
        }

        @Override
        public Set<String> options() {
            return Set.of("object", "target", "augmentation", "outOfImageWeight", "mirrorWeight", "assessorWeights",
                    "testImage");
        }

        @Override
        public TrainingTask<?> open(TaskSetup setup) throws IOException {
            return new LoansTraining(setup);
        }
    };

    /** A frame at the input size and a real assessor crop at the target size with its IoU. */
    public record Sample(float[] frame, float[] crop, float iou) {
    }

    /** The output grid's corners, {@code [x, y, 1]} each. */
    private static final float[] CORNERS = {-1, -1, 1, 1, -1, 1, -1, 1, 1, 1, 1, 1};
    private static final double JITTER = 0.2;

    private final LoansModel model;
    private final NDManager manager;
    private final SequentialBlock localizer;
    private final SequentialBlock assessor;
    private final List<String> frames;
    private final ImageSource frameImages;
    private final List<String> assessorPaths = new ArrayList<>();
    private final float[] assessorIous;
    private final ImageSource assessorImages;
    private final boolean rich;
    private final float target;
    private final float outWeight;
    private final float mirrorWeight;
    private final boolean assessorFrozen;
    private final BufferedImage testImage;

    private LoansTraining(TaskSetup setup) throws IOException {
        Map<String, String> o = setup.hyperparameters().options();
        this.model = new LoansModel(new ModelSpec(LoansModel.FAMILY, setup.hyperparameters().modelSettings(),
                List.of(o.getOrDefault("object", "object"))));
        this.manager = setup.manager();
        this.frames = readFrames(setup.train());
        this.frameImages = setup.train().images();
        TaskSetup.Data assessorData = setup.auxiliary("assessor");
        List<Float> ious = new ArrayList<>();
        try (BufferedReader in = reader(assessorData.openIndex())) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                try {
                    ious.add(Float.parseFloat(parts[1].trim()));
                    assessorPaths.add(parts[0].trim());
                } catch (RuntimeException e) {
                    throw new InvalidDatasetException(assessorData.name() + " line " + number
                            + " is not 'path TAB IoU': " + line);
                }
            }
        }
        if (assessorPaths.isEmpty()) {
            throw new InvalidDatasetException(assessorData.name() + " has no assessor samples");
        }
        this.assessorIous = new float[ious.size()];
        for (int i = 0; i < ious.size(); i++) {
            assessorIous[i] = ious.get(i);
        }
        this.assessorImages = assessorData.images();
        String augmentation = o.getOrDefault("augmentation", "simple").toLowerCase(Locale.ROOT);
        if (!augmentation.equals("simple") && !augmentation.equals("rich")) {
            throw new IllegalArgumentException("option 'augmentation' is simple or rich, was '" + augmentation + "'");
        }
        this.rich = augmentation.equals("rich");
        this.target = number(o, "target", 1.0f);
        this.outWeight = number(o, "outOfImageWeight", 1.0f);
        this.mirrorWeight = number(o, "mirrorWeight", 1.0f);
        this.localizer = model.newLocalizer(manager);
        this.assessor = model.newAssessor(manager);
        String weights = o.get("assessorWeights");
        if (weights != null) {
            try (InputStream in = setup.resources().open(weights)) {
                List<String> untouched = Weights.load(assessor, in, manager);
                if (!untouched.isEmpty()) {
                    throw new IllegalArgumentException("assessorWeights " + weights + " do not fit this assessor ("
                            + untouched.size() + " parameters differ, first " + untouched.get(0) + ")");
                }
            }
            assessor.freezeParameters(true);
        }
        this.assessorFrozen = weights != null;
        String test = o.get("testImage");
        if (test != null) {
            this.testImage = frameImages.read(test);
        } else if (setup.validation() != null) {
            this.testImage = firstImage(setup.validation());
        } else {
            this.testImage = frameImages.read(frames.get(0));
        }
    }

    private static float number(Map<String, String> o, String key, float fallback) {
        String v = o.get(key);
        try {
            return v == null ? fallback : Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' must be a number, was '" + v + "'");
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Image paths of a frames manifest or gt.csv (header with a first column 'path'; comma or tab separated). */
    static List<String> readFrames(TaskSetup.Data data) throws IOException {
        List<String> paths = new ArrayList<>();
        try (BufferedReader in = reader(data.openIndex())) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String first = line.split("[,\t]", 2)[0].trim();
                if (!first.equalsIgnoreCase("path")) {
                    paths.add(first);
                }
            }
        }
        if (paths.isEmpty()) {
            throw new InvalidDatasetException(data.name() + " lists no frames");
        }
        return paths;
    }

    private static BufferedImage firstImage(TaskSetup.Data validation) throws IOException {
        try (InputStream in = validation.openIndex()) {
            CocoDataset coco = CocoDataset.read(in, validation.name());
            return validation.images().read(coco.images().get(0).fileName());
        }
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    public LoansModel model() {
        return model;
    }

    @Override
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put("localizer", localizer);
        blocks.put("assessor", assessor);
        return blocks;
    }

    @Override
    public int samples() {
        return frames.size();
    }

    @Override
    public int freezeUpTo(String layer) {
        int children = ResNet.childrenUpTo(model.depth(), layer);
        int frozen = 0;
        for (int c = 0; c < children; c++) {
            Block child = localizer.getChildren().get(c).getValue();
            child.freezeParameters(true);
            frozen += child.getParameters().size();
        }
        return frozen;
    }

    @Override
    public Sample load(int index, SplittableRandom random) throws IOException {
        int s = model.imageSize();
        BufferedImage frame = frameImages.read(frames.get(index));
        float[] framePixels = pixels(frame, s, s, random);
        int a = random.nextInt(assessorPaths.size());
        BufferedImage crop = assessorImages.read(assessorPaths.get(a));
        float[] cropPixels = pixels(crop, model.targetWidth(), model.targetHeight(), random);
        return new Sample(framePixels, cropPixels, assessorIous[a]);
    }

    /** Resized, flipped at random (and, rich, colour-jittered), normalized. */
    private float[] pixels(BufferedImage image, int w, int h, SplittableRandom random) {
        BufferedImage resized = ImageTensors.resize(image, w, h);
        boolean flip = random.nextBoolean();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = resized.getRGB(0, 0, w, h, null, 0, w);
        if (flip) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w / 2; x++) {
                    int t = rgb[y * w + x];
                    rgb[y * w + x] = rgb[y * w + w - 1 - x];
                    rgb[y * w + w - 1 - x] = t;
                }
            }
        }
        if (rich) {
            double brightness = 1 + (random.nextDouble() * 2 - 1) * JITTER;
            double contrast = 1 + (random.nextDouble() * 2 - 1) * JITTER;
            for (int i = 0; i < rgb.length; i++) {
                int p = rgb[i];
                int r = clamp((((p >> 16) & 0xff) - 128) * contrast * brightness + 128 * brightness);
                int g = clamp((((p >> 8) & 0xff) - 128) * contrast * brightness + 128 * brightness);
                int b = clamp(((p & 0xff) - 128) * contrast * brightness + 128 * brightness);
                rgb[i] = (r << 16) | (g << 8) | b;
            }
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return ImageTensors.toChw(out);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public Map<String, Double> step(List<Sample> batch, Updates updates) {
        int n = batch.size();
        int s = model.imageSize();
        int tw = model.targetWidth();
        int th = model.targetHeight();
        float[] frameData = new float[n * 3 * s * s];
        float[] cropData = new float[n * 3 * tw * th];
        float[] ious = new float[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(batch.get(k).frame(), 0, frameData, k * 3 * s * s, 3 * s * s);
            System.arraycopy(batch.get(k).crop(), 0, cropData, k * 3 * tw * th, 3 * tw * th);
            ious[k] = batch.get(k).iou();
        }
        Map<String, Double> losses = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray frames = m.create(frameData, new Shape(n, 3, s, s));
            Map<String, Double> localizerLosses = new LinkedHashMap<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray theta = LoansModel.theta(localizer.forward(new ParameterStore(m, false), new NDList(frames), true)
                        .singletonOrThrow());
                NDArray crops = AffineSampler.sample(frames, theta, th, tw);
                NDArray score = assessor.forward(new ParameterStore(m, false), new NDList(crops), false).singletonOrThrow();
                NDArray fit = score.sub(target).square().mean();
                NDArray corners = m.create(CORNERS, new Shape(1, 4, 3)).broadcast(new Shape(n, 4, 3));
                NDArray window = corners.batchMatMul(theta.transpose(0, 2, 1));
                NDArray outside = window.abs().sub(1f).maximum(0f).sum(new int[] {1, 2}).mean();
                NDArray mirrored = theta.get(":, 0, 0").neg().maximum(0f).add(theta.get(":, 1, 1").neg().maximum(0f)).mean();
                NDArray total = fit.add(outside.mul(outWeight)).add(mirrored.mul(mirrorWeight));
                localizerLosses.put("localizer", (double) fit.getFloat());
                localizerLosses.put("outOfImage", (double) outside.getFloat());
                localizerLosses.put("mirror", (double) mirrored.getFloat());
                localizerLosses.put("localizerTotal", (double) total.getFloat());
                if (Double.isFinite(localizerLosses.get("localizerTotal"))) {
                    collector.backward(total);
                }
            }
            updates.apply("localizer", localizerLosses);
            losses.putAll(localizerLosses);
            clearGradients(assessor);
            double assessorLoss = 0;
            if (!assessorFrozen) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray predicted = assessor.forward(new ParameterStore(m, false),
                            new NDList(m.create(cropData, new Shape(n, 3, th, tw))), true).singletonOrThrow();
                    NDArray loss = predicted.reshape(n).sub(m.create(ious)).square().mean();
                    assessorLoss = loss.getFloat();
                    if (Double.isFinite(assessorLoss)) {
                        collector.backward(loss);
                    }
                }
                updates.apply("assessor", Map.of("assessor", assessorLoss));
            }
            losses.put("assessor", assessorLoss);
            losses.put("total", losses.get("localizerTotal") + assessorLoss);
        }
        return losses;
    }

    /** The localizer's backward pass left gradients on the assessor's weights; its own step must not see them. */
    private static void clearGradients(Block block) {
        GradientMode.off();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.hasGradient()) {
                NDArray g = array.getGradient();
                g.subi(g);
            }
        }
    }

    /** Predicted box (and score) per image, for tests and the evaluator's view. */
    public List<Detection> predict(List<BufferedImage> images) {
        return model.predict(localizer, assessor, manager, images);
    }

    /** The assessor's IoU estimate for each crop (resized to the target size). */
    public double[] assessorScores(List<BufferedImage> crops) {
        GradientMode.off();
        int tw = model.targetWidth();
        int th = model.targetHeight();
        float[] data = new float[crops.size() * 3 * tw * th];
        for (int k = 0; k < crops.size(); k++) {
            ImageTensors.toChw(ImageTensors.resize(crops.get(k), tw, th), data, k * 3 * tw * th);
        }
        try (NDManager m = manager.newSubManager()) {
            float[] out = assessor.forward(new ParameterStore(m, false),
                    new NDList(m.create(data, new Shape(crops.size(), 3, th, tw))), false).singletonOrThrow().toFloatArray();
            double[] scores = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                scores[i] = out[i];
            }
            return scores;
        }
    }

    @Override
    public Optional<BufferedImage> preview(double minScore) {
        Detection box = predict(List.of(testImage)).get(0);
        BufferedImage picture = BoxDrawing.draw(testImage, List.of(box), model.spec().categories());
        // The crop, as the assessor sees it, in the top-left corner.
        int cw = Math.max(1, (int) Math.round(box.width()));
        int ch = Math.max(1, (int) Math.round(box.height()));
        int insetH = Math.max(16, picture.getHeight() / 4);
        int insetW = Math.max(8, insetH * model.targetWidth() / model.targetHeight());
        Graphics2D g = picture.createGraphics();
        try {
            g.drawImage(testImage, 2, 2, 2 + insetW, 2 + insetH, (int) box.x(), (int) box.y(), (int) box.x() + cw,
                    (int) box.y() + ch, null);
            g.setColor(Color.WHITE);
            g.drawRect(2, 2, insetW, insetH);
        } finally {
            g.dispose();
        }
        return Optional.of(picture);
    }

    @Override
    public void close() {
        // the arrays live in the run's manager
    }
}
