package io.framewise.common.model.loans;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.InputSize;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.ResNet;
import io.framewise.common.model.detector.Detection;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The LoANs model family (weakly supervised localization with an assessor):
 * <ul>
 *   <li>the <b>localizer</b>: a ResNet feature extractor (one extra residual stage for inputs larger than
 *   224 px, two for larger than 300), global average pooling, and a linear layer giving the six parameters of
 *   a 2x3 affine transform, initialised to weights 0 and bias (0.8, 0, 0, 0, 0.8, 0), a centred crop at 80%
 *   scale; {@link AffineSampler} cuts the crop of the target size; the box is the crop window;</li>
 *   <li>the <b>assessor</b>: a ResNet-18 on the crop, pooled, a linear layer and a sigmoid: the IoU it
 *   believes the crop has with the object.</li>
 * </ul>
 * Settings: {@code backbone} (resnet18|resnet50), {@code width} (64), {@code imageSize} (224),
 * {@code targetSize} (width x height of the crop, 75x100), {@code assessorWidth} (first-stage channels of
 * the assessor, 32). The single category is the object's name.
 */
public final class LoansModel {

    public static final String FAMILY = "loans";
    public static final Set<String> SETTINGS = Set.of("backbone", "width", "imageSize", "targetSize", "assessorWidth");
    public static final float[] INITIAL_BIAS = {0.8f, 0f, 0f, 0f, 0.8f, 0f};

    private final ModelSpec spec;
    private final ResNet.Depth depth;
    private final int width;
    private final int assessorWidth;
    private final int imageSize;
    private final int targetWidth;
    private final int targetHeight;

    public LoansModel(ModelSpec spec) {
        spec.check(FAMILY, SETTINGS);
        if (spec.categories().size() != 1) {
            throw new IllegalArgumentException("a LoANs model localizes one object type, got categories " + spec.categories());
        }
        this.spec = spec;
        this.depth = ResNet.Depth.parse(spec.setting("backbone", "resnet18"));
        this.width = spec.intSetting("width", 64);
        this.assessorWidth = spec.intSetting("assessorWidth", 32);
        InputSize input = InputSize.parse(spec.setting("imageSize", "224"));
        if (input.width() != input.height()) {
            throw new IllegalArgumentException("the LoANs localizer takes square inputs; imageSize was " + input);
        }
        this.imageSize = input.width();
        String target = spec.setting("targetSize", "75x100").toLowerCase(Locale.ROOT);
        int x = target.indexOf('x');
        try {
            this.targetWidth = Integer.parseInt(target.substring(0, x).trim());
            this.targetHeight = Integer.parseInt(target.substring(x + 1).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("targetSize is WIDTHxHEIGHT, e.g. 75x100, was '" + target + "'");
        }
        if (targetWidth < 32 || targetHeight < 32) {
            throw new IllegalArgumentException("targetSize must be at least 32x32 (the assessor's stride), was " + target);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public ResNet.Depth depth() {
        return depth;
    }

    public int imageSize() {
        return imageSize;
    }

    public int targetWidth() {
        return targetWidth;
    }

    public int targetHeight() {
        return targetHeight;
    }

    /** Extra residual stages: one above 224 px, two above 300. */
    public int extraStages() {
        return imageSize > 300 ? 2 : imageSize > 224 ? 1 : 0;
    }

    /** The localizer, initialized: images {@code (N, 3, S, S)} to transforms {@code (N, 6)}. */
    public SequentialBlock newLocalizer(NDManager manager) {
        GradientMode.off();
        SequentialBlock net = ResNet.backbone(depth, width);
        for (int e = 0; e < extraStages(); e++) {
            net.add(ResNet.extraStage(depth.outputChannels(width)));
        }
        Linear theta = Linear.builder().setUnits(6).build();
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(theta);
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, imageSize, imageSize));
        NDArray w = theta.getParameters().get("weight").getArray();
        w.subi(w);
        NDArray b = theta.getParameters().get("bias").getArray();
        b.subi(b).addi(manager.create(INITIAL_BIAS));
        return net;
    }

    /** The assessor, initialized: crops {@code (N, 3, th, tw)} to IoU estimates {@code (N, 1)} in 0..1. */
    public SequentialBlock newAssessor(NDManager manager) {
        GradientMode.off();
        SequentialBlock net = ResNet.backbone(ResNet.Depth.RESNET18, assessorWidth);
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(1).build())
                .add(Activation::sigmoid);
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, targetHeight, targetWidth));
        return net;
    }

    /** Transforms {@code (N, 2, 3)} from the localizer's output. */
    public static NDArray theta(NDArray localizerOutput) {
        return localizerOutput.reshape(-1, 2, 3);
    }

    /**
     * Localizes the object in each image: one box (the crop window, in the image's own pixels) scored by the
     * assessor's IoU estimate for its crop. Call outside a gradient collector.
     */
    public List<Detection> predict(SequentialBlock localizer, SequentialBlock assessor, NDManager manager,
            List<BufferedImage> images) {
        GradientMode.off();
        int n = images.size();
        int pixels = 3 * imageSize * imageSize;
        float[] input = new float[n * pixels];
        for (int k = 0; k < n; k++) {
            ImageTensors.toChw(ImageTensors.resize(images.get(k), imageSize, imageSize), input, k * pixels);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(input, new Shape(n, 3, imageSize, imageSize));
            NDArray theta = theta(localizer.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow());
            NDArray crops = AffineSampler.sample(x, theta, targetHeight, targetWidth);
            float[] scores = assessor.forward(new ParameterStore(m, false), new NDList(crops), false).singletonOrThrow()
                    .toFloatArray();
            float[] boxes = AffineSampler.boxes(theta.toFloatArray(), n, imageSize, imageSize);
            List<Detection> found = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                double sx = (double) images.get(k).getWidth() / imageSize;
                double sy = (double) images.get(k).getHeight() / imageSize;
                double x0 = boxes[4 * k] * sx, y0 = boxes[4 * k + 1] * sy;
                double x1 = boxes[4 * k + 2] * sx, y1 = boxes[4 * k + 3] * sy;
                found.add(new Detection(x0, y0, x1 - x0, y1 - y0, 0, scores[k]));
            }
            return found;
        }
    }
}
