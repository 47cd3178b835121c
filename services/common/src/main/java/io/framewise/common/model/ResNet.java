package io.framewise.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Locale;

/**
 * The ResNet backbones of He et al. (2016) as torchvision builds them, up to their stride-32 feature map (no
 * pooling, no classifier). ResNet-18 is the basic-block network (stages of 2, 2, 2, 2 blocks, about 11.2 M
 * parameters without the classifier); ResNet-50 the bottleneck one (3, 4, 6, 3). DJL's own {@code ResNetV1}
 * with 18 layers is a bottleneck network, a different model, hence this class.
 *
 * <p>{@code width} is the channel count of the first stage (64 in the paper). A smaller width keeps the same
 * topology at a fraction of the cost, which is what tests and CPU experiments use.
 */
public final class ResNet {

    /** The backbones a model can be built on. */
    public enum Depth {
        RESNET18(false, 2, 2, 2, 2), RESNET50(true, 3, 4, 6, 3);

        private final boolean bottleneck;
        private final int[] blocks;

        Depth(boolean bottleneck, int... blocks) {
            this.bottleneck = bottleneck;
            this.blocks = blocks;
        }

        /** Accepts {@code resnet18}, {@code resnet-18}, {@code 18} and the same for 50. */
        public static Depth parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            return switch (t) {
                case "resnet18", "18" -> RESNET18;
                case "resnet50", "50" -> RESNET50;
                default -> throw new IllegalArgumentException("unknown backbone '" + text + "': use resnet18 or resnet50");
            };
        }

        /** Channels of the stride-32 feature map for a given first-stage width. */
        public int outputChannels(int width) {
            return width * 8 * (bottleneck ? 4 : 1);
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ResNet() {
    }

    /** The stem and four stages: input {@code (N, 3, H, W)}, output {@code (N, C, H/32, W/32)}. */
    public static SequentialBlock backbone(Depth depth, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("backbone width must be at least 1, was " + width);
        }
        SequentialBlock net = new SequentialBlock();
        net.add(conv(width, 7, 2, 3)).add(batchNorm()).add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = width;
        for (int stage = 0; stage < 4; stage++) {
            int planes = width << stage;
            for (int b = 0; b < depth.blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                int out = depth.bottleneck ? planes * 4 : planes;
                net.add(depth.bottleneck ? bottleneck(planes, stride, in != out || stride != 1)
                        : basic(planes, stride, in != out || stride != 1));
                in = out;
            }
        }
        return net;
    }

    /**
     * How many leading children of a {@link #backbone} make up the layers up to and including {@code layer}:
     * {@code stem} (first convolution and pooling), {@code stage1} .. {@code stage4}.
     */
    public static int childrenUpTo(Depth depth, String layer) {
        String l = layer.trim().toLowerCase(Locale.ROOT);
        int children = 4;
        if (l.equals("stem")) {
            return children;
        }
        for (int stage = 1; stage <= 4; stage++) {
            children += depth.blocks[stage - 1];
            if (l.equals("stage" + stage)) {
                return children;
            }
        }
        throw new IllegalArgumentException("cannot freeze up to '" + layer + "': use stem, stage1, stage2, stage3 or stage4");
    }

    /** One more stage of two basic blocks at stride 2, as the LoANs localizer adds for large inputs. */
    public static Block extraStage(int channels) {
        return new SequentialBlock().add(basic(channels, 2, true)).add(basic(channels, 1, false));
    }

    private static Block basic(int planes, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(planes, 3, stride, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(planes, 3, 1, 1)).add(batchNorm());
        return residual(main, project ? projection(planes, stride) : Blocks.identityBlock());
    }

    private static Block bottleneck(int planes, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(planes, 1, 1, 0)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(planes, 3, stride, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(planes * 4, 1, 1, 0)).add(batchNorm());
        return residual(main, project ? projection(planes * 4, stride) : Blocks.identityBlock());
    }

    private static Block projection(int channels, int stride) {
        return new SequentialBlock().add(conv(channels, 1, stride, 0)).add(batchNorm());
    }

    private static Block residual(Block main, Block shortcut) {
        return new SequentialBlock()
                .add(new ParallelBlock(ResNet::sum, List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    private static NDList sum(List<NDList> branches) {
        NDArray a = branches.get(0).singletonOrThrow();
        return new NDList(a.add(branches.get(1).singletonOrThrow()));
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().build();
    }
}
