package io.framewise.common.model.gaze;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.framewise.common.model.ResNet;
import java.util.List;

/**
 * The video attention-target network of Chong et al. (2020, "Detecting Attended Visual Targets in Video"), in the
 * layers their spatial and temporal models have, on Framewise's ResNet backbones.
 *
 * <ul>
 *   <li><b>scene</b>: a ResNet on the frame with the head-position map as a fourth channel, then a 1x1 convolution
 *       (BN, ReLU) to D channels on its S/32 grid;</li>
 *   <li><b>head</b>: a ResNet on the head crop, a 1x1 convolution to D channels, average-pooled to a D vector;</li>
 *   <li><b>attention</b>: a linear layer on the head vector and the head-position map max-pooled by 8, a softmax
 *       over the S/32 grid; the scene features are weighted by it;</li>
 *   <li><b>encoder</b>: the weighted scene features and the head features (broadcast over the grid) concatenated,
 *       1x1 convolutions 2D to D and D to D/2, each with BN and ReLU;</li>
 *   <li><b>temporal</b> (temporal model only): a convolutional LSTM (3x3, D/2 hidden channels) over each chunk of
 *       consecutive frames;</li>
 *   <li><b>decoder</b>: transposed convolutions 3x3/2 to D/4 and D/8 (BN, ReLU), a 4x4/2 one to 1 channel and a 1x1
 *       convolution: the gaze heatmap, {@code 8g + 8} square for a grid of g (64 at 224 px);</li>
 *   <li><b>inout</b>: a 1x1 convolution of the encoding to one channel, flattened, and a linear layer: the logit of
 *       the gaze target being inside the frame.</li>
 * </ul>
 *
 * <p>Inputs: frames {@code (B, 3, S, S)}, head crops {@code (B, 3, S, S)}, head-position maps {@code (B, 1, S, S)};
 * for the temporal model B = chunks x chunkLength, frames of a chunk consecutive, and a fourth input holding the
 * chunk length. Outputs: heatmaps {@code (B, 1, 8g+8, 8g+8)} and in-frame logits {@code (B, 1)}.
 *
 * <p>The children, in this order, are the layers {@code freezeUpTo} names: scene, head, attention, encoder,
 * temporal, decoder, inout.
 */
public final class GazeNetwork extends AbstractBlock {

    /** The layer names, in the order a fine-tuning freezes them. */
    public static final List<String> LAYERS = List.of("scene", "head", "attention", "encoder", "temporal", "decoder",
            "inout");

    private final Block scene;
    private final Block head;
    private final Block attention;
    private final Block encoder;
    private final ConvLstm temporal;
    private final Block decoder;
    private final Block inoutConv;
    private final Block inoutLinear;
    private final int channels;

