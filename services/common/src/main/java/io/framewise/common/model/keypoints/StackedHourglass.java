package io.framewise.common.model.keypoints;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.detector.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pose (keypoint) model family: a {@link HourglassNetwork} that finds each part of an object inside a box. The
 * box is cropped loosely (a square {@code padFactor} times its longer side, centred on it), resized to the input
 * size, and each part is the maximum of its last-stack heatmap searched inside the box
 * ({@link Heatmaps#decode}), mapped back to image pixels, with the maximum as the part's confidence.
 *
 * <p>Model settings: {@code stacks} (default 2), {@code depth} (hourglass levels, default 4), {@code features}
 * (channels, default 256), {@code imageSize} (square input side, default 256; heatmaps are a quarter of it),
 * {@code padFactor} (default 1.25) and the {@link KeypointSpec} settings {@code parts}, {@code flipPairs},
 * {@code sigmas}, {@code skeleton}. The categories are the one object category the poses belong to.
 */
public final class StackedHourglass {

    public static final String FAMILY = "stacked-hourglass";
    public static final Set<String> ARCHITECTURE = Set.of("stacks", "depth", "features", "imageSize", "padFactor");
    public static final Set<String> SETTINGS;
    /** The grey that fills a crop outside the image. */
    public static final Color PAD = new Color(124, 116, 104);

    static {
        Set<String> all = new HashSet<>(ARCHITECTURE);
        all.addAll(Set.of(KeypointSpec.PARTS, KeypointSpec.FLIP_PAIRS, KeypointSpec.SIGMAS, KeypointSpec.SKELETON));
        SETTINGS = Set.copyOf(all);
    }

    private final ModelSpec spec;
    private final KeypointSpec keypoints;
    private final int stacks;
    private final int depth;
    private final int features;
    private final int inputSize;
    private final double padFactor;

    public StackedHourglass(ModelSpec spec) {
        spec.check(FAMILY, SETTINGS);
        if (spec.categories().size() != 1) {
            throw new IllegalArgumentException("a pose model finds the parts of one category, was "
                    + spec.categories());
        }
        this.spec = spec;
        this.keypoints = KeypointSpec.fromSettings(spec.settings());
        this.stacks = atLeast(spec, "stacks", 2, 1);
        this.depth = atLeast(spec, "depth", 4, 1);
        this.features = atLeast(spec, "features", 256, 4);
        if (features % 4 != 0) {
            throw new IllegalArgumentException("model setting 'features' must be a multiple of 4, was " + features);
        }
        this.inputSize = atLeast(spec, "imageSize", 256, 16);
        int unit = 4 << depth;
        if (inputSize % unit != 0) {
            throw new IllegalArgumentException("model setting 'imageSize' must be a multiple of 4 x 2^depth = " + unit
                    + " (depth " + depth + "), was " + inputSize);
        }
        try {
            this.padFactor = Double.parseDouble(spec.setting("padFactor", "1.25"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model setting 'padFactor' must be a number, was '"
                    + spec.setting("padFactor", "") + "'");
        }
        if (!(padFactor >= 1) || padFactor > 4) {
            throw new IllegalArgumentException("model setting 'padFactor' must be within [1, 4], was " + padFactor);
        }
    }

    /** The spec of a new model: architecture settings as given, the keypoint spec, the object category. */
    public static ModelSpec spec(Map<String, String> architecture, KeypointSpec keypoints, String category) {
        Map<String, String> settings = new LinkedHashMap<>(architecture);
        settings.putAll(keypoints.toSettings());
        return new ModelSpec(FAMILY, settings, List.of(category));
    }

    private static int atLeast(ModelSpec spec, String name, int fallback, int min) {
        int value = spec.intSetting(name, fallback);
        if (value < min) {
            throw new IllegalArgumentException("model setting '" + name + "' must be at least " + min + ", was " + value);
        }
        return value;
    }

    public ModelSpec spec() {
        return spec;
    }

    public KeypointSpec keypoints() {
        return keypoints;
    }

    public int stacks() {
        return stacks;
    }

    public int inputSize() {
        return inputSize;
    }

    public int heatmapSize() {
        return inputSize / 4;
    }

    public double padFactor() {
        return padFactor;
    }

    /** A new network with fresh weights (He initialization of the convolutions) for a batch size. */
    public HourglassNetwork initialize(NDManager manager, int batchSize) {
        GradientMode.off();
        HourglassNetwork net = new HourglassNetwork(stacks, depth, features, keypoints.size());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN,
                2), Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(batchSize, 3, inputSize, inputSize));
        return net;
    }

    /**
     * The square image region the network sees for a box: {@code padFactor} times the box's longer side, centred
     * on the box, as {@code x, y, side}.
     */
    public double[] cropRegion(double x, double y, double w, double h) {
        double side = padFactor * Math.max(w, h);
        return new double[] {x + w / 2 - side / 2, y + h / 2 - side / 2, side};
    }

    /** The image region {@code (x, y, side)} rendered at the input size; outside the image is {@link #PAD}. */
    public BufferedImage renderCrop(BufferedImage image, double[] region) {
        double scale = inputSize / region[2];
        AffineTransform t = AffineTransform.getScaleInstance(scale, scale);
        t.translate(-region[0], -region[1]);
        return render(image, t, inputSize);
    }

    /** {@code image} drawn through {@code transform} on a square canvas of {@code size}, bilinear, padded grey. */
    public static BufferedImage render(BufferedImage image, AffineTransform transform, int size) {
        BufferedImage view = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = view.createGraphics();
        try {
            g.setColor(PAD);
            g.fillRect(0, 0, size, size);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return view;
    }

    /** The last stack's heatmaps of input crops (each {@code inputSize} square): {@code [crop][part][cell]}. */
    public float[][][] heatmaps(Block block, NDManager manager, List<BufferedImage> crops) {
        int pixels = 3 * inputSize * inputSize;
        float[] input = new float[crops.size() * pixels];
        for (int k = 0; k < crops.size(); k++) {
            ImageTensors.toChw(crops.get(k), input, k * pixels);
        }
        GradientMode.off();
        int parts = keypoints.size();
        int cells = heatmapSize() * heatmapSize();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(input, new Shape(crops.size(), 3, inputSize, inputSize));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            float[] last = out.get(out.size() - 1).toFloatArray();
            float[][][] maps = new float[crops.size()][parts][cells];
            for (int k = 0; k < crops.size(); k++) {
                for (int p = 0; p < parts; p++) {
                    System.arraycopy(last, (k * parts + p) * cells, maps[k][p], 0, cells);
                }
            }
            return maps;
        }
    }

    /** A box to find a pose in: an image and the box in its pixels. */
    public record Query(BufferedImage image, double x, double y, double w, double h) {
    }

    /**
     * The pose inside each box: per part the heatmap maximum searched inside the box, in image pixels and inside
     * the box, with its value as confidence. Returned as detections of the box scored by the mean part confidence.
     */
    public List<Detection> predict(Block block, NDManager manager, List<Query> queries) {
        List<BufferedImage> crops = new ArrayList<>(queries.size());
        List<double[]> regions = new ArrayList<>(queries.size());
        for (Query q : queries) {
            double[] region = cropRegion(q.x(), q.y(), q.w(), q.h());
            regions.add(region);
            crops.add(renderCrop(q.image(), region));
        }
        float[][][] maps = heatmaps(block, manager, crops);
        int heat = heatmapSize();
        List<Detection> poses = new ArrayList<>(queries.size());
        for (int k = 0; k < queries.size(); k++) {
            Query q = queries.get(k);
            double[] r = regions.get(k);
            Heatmaps.Box inHeatmap = Heatmaps.toHeatmap(new Heatmaps.Box(q.x(), q.y(), q.w(), q.h()), heat, heat, r[0],
                    r[1], r[2], r[2]);
            List<Keypoint> found = new ArrayList<>(maps[k].length);
            for (Keypoint p : Heatmaps.toImage(Heatmaps.decode(maps[k], heat, heat, inHeatmap), heat, heat, r[0], r[1],
                    r[2], r[2])) {
                // The search covers every cell the box touches and the sub-cell refinement moves a quarter cell:
                // a maximum in an edge cell can land just outside the box; the answer is inside it.
                found.add(new Keypoint(Math.max(q.x(), Math.min(q.x() + q.w(), p.x())),
                        Math.max(q.y(), Math.min(q.y() + q.h(), p.y())), p.confidence()));
            }
            double score = found.stream().mapToDouble(Keypoint::confidence).average().orElse(0);
            poses.add(new Detection(q.x(), q.y(), q.w(), q.h(), 0, Math.max(0, Math.min(1, score)), found));
        }
        return poses;
    }
}
