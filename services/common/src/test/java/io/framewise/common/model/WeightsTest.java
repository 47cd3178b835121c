package io.framewise.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.framewise.common.model.detector.OneStageDetector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsTest {

    private static OneStageDetector detector(String... categories) {
        return new OneStageDetector(new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"),
                List.of(categories)));
    }

    @Test
    void aSavedModelLoadsIntoAFreshOneAndComputesTheSame() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            SequentialBlock a = detector("a", "b").initialize(m, 2);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Weights.save(a, bytes);
            SequentialBlock b = detector("a", "b").initialize(m, 2);
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
            float[] before = b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            List<String> untouched = Weights.load(b, new ByteArrayInputStream(bytes.toByteArray()), m);

            float[] expected = a.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] actual = b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(untouched).isEmpty();
            assertThat(actual).containsExactly(expected);
            assertThat(before).isNotEqualTo(expected);
            assertThat(b.getParameters().get(0).getValue().getArray().hasGradient()).isTrue();
        }
    }

    @Test
    void anotherHeadLeavesOnlyTheHeadUntouched() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock a = detector("a", "b").initialize(m, 1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Weights.save(a, bytes);
            SequentialBlock b = detector("a", "b", "c").initialize(m, 1);
            List<String> untouched = Weights.load(b, new ByteArrayInputStream(bytes.toByteArray()), m);
            assertThat(untouched).hasSize(2).allMatch(name -> name.endsWith("weight") || name.endsWith("bias"));
        }
    }
}
