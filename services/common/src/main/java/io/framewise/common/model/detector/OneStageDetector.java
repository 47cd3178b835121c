package io.framewise.common.model.detector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.InputSize;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.ResNet;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervised one-stage detector: a ResNet backbone, its stride-32 feature map, and a 1x1 convolution
 * with {@code 4 + 1 + N} outputs per cell, {@code tx, ty, tw, th}, objectness and N class scores. A box
 * belongs to the cell holding its centre. Decoding, with s the stride and (i, j) the cell:
 * {@code xc = s (tanh tx + i + 0.5)}, {@code yc = s (tanh ty + j + 0.5)}, {@code w = s exp tw},
 * {@code h = s exp th}; the score is sigmoid(objectness) times the best class's softmax probability.
 *
 * <p>Model settings (in {@link ModelSpec#settings()}): {@code backbone} (resnet18 or resnet50, default
 * resnet18), {@code width} (first-stage channels, default 64), {@code imageSize} (default 224).
 */
public final class OneStageDetector {

    public static final String FAMILY = "one-stage-detector";
    public static final Set<String> SETTINGS = Set.of("backbone", "width", "imageSize");
    /** Channel layout of the head's output. */
    public static final int TX = 0, TY = 1, TW = 2, TH = 3, OBJECTNESS = 4, FIRST_CLASS = 5;
    /** Initial objectness bias: a prior probability of 1% that a cell holds an object, for a calm start. */
    private static final float OBJECTNESS_PRIOR_BIAS = (float) -Math.log((1 - 0.01) / 0.01);
    private static final float MAX_LOG_SIZE = 6f;

    private final ModelSpec spec;
    private final ResNet.Depth depth;
    private final int width;
    private final InputSize inputSize;

    public OneStageDetector(ModelSpec spec) {
        spec.check(FAMILY, SETTINGS);
        if (spec.categories().isEmpty()) {
            throw new IllegalArgumentException("a detector needs at least one category");
        }
        this.spec = spec;
        this.depth = ResNet.Depth.parse(spec.setting("backbone", "resnet18"));
        this.width = spec.intSetting("width", 64);
        this.inputSize = InputSize.parse(spec.setting("imageSize", "224"));
    }

    public ModelSpec spec() {
        return spec;
    }

    public ResNet.Depth depth() {
        return depth;
    }

    public InputSize inputSize() {
        return inputSize;
    }

    public int classes() {
        return spec.categories().size();
    }

    public int channels() {
        return FIRST_CLASS + classes();
    }

    /** The network, not yet initialized. */
    public SequentialBlock newBlock() {
        SequentialBlock net = ResNet.backbone(depth, width);
        net.add(Conv2d.builder().setFilters(channels()).setKernelShape(new Shape(1, 1)).build());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN,
                2), Parameter.Type.WEIGHT);
        return net;
    }

    /** A new network with fresh weights (He initialization, objectness bias at its prior) for a batch size. */
    public SequentialBlock initialize(NDManager manager, int batchSize) {
        GradientMode.off();
        SequentialBlock net = newBlock();
        net.initialize(manager, DataType.FLOAT32, new Shape(batchSize, 3, inputSize.height(), inputSize.width()));
        NDArray headBias = net.getChildren().get(net.getChildren().size() - 1).getValue().getParameters()
                .get("bias").getArray();
        headBias.set(new NDIndex(OBJECTNESS), OBJECTNESS_PRIOR_BIAS);
        return net;
    }

    /**
     * Decodes one image's head output ({@code channels x gh x gw}, row-major floats) into boxes scored at
     * least {@code minScore}, after per-category non-maximum suppression at {@code nmsIou}, best first, at
     * most {@code maxDetections}. {@code scaleX}/{@code scaleY} map input pixels to image pixels.
     */
    public List<Detection> decode(float[] out, int offset, float minScore, double nmsIou, int maxDetections,
            double scaleX, double scaleY) {
        int gw = inputSize.gridWidth();
        int gh = inputSize.gridHeight();
        int cells = gw * gh;
        int classes = classes();
        double s = InputSize.STRIDE;
        List<Detection> candidates = new ArrayList<>();
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                int cell = offset + j * gw + i;
                double objectness = sigmoid(out[cell + OBJECTNESS * cells]);
                if (objectness < minScore) {
                    continue;
                }
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, out[cell + (FIRST_CLASS + c) * cells]);
                }
                double sum = 0;
                double bestExp = 0;
                for (int c = 0; c < classes; c++) {
                    double e = Math.exp(out[cell + (FIRST_CLASS + c) * cells] - max);
                    sum += e;
                    if (e > bestExp) {
                        bestExp = e;
                        best = c;
                    }
                }
                double score = objectness * bestExp / sum;
                if (score < minScore) {
                    continue;
                }
                double xc = s * (Math.tanh(out[cell + TX * cells]) + i + 0.5);
                double yc = s * (Math.tanh(out[cell + TY * cells]) + j + 0.5);
                double w = s * Math.exp(Math.min(out[cell + TW * cells], MAX_LOG_SIZE));
                double h = s * Math.exp(Math.min(out[cell + TH * cells], MAX_LOG_SIZE));
                candidates.add(new Detection((xc - w / 2) * scaleX, (yc - h / 2) * scaleY, w * scaleX, h * scaleY, best,
                        score));
            }
        }
        return nonMaximumSuppression(candidates, nmsIou, maxDetections);
    }

    /** Greedy per-category suppression: keeps the best box, drops same-category boxes overlapping it more than {@code iou}. */
    public static List<Detection> nonMaximumSuppression(List<Detection> boxes, double iou, int maxDetections) {
        List<Detection> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() >= maxDetections) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.category() == d.category() && k.iou(d) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }

    /**
     * Runs the network in inference mode on images of any size (each resized to the input size) and decodes
     * the boxes back to each image's own pixels. Call it outside a gradient collector.
     */
    public List<List<Detection>> predict(Block block, NDManager manager, List<BufferedImage> images, float minScore,
            double nmsIou, int maxDetections) {
        int w = inputSize.width();
        int h = inputSize.height();
        int pixels = 3 * w * h;
        GradientMode.off();
        float[] input = new float[images.size() * pixels];
        for (int k = 0; k < images.size(); k++) {
            ImageTensors.toChw(ImageTensors.resize(images.get(k), w, h), input, k * pixels);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(input, new Shape(images.size(), 3, h, w));
            float[] out = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
            int perImage = channels() * inputSize.gridWidth() * inputSize.gridHeight();
            List<List<Detection>> result = new ArrayList<>();
            for (int k = 0; k < images.size(); k++) {
                BufferedImage image = images.get(k);
                result.add(decode(out, k * perImage, minScore, nmsIou, maxDetections, (double) image.getWidth() / w,
                        (double) image.getHeight() / h));
            }
            return result;
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Settings as given, for records and logs. */
    public Map<String, String> describe() {
        return Map.of("backbone", depth.toString(), "width", Integer.toString(width), "imageSize", inputSize.toString());
    }
}
