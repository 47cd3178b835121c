package io.framewise.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class ResNetTest {

    @Test
    void resnet18HasTorchvisionsParameterCountAndStride32() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = ResNet.backbone(ResNet.Depth.RESNET18, 64);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 96, 64));
            // torchvision's resnet18 has 11,689,512 parameters, 513,000 of them in the classifier.
            assertThat(trainable(net)).isEqualTo(11_689_512L - 513_000L);
            Shape out = net.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 96, 64))), false)
                    .singletonOrThrow().getShape();
            assertThat(out).isEqualTo(new Shape(1, 512, 3, 2));
        }
    }

    @Test
    void resnet50HasTorchvisionsParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = ResNet.backbone(ResNet.Depth.RESNET50, 64);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            // torchvision's resnet50 has 25,557,032 parameters, 2,049,000 of them in the classifier.
            assertThat(trainable(net)).isEqualTo(25_557_032L - 2_049_000L);
        }
    }

    @Test
    void namesBackbonesClearly() {
        assertThat(ResNet.Depth.parse("ResNet-50")).isEqualTo(ResNet.Depth.RESNET50);
        assertThatThrownBy(() -> ResNet.Depth.parse("vgg16")).hasMessageContaining("resnet18 or resnet50");
    }

    private static long trainable(SequentialBlock net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}
