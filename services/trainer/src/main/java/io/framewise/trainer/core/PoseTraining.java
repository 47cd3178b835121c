package io.framewise.trainer.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Heatmaps;
import io.framewise.common.model.keypoints.HourglassNetwork;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.PoseDrawing;
import io.framewise.common.model.keypoints.StackedHourglass;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The pose family as a training task: a stacked hourglass network trained from scratch on the annotated instances of
 * a keypoint dataset ({@link PoseDataset}, COCO keypoints or MARS records), one instance per sample. Each sample is
 * the instance's loose box crop, augmented ({@link PoseAugmentation}), with one Gaussian heatmap target per part
 * ({@link Heatmaps#targets}); the loss is the mean squared error of every stack's heatmaps (intermediate
 * supervision), summed over the stacks.
 *
 * <p>The target's standard deviation for part p is the spread the part's OKS sigma stands for on this instance,
 * {@code 2 σ_p sqrt(area)}, in heatmap pixels, and at least one heatmap pixel.
 *
 * <p>The model's parts and skeleton come from the dataset (MARS records name their parts with the {@code parts}
 * setting); {@code flipPairs} default to the left/right names ({@link KeypointSpec#pairsByName}); {@code sigmas}
 * default only for the 17 COCO person parts, and otherwise must be given (the {@code keypoints sigmas} command
 * computes them from repeated annotations).
 */
public final class PoseTraining implements TrainingTask<PoseTraining.Sample> {

    /** The family, as the trainer's registry knows it. */
    public static final TrainingFamily FAMILY = new TrainingFamily() {
        @Override
        public String name() {
            return StackedHourglass.FAMILY;
        }

        @Override
        public Set<String> modelSettings() {
            return StackedHourglass.SETTINGS;
        }

        @Override
        public Set<String> options() {
            return PoseAugmentation.KEYS;
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("learningRate", "0.00025");
        }

        @Override
        public TrainingTask<?> open(TaskSetup setup) throws IOException {
            return new PoseTraining(setup);
        }
    };

    /** One augmented crop (normalized CHW at the input size) and its heatmap targets ({@code parts x heat x heat}). */
    public record Sample(float[] pixels, float[] targets) {
    }

    private final PoseDataset train;
    private final ImageSource images;
    private final StackedHourglass model;
    private final HourglassNetwork network;
    private final PoseAugmentation augmentation;
    private final NDManager manager;
    private final PoseDataset.Instance previewInstance;
    private final BufferedImage previewImage;

    private PoseTraining(TaskSetup setup) throws IOException {
        Map<String, String> settings = setup.hyperparameters().modelSettings();
        List<String> names = settings.containsKey(KeypointSpec.PARTS)
                ? Arrays.stream(settings.get(KeypointSpec.PARTS).split(",")).map(String::trim).toList() : null;
        this.train = read(setup.train(), names);
        this.model = new StackedHourglass(specOf(train, settings));
        PoseDataset validation = setup.validation() == null ? null : read(setup.validation(), names);
        if (validation != null && !validation.parts().equals(train.parts())) {
            throw new InvalidDatasetException("the validation set's parts " + validation.parts()
                    + " differ from the training set's " + train.parts());
        }
        this.augmentation = PoseAugmentation.parse(setup.hyperparameters().options());
        this.images = setup.train().images();
        this.manager = setup.manager();
        this.network = model.initialize(manager, setup.hyperparameters().batchSize());
        PoseDataset previewSet = validation != null ? validation : train;
        ImageSource previewSource = validation != null ? setup.validation().images() : images;
        PoseDataset.Instance chosen = null;
        BufferedImage image = null;
        for (PoseDataset.Instance instance : previewSet.instances().subList(0, Math.min(10, previewSet.size()))) {
            try {
                image = previewSource.read(instance.fileName());
                chosen = instance;
                break;
            } catch (ImageSource.UnreadableImageException e) {
                // try the next one
            }
        }
        this.previewInstance = chosen;
        this.previewImage = image;
    }

    private static PoseDataset read(TaskSetup.Data data, List<String> names) throws IOException {
        try (InputStream in = data.openIndex()) {
            return PoseDataset.read(in, data.name(), names);
        }
    }

    /** The model's spec: the architecture settings given, the keypoint spec from the dataset and the settings. */
    static ModelSpec specOf(PoseDataset data, Map<String, String> settings) throws InvalidDatasetException {
        Map<String, String> architecture = new LinkedHashMap<>();
        for (String key : StackedHourglass.ARCHITECTURE) {
            if (settings.containsKey(key)) {
                architecture.put(key, settings.get(key));
            }
        }
        Map<String, String> keypointSettings = new LinkedHashMap<>(settings);
        keypointSettings.keySet().retainAll(Set.of(KeypointSpec.FLIP_PAIRS, KeypointSpec.SIGMAS, KeypointSpec.SKELETON));
        keypointSettings.put(KeypointSpec.PARTS, String.join(",", data.parts()));
        if (!settings.containsKey(KeypointSpec.SIGMAS) && !data.parts().equals(KeypointSpec.COCO_PERSON_PARTS)) {
            throw new IllegalArgumentException("model setting 'sigmas' is required for the parts " + data.parts()
                    + " (one OKS sigma per part, comma-separated; 'framewise keypoints sigmas' computes them from"
                    + " repeated annotations); they default only for the 17 COCO person parts");
        }
        KeypointSpec given = KeypointSpec.fromSettings(keypointSettings);
        List<KeypointSpec.Pair> pairs = settings.containsKey(KeypointSpec.FLIP_PAIRS) ? given.flipPairs()
                : KeypointSpec.pairsByName(data.parts());
        List<KeypointSpec.Pair> skeleton = given.skeleton();
        if (!settings.containsKey(KeypointSpec.SKELETON)) {
            skeleton = new ArrayList<>();
            for (int[] bone : data.skeleton()) {
                skeleton.add(new KeypointSpec.Pair(bone[0], bone[1]));
            }
        }
        KeypointSpec keypoints = new KeypointSpec(data.parts(), pairs, given.sigmas(), skeleton);
        return StackedHourglass.spec(architecture, keypoints, data.category());
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    public StackedHourglass model() {
        return model;
    }

    public HourglassNetwork network() {
        return network;
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("model", network);
    }

    @Override
    public int samples() {
        return train.size();
    }

    /** {@code stem}, or {@code stackN}: everything up to and including stack N (0-based). */
    @Override
    public int freezeUpTo(String layer) {
        String l = layer.trim();
        int lastStack;
        if (l.equals("stem")) {
            lastStack = -1;
        } else if (l.matches("stack\\d+") && Integer.parseInt(l.substring(5)) < model.stacks()) {
            lastStack = Integer.parseInt(l.substring(5));
        } else {
            throw new IllegalArgumentException("cannot freeze up to '" + layer + "': use stem or stack0..stack"
                    + (model.stacks() - 1));
        }
        int frozen = 0;
        for (Pair<String, Block> child : network.getChildren()) {
            String name = child.getKey().replaceFirst("^\\d+", "");
            String digits = name.replaceAll("^\\D+", "");
            boolean inside = name.equals("stem") || (!digits.isEmpty() && Integer.parseInt(digits) <= lastStack);
            if (inside) {
                child.getValue().freezeParameters(true);
                frozen += child.getValue().getParameters().size();
            }
        }
        return frozen;
    }

    @Override
    public Sample load(int index, SplittableRandom random) throws IOException {
        PoseDataset.Instance instance = train.instances().get(index);
        BufferedImage image = images.read(instance.fileName());
        return sample(model, instance, image, augmentation, random);
    }

    /** One instance's crop and targets under an augmentation: what training and the input check see. */
    static Sample sample(StackedHourglass model, PoseDataset.Instance instance, BufferedImage image,
            PoseAugmentation augmentation, SplittableRandom random) {
        Rendered r = render(model, instance, image, augmentation, random);
        float[] pixels = ImageTensors.toChw(r.crop());
        float[][] maps = Heatmaps.targets(r.keypoints(), model.inputSize(), model.inputSize(), model.heatmapSize(),
                model.heatmapSize(), r.sigmas());
        int cells = model.heatmapSize() * model.heatmapSize();
        float[] targets = new float[maps.length * cells];
        for (int p = 0; p < maps.length; p++) {
            System.arraycopy(maps[p], 0, targets, p * cells, cells);
        }
        return new Sample(pixels, targets);
    }

    /** The augmented crop, its keypoints in input pixels, and the target sigmas in heatmap pixels. */
    record Rendered(BufferedImage crop, float[][] keypoints, double[] sigmas) {
    }

    static Rendered render(StackedHourglass model, PoseDataset.Instance instance, BufferedImage image,
            PoseAugmentation augmentation, SplittableRandom random) {
        int size = model.inputSize();
        // Boxes and keypoints are in the annotation's image size; the file may have been resized since.
        double fx = instance.imageWidth() > 0 ? (double) image.getWidth() / instance.imageWidth() : 1;
        double fy = instance.imageHeight() > 0 ? (double) image.getHeight() / instance.imageHeight() : 1;
        float[] b = instance.box();
        double[] region = model.cropRegion(b[0] * fx, b[1] * fy, b[2] * fx, b[3] * fy);
        PoseAugmentation.Geometry g = augmentation.drawGeometry(random);
        double side = region[2] * g.padScale();
        double cx = region[0] + region[2] / 2 + g.shiftX() * side;
        double cy = region[1] + region[2] / 2 + g.shiftY() * side;
        AffineTransform t = new AffineTransform();
        t.translate(size / 2.0, size / 2.0);
        t.rotate(Math.toRadians(g.degrees()));
        t.scale(size / side, size / side);
        t.translate(-cx, -cy);
        float[][] keypoints = new float[instance.keypoints().length][];
        for (int p = 0; p < keypoints.length; p++) {
            float[] k = instance.keypoints()[p];
            Point2D q = t.transform(new Point2D.Double(k[0] * fx, k[1] * fy), null);
            keypoints[p] = new float[] {(float) q.getX(), (float) q.getY(), k[2]};
        }
        AffineTransform drawn = new AffineTransform();
        if (g.flip()) {
            drawn.translate(size, 0);
            drawn.scale(-1, 1);
            keypoints = model.keypoints().flipKeypoints(keypoints, size);
        }
        drawn.concatenate(t);
        BufferedImage crop = augmentation.pixels(StackedHourglass.render(image, drawn, size), random);
        double[] oks = model.keypoints().sigmas();
        double scale = Math.sqrt(Math.max(1, instance.area() * fx * fy)) * model.heatmapSize() / side;
        double[] sigmas = new double[oks.length];
        for (int p = 0; p < oks.length; p++) {
            sigmas[p] = Math.max(1, 2 * oks[p] * scale);
        }
        return new Rendered(crop, keypoints, sigmas);
    }

    @Override
    public Map<String, Double> step(List<Sample> batch, Updates updates) {
        int n = batch.size();
        int size = model.inputSize();
        int heat = model.heatmapSize();
        int parts = model.keypoints().size();
        int pixels = 3 * size * size;
        int targetsPerSample = parts * heat * heat;
        float[] x = new float[n * pixels];
        float[] y = new float[n * targetsPerSample];
        for (int k = 0; k < n; k++) {
            System.arraycopy(batch.get(k).pixels(), 0, x, k * pixels, pixels);
            System.arraycopy(batch.get(k).targets(), 0, y, k * targetsPerSample, targetsPerSample);
        }
        Map<String, Double> losses = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray input = m.create(x, new Shape(n, 3, size, size));
            NDArray target = m.create(y, new Shape(n, parts, heat, heat));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = network.forward(new ParameterStore(m, false), new NDList(input), true);
                NDArray total = null;
                for (int s = 0; s < out.size(); s++) {
                    NDArray loss = out.get(s).sub(target).square().mean();
                    losses.put("stack" + (s + 1), (double) loss.getFloat());
                    total = total == null ? loss : total.add(loss);
                }
                losses.put("total", (double) total.getFloat());
                if (Double.isFinite(losses.get("total"))) {
                    collector.backward(total);
                }
            }
            updates.apply("model", losses);
        }
        return losses;
    }

    @Override
    public Optional<BufferedImage> preview(double minScore) {
        if (previewImage == null) {
            return Optional.empty();
        }
        PoseDataset.Instance i = previewInstance;
        double fx = i.imageWidth() > 0 ? (double) previewImage.getWidth() / i.imageWidth() : 1;
        double fy = i.imageHeight() > 0 ? (double) previewImage.getHeight() / i.imageHeight() : 1;
        float[] b = i.box();
        List<Detection> pose = model.predict(network, manager, List.of(new StackedHourglass.Query(previewImage,
                b[0] * fx, b[1] * fy, b[2] * fx, b[3] * fy)));
        float[][] truth = new float[i.keypoints().length][];
        for (int p = 0; p < truth.length; p++) {
            truth[p] = new float[] {(float) (i.keypoints()[p][0] * fx), (float) (i.keypoints()[p][1] * fy),
                i.keypoints()[p][2]};
        }
        return Optional.of(PoseDrawing.draw(previewImage, pose, List.<float[][]>of(truth), model.keypoints(), 0));
    }

    @Override
    public void close() {
        network.clear();
    }
}
