package io.framewise.common.model.keypoints;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The stacked hourglass network of Newell, Yang and Deng (2016), as their Torch code builds it, with the number of
 * stacks, the hourglass depth and the feature width as settings.
 *
 * <ul>
 *   <li><b>Residual(in, out)</b>, pre-activation bottleneck: BN, ReLU, 1x1 conv to out/2, BN, ReLU, 3x3 conv,
 *       BN, ReLU, 1x1 conv to out; plus the input (a 1x1 conv when in != out). Convolutions have biases.</li>
 *   <li><b>Stem</b> (input to a quarter of its size): 7x7 conv stride 2 to F/4 channels, BN, ReLU,
 *       Residual(F/4, F/2), 2x2 max pool, Residual(F/2, F/2), Residual(F/2, F).</li>
 *   <li><b>Hourglass(n)</b>: Residual(F, F) on the input, added to: 2x2 max pool, Residual, Hourglass(n - 1) (a
 *       Residual at n = 1), Residual, nearest 2x upsampling.</li>
 *   <li><b>Each stack</b>: Hourglass(depth), Residual, 1x1 conv + BN + ReLU, and a 1x1 conv to one heatmap per
 *       part. Between stacks the next input is the stack's input plus 1x1 convolutions of its features and of its
 *       heatmaps (the intermediate supervision is re-injected).</li>
 * </ul>
 *
 * <p>Input {@code (N, 3, S, S)}, S a multiple of {@code 4 * 2^depth}; output one {@code (N, parts, S/4, S/4)}
 * heatmap array per stack, the last one the prediction. With F = 256 this is the paper's network.
 */
public final class HourglassNetwork extends AbstractBlock {

    private final int stacks;
    private final List<Block> hourglasses = new ArrayList<>();
    private final List<Block> features = new ArrayList<>();
    private final List<Block> heads = new ArrayList<>();
    private final List<Block> mergeFeatures = new ArrayList<>();
    private final List<Block> mergeHeatmaps = new ArrayList<>();
    private final Block stem;

    public HourglassNetwork(int stacks, int depth, int width, int parts) {
        if (stacks < 1 || depth < 1 || width < 4 || width % 4 != 0 || parts < 1) {
            throw new IllegalArgumentException("an hourglass network needs stacks >= 1, depth >= 1, a width that is a "
                    + "multiple of 4 (at least 4) and parts >= 1; was " + stacks + ", " + depth + ", " + width + ", "
                    + parts);
        }
        this.stacks = stacks;
        stem = addChildBlock("stem", new SequentialBlock()
                .add(conv(width / 4, 7, 2, 3)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(residual(width / 4, width / 2))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(residual(width / 2, width / 2))
                .add(residual(width / 2, width)));
        for (int s = 0; s < stacks; s++) {
            hourglasses.add(addChildBlock("hourglass" + s, hourglass(depth, width)));
            features.add(addChildBlock("features" + s, new SequentialBlock()
                    .add(residual(width, width))
                    .add(conv(width, 1, 1, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())));
            heads.add(addChildBlock("heatmaps" + s, conv(parts, 1, 1, 0)));
            if (s < stacks - 1) {
                mergeFeatures.add(addChildBlock("mergeFeatures" + s, conv(width, 1, 1, 0)));
                mergeHeatmaps.add(addChildBlock("mergeHeatmaps" + s, conv(width, 1, 1, 0)));
            }
        }
    }

    public int stacks() {
        return stacks;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = stem.forward(store, inputs, training).singletonOrThrow();
        NDList out = new NDList(stacks);
        for (int s = 0; s < stacks; s++) {
            NDArray y = hourglasses.get(s).forward(store, new NDList(x), training).singletonOrThrow();
            NDArray f = features.get(s).forward(store, new NDList(y), training).singletonOrThrow();
            NDArray heat = heads.get(s).forward(store, new NDList(f), training).singletonOrThrow();
            out.add(heat);
            if (s < stacks - 1) {
                x = x.add(mergeFeatures.get(s).forward(store, new NDList(f), training).singletonOrThrow())
                        .add(mergeHeatmaps.get(s).forward(store, new NDList(heat), training).singletonOrThrow());
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape features = stem.getOutputShapes(inputShapes)[0];
        Shape heat = heads.get(0).getOutputShapes(new Shape[] {features})[0];
        Shape[] shapes = new Shape[stacks];
        java.util.Arrays.fill(shapes, heat);
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        Shape[] x = stem.getOutputShapes(inputShapes);
        for (int s = 0; s < stacks; s++) {
            hourglasses.get(s).initialize(manager, dataType, x);
            features.get(s).initialize(manager, dataType, x);
            heads.get(s).initialize(manager, dataType, x);
            if (s < stacks - 1) {
                mergeFeatures.get(s).initialize(manager, dataType, x);
                mergeHeatmaps.get(s).initialize(manager, dataType, heads.get(s).getOutputShapes(x));
            }
        }
    }

    private static Block hourglass(int depth, int width) {
        SequentialBlock low = new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(residual(width, width))
                .add(depth > 1 ? hourglass(depth - 1, width) : residual(width, width))
                .add(residual(width, width))
                .add(new LambdaBlock(list -> new NDList(upsample(list.singletonOrThrow())), "upsample"));
        return new ParallelBlock(HourglassNetwork::sum, List.of(residual(width, width), low));
    }

    /**
     * Nearest-neighbour 2x upsampling of {@code (N, C, H, W)}: each cell repeated on both axes, as one broadcast and
     * one copy (repeating twice, once per axis, costs several times more).
     */
    static NDArray upsample(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, 2, w, 2)).reshape(n, c, 2 * h, 2 * w);
    }

    /** The pre-activation bottleneck residual module. */
    static Block residual(int in, int out) {
        SequentialBlock main = new SequentialBlock()
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(conv(out / 2, 1, 1, 0))
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(conv(out / 2, 3, 1, 1))
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(conv(out, 1, 1, 0));
        Block skip = in == out ? Blocks.identityBlock() : conv(out, 1, 1, 0);
        return new ParallelBlock(HourglassNetwork::sum, List.of(main, skip));
    }

    private static NDList sum(List<NDList> branches) {
        return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).build();
    }
}
