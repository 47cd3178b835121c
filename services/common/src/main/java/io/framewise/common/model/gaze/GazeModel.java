package io.framewise.common.model.gaze;

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
import io.framewise.common.model.ResNet;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gaze-target model family: for a person's head in a frame, where in the frame they look (a heatmap) and whether
 * they look at something inside the frame at all. The network is {@link GazeNetwork}.
 *
 * <p>Model settings: {@code backbone} (resnet18|resnet50, default resnet18), {@code width} (first-stage channels,
 * default 64), {@code imageSize} (frame and head-crop side, multiple of 32, default 224), {@code temporal} (false: the
 * spatial model; true: the temporal one with a convolutional LSTM over chunks of consecutive frames). The one category
 * is {@code gaze}.
 *
 * <p>Coordinates: a head box is {@code x0, y0, x1, y1} in image pixels; a gaze point is normalised to {@code [0, 1]}
 * (x by the width, y by the height); a heatmap cell {@code (column, row)} stands for the point
 * {@code (column / size, row / size)}, as the VideoAttentionTarget evaluation reads its argmax.
 */
public final class GazeModel {

    public static final String FAMILY = "gaze-target";
    public static final Set<String> SETTINGS = Set.of("backbone", "width", "imageSize", "temporal");
    public static final String CATEGORY = "gaze";

    private final ModelSpec spec;
    private final ResNet.Depth depth;
    private final int width;
    private final int imageSize;
    private final boolean temporal;