    /** @param imageSize the side of the square frame and head-crop inputs, a multiple of 32 */
    public GazeNetwork(ResNet.Depth depth, int width, int imageSize, boolean temporalModel) {
        if (imageSize < 32 || imageSize % 32 != 0 || width < 8) {
            throw new IllegalArgumentException("the gaze network takes square inputs whose side is a multiple of 32, and"
                    + " a width of at least 8; was " + imageSize + " and " + width);
        }
        channels = depth.outputChannels(width) / 2;
        int grid = imageSize / 32;
        scene = addChildBlock("scene", ResNet.backbone(depth, width).add(conv(channels, 1)).add(BatchNorm.builder().build())
                .add(Activation.reluBlock()));
        head = addChildBlock("head", ResNet.backbone(depth, width).add(conv(channels, 1)).add(BatchNorm.builder().build())
                .add(Activation.reluBlock()));
        attention = addChildBlock("attention", Linear.builder().setUnits((long) grid * grid).build());
        encoder = addChildBlock("encoder", new SequentialBlock()
                .add(conv(channels, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(channels / 2, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock()));
        temporal = temporalModel ? addChildBlock("temporal", new ConvLstm(channels / 2)) : null;
        decoder = addChildBlock("decoder", new SequentialBlock()
                .add(deconv(channels / 4, 3)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(deconv(channels / 8, 3)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(deconv(1, 4))
                .add(conv(1, 1)));
        inoutConv = addChildBlock("inout", conv(1, 1));
        inoutLinear = addChildBlock("inoutLinear", Linear.builder().setUnits(1).build());
    }

    /**
     * Sets the heatmap's last convolution to zero, so that a new network starts by predicting an empty heatmap: from
     * scratch, the first steps then learn where the gaze goes instead of spending themselves on shrinking a large
     * random output (the loss weighs the heatmap by 10000).
     */
    public void zeroHeatmapOutput() {
        SequentialBlock d = (SequentialBlock) decoder;
        Block last = d.getChildren().get(d.getChildren().size() - 1).getValue();
        last.getParameters().values().forEach(p -> p.getArray().muli(0));
    }

    public boolean temporalModel() {
        return temporal != null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray frames = inputs.get(0);
        NDArray crops = inputs.get(1);
        NDArray headMap = inputs.get(2);
        long b = frames.getShape().get(0);
        NDArray sceneFeatures = scene.forward(store, new NDList(frames.concat(headMap, 1)), training).singletonOrThrow();
        long g = sceneFeatures.getShape().get(2);
        NDArray headFeatures = head.forward(store, new NDList(crops), training).singletonOrThrow()
                .mean(new int[] {3}).mean(new int[] {2});
        NDArray reducedMap = maxPool8(headMap).reshape(b, -1);
        NDArray logits = attention.forward(store,
                new NDList(reducedMap.concat(headFeatures, 1)), training).singletonOrThrow();
        NDArray weights = logits.softmax(1).reshape(b, 1, g, g);
        NDArray joined = sceneFeatures.mul(weights)
                .concat(headFeatures.reshape(b, channels, 1, 1).broadcast(new Shape(b, channels, g, g)), 1);
        NDArray encoded = encoder.forward(store, new NDList(joined), training).singletonOrThrow();
        if (temporal != null) {
            int length = (int) inputs.get(3).toLongArray()[0];
            encoded = temporal.sequence(store, encoded, length, training);
        }
        NDArray heatmap = decoder.forward(store, new NDList(encoded), training).singletonOrThrow();
        NDArray inout = inoutLinear.forward(store, new NDList(
                inoutConv.forward(store, new NDList(encoded), training).singletonOrThrow().reshape(b, -1)), training)
                .singletonOrThrow();
        return new NDList(heatmap, inout);
    }

    private static NDArray maxPool8(NDArray map) {
        return Pool.maxPool2d(map, new Shape(8, 8), new Shape(8, 8), new Shape(0, 0), false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long g = inputShapes[0].get(2) / 32;
        long heat = 8 * g + 8;
        return new Shape[] {new Shape(b, 1, heat, heat), new Shape(b, 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape frames = inputShapes[0];
        long b = frames.get(0);
        long s = frames.get(2);
        long g = s / 32;
        scene.initialize(manager, dataType, new Shape(b, 4, s, s));
        head.initialize(manager, dataType, inputShapes[1]);
        attention.initialize(manager, dataType, new Shape(b, (s / 8) * (s / 8) + channels));
        encoder.initialize(manager, dataType, new Shape(b, 2L * channels, g, g));
        Shape encoded = new Shape(b, channels / 2, g, g);
        if (temporal != null) {
            temporal.initialize(manager, dataType, encoded);
        }
        decoder.initialize(manager, dataType, encoded);
        inoutConv.initialize(manager, dataType, encoded);
        inoutLinear.initialize(manager, dataType, new Shape(b, g * g));
    }

    private static Conv2d conv(int filters, int kernel) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)).build();
    }

    /**
     * A transposed convolution with stride 2 (DJL's PyTorch engine has none): zeros inserted between the input's
     * cells, then a convolution padded by {@code kernel - 1}, which is the same operation with the kernel flipped.
     * Output side {@code 2 h + kernel - 2}.
     */
    private static Block deconv(int filters, int kernel) {
        return new SequentialBlock()
                .add(new LambdaBlock(list -> new NDList(spreadWithZeros(list.singletonOrThrow())), "spread"))
                .add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                        .optPadding(new Shape(kernel - 1, kernel - 1)).build());
    }

    /** {@code (N, C, H, W)} to {@code (N, C, 2H - 1, 2W - 1)}: the input's cells at even positions, zeros between. */
    static NDArray spreadWithZeros(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        NDArray cells = x.reshape(n, c, h, 1, w, 1);
        NDArray rows = cells.concat(cells.zerosLike(), 5);
        NDArray both = rows.concat(rows.zerosLike(), 3).reshape(n, c, 2 * h, 2 * w);
        return both.get(new NDIndex(":, :, :{}, :{}", 2 * h - 1, 2 * w - 1));
    }

    /** A convolutional LSTM cell (Shi et al. 2015) run over the frames of each chunk, the state starting at zero. */
    static final class ConvLstm extends AbstractBlock {

        private final int hidden;
        private final Block gates;

        ConvLstm(int hidden) {
            this.hidden = hidden;
            this.gates = addChildBlock("gates", conv(4 * hidden, 3));
        }

        /** {@code x} is {@code (chunks * length, C, g, g)}, frames of a chunk consecutive; returns the hidden states. */
        NDArray sequence(ParameterStore store, NDArray x, int length, boolean training) {
            Shape s = x.getShape();
            long chunks = s.get(0) / length;
            NDArray frames = x.reshape(chunks, length, s.get(1), s.get(2), s.get(3));
            NDArray h = x.getManager().zeros(new Shape(chunks, hidden, s.get(2), s.get(3)), x.getDataType());
            NDArray c = h;
            NDList outputs = new NDList(length);
            for (int t = 0; t < length; t++) {
                NDArray in = frames.get(new NDIndex(":, {}", t));
                NDArray all = gates.forward(store, new NDList(in.concat(h, 1)), training).singletonOrThrow();
                NDList split = all.split(4, 1);
                NDArray i = Activation.sigmoid(split.get(0));
                NDArray f = Activation.sigmoid(split.get(1));
                NDArray o = Activation.sigmoid(split.get(2));
                NDArray g = split.get(3).tanh();
                c = f.mul(c).add(i.mul(g));
                h = o.mul(c.tanh());
                outputs.add(h);
            }
            return NDArrays.stack(outputs, 1).reshape(chunks * length, hidden, s.get(2), s.get(3));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return new NDList(sequence(store, inputs.singletonOrThrow(), 1, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            gates.initialize(manager, dataType, new Shape(s.get(0), s.get(1) + hidden, s.get(2), s.get(3)));
        }
    }
}