    public GazeModel(ModelSpec spec) {
        spec.check(FAMILY, SETTINGS);
        this.spec = spec;
        this.depth = ResNet.Depth.parse(spec.setting("backbone", "resnet18"));
        this.width = spec.intSetting("width", 64);
        this.imageSize = spec.intSetting("imageSize", 224);
        if (imageSize < 32 || imageSize % 32 != 0) {
            throw new IllegalArgumentException("model setting 'imageSize' must be a multiple of 32, was " + imageSize);
        }
        String t = spec.setting("temporal", "false").trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("model setting 'temporal' is true or false, was '" + t + "'");
        }
        this.temporal = t.equals("true");
    }

    public ModelSpec spec() {
        return spec;
    }

    public int imageSize() {
        return imageSize;
    }

    public boolean temporal() {
        return temporal;
    }

    /** The heatmap's side: {@code 8 g + 8} for the input's grid of {@code g = imageSize / 32} (64 at 224 px). */
    public int heatmapSize() {
        return 8 * (imageSize / 32) + 8;
    }

    /** A new network with fresh weights for a batch of {@code frames} (chunks x chunk length for the temporal model). */
    public GazeNetwork initialize(NDManager manager, int frames) {
        GradientMode.off();
        GazeNetwork net = new GazeNetwork(depth, width, imageSize, temporal);
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN,
                2), Parameter.Type.WEIGHT);
        Shape image = new Shape(frames, 3, imageSize, imageSize);
        List<Shape> shapes = new ArrayList<>(List.of(image, image, new Shape(frames, 1, imageSize, imageSize)));
        if (temporal) {
            shapes.add(new Shape(1));
        }
        net.initialize(manager, DataType.FLOAT32, shapes.toArray(Shape[]::new));
        net.zeroHeatmapOutput();
        return net;
    }

    /** One network input: the frame, the head crop and the head-position map, as float arrays. */
    public record Input(float[] frame, float[] crop, float[] headMap) {
    }

    /**
     * The network's input for one head in one frame: the frame resized to the input size, the head box's crop resized
     * to it, and a map that is 1 inside the head box (at the input size) and 0 elsewhere.
     *
     * @param box the head box {@code x0, y0, x1, y1} in the frame's pixels
     */
    public Input input(BufferedImage frame, double[] box) {
        int s = imageSize;
        float[] pixels = ImageTensors.toChw(ImageTensors.resize(frame, s, s));
        int x0 = (int) Math.max(0, Math.floor(box[0]));
        int y0 = (int) Math.max(0, Math.floor(box[1]));
        int x1 = (int) Math.min(frame.getWidth(), Math.ceil(box[2]));
        int y1 = (int) Math.min(frame.getHeight(), Math.ceil(box[3]));
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("the head box (" + box[0] + ", " + box[1] + ", " + box[2] + ", " + box[3]
                    + ") lies outside the " + frame.getWidth() + "x" + frame.getHeight() + " frame");
        }
        float[] crop = ImageTensors.toChw(ImageTensors.resize(frame.getSubimage(x0, y0, x1 - x0, y1 - y0), s, s));
        float[] map = new float[s * s];
        int c0 = (int) Math.floor(box[0] / frame.getWidth() * s);
        int c1 = (int) Math.ceil(box[2] / frame.getWidth() * s);
        int r0 = (int) Math.floor(box[1] / frame.getHeight() * s);
        int r1 = (int) Math.ceil(box[3] / frame.getHeight() * s);
        for (int r = Math.max(0, r0); r < Math.min(s, r1); r++) {
            for (int c = Math.max(0, c0); c < Math.min(s, c1); c++) {
                map[r * s + c] = 1;
            }
        }
        return new Input(pixels, crop, map);
    }

    /** The network's raw outputs for a batch of inputs: heatmaps {@code [frame][cell]} and in-frame logits. */
    public record Output(float[][] heatmaps, float[] inFrameLogits) {
    }

    /** Runs the network in inference mode; for the temporal model the inputs are chunks of {@code chunkLength} frames. */
    public Output run(Block block, NDManager manager, List<Input> inputs, int chunkLength) {
        GradientMode.off();
        try (NDManager m = manager.newSubManager()) {
            NDList x = batch(m, inputs, chunkLength);
            NDList out = block.forward(new ParameterStore(m, false), x, false);
            int heat = heatmapSize();
            float[] maps = out.get(0).toFloatArray();
            float[][] heatmaps = new float[inputs.size()][heat * heat];
            for (int k = 0; k < inputs.size(); k++) {
                System.arraycopy(maps, k * heat * heat, heatmaps[k], 0, heat * heat);
            }
            return new Output(heatmaps, out.get(1).toFloatArray());
        }
    }

    /** Stacks inputs into the network's input arrays, in manager {@code m}. */
    public NDList batch(NDManager m, List<Input> inputs, int chunkLength) {
        int s = imageSize;
        int n = inputs.size();
        float[] frames = new float[n * 3 * s * s];
        float[] crops = new float[n * 3 * s * s];
        float[] maps = new float[n * s * s];
        for (int k = 0; k < n; k++) {
            Input in = inputs.get(k);
            System.arraycopy(in.frame(), 0, frames, k * 3 * s * s, 3 * s * s);
            System.arraycopy(in.crop(), 0, crops, k * 3 * s * s, 3 * s * s);
            System.arraycopy(in.headMap(), 0, maps, k * s * s, s * s);
        }
        NDList x = new NDList(m.create(frames, new Shape(n, 3, s, s)), m.create(crops, new Shape(n, 3, s, s)),
                m.create(maps, new Shape(n, 1, s, s)));
        if (temporal) {
            if (chunkLength < 1 || n % chunkLength != 0) {
                throw new IllegalArgumentException(n + " frames do not make whole chunks of " + chunkLength);
            }
            x.add(m.create(new long[] {chunkLength}));
        }
        return x;
    }

    /** The heatmap's maximum as a normalised point {@code (column / size, row / size)}. */
    public static double[] argmax(float[] heatmap, int size) {
        int best = 0;
        for (int i = 1; i < heatmap.length; i++) {
            if (heatmap[i] > heatmap[best]) {
                best = i;
            }
        }
        return new double[] {(double) (best % size) / size, (double) (best / size) / size};
    }

    /** The Gaussian target heatmap (σ = 3 cells at 64, scaled with the size) centred on a normalised gaze point. */
    public float[] target(double gazeX, double gazeY) {
        int heat = heatmapSize();
        double sigma = 3.0 * heat / 64;
        float[] map = new float[heat * heat];
        double cx = gazeX * heat;
        double cy = gazeY * heat;
        for (int r = 0; r < heat; r++) {
            double dy = r - cy;
            for (int c = 0; c < heat; c++) {
                double dx = c - cx;
                map[r * heat + c] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            }
        }
        return map;
    }
}
