package io.framewise.common.model.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.ModelSpec;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GazeModelTest {

    private static GazeModel model(boolean temporal) {
        return new GazeModel(new ModelSpec(GazeModel.FAMILY, Map.of("width", "8", "imageSize", "64", "temporal",
                Boolean.toString(temporal)), List.of(GazeModel.CATEGORY)));
    }

    @Test
    void theSpatialAndTemporalModelsGiveAHeatmapAndAnInFrameLogitPerFrame() {
        BufferedImage frame = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        for (boolean temporal : new boolean[] {false, true}) {
            GazeModel model = model(temporal);
            assertThat(model.heatmapSize()).isEqualTo(24);
            try (NDManager m = NDManager.newBaseManager()) {
                GazeNetwork net = model.initialize(m, 6);
                GazeModel.Input in = model.input(frame, new double[] {10, 5, 40, 35});
                GazeModel.Output out = model.run(net, m, Collections.nCopies(6, in), 3);
                assertThat(out.heatmaps()).hasNumberOfRows(6);
                assertThat(out.heatmaps()[0]).hasSize(24 * 24);
                assertThat(out.inFrameLogits()).hasSize(6);
                assertThat(net.getChildren().keys().stream().map(k -> k.replaceFirst("^\\d+", "")).toList())
                        .startsWith("scene", "head", "attention", "encoder");
            }
        }
    }

    @Test
    void theTransposedConvolutionSpreadsCellsWithZerosBetween() {
        try (NDManager m = NDManager.newBaseManager()) {
            var x = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(1, 1, 2, 2));
            assertThat(GazeNetwork.spreadWithZeros(x).toFloatArray()).containsExactly(1, 0, 2, 0, 0, 0, 3, 0, 4);
        }
    }

    @Test
    void theHeadMapMarksTheBoxAtTheInputSize() {
        GazeModel model = model(false);
        GazeModel.Input in = model.input(new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB),
                new double[] {32, 16, 64, 32});
        // x 32..64 of 128 -> columns 16..32 of 64; y 16..32 of 64 -> rows 16..32
        assertThat(in.headMap()[16 * 64 + 16]).isEqualTo(1f);
        assertThat(in.headMap()[31 * 64 + 31]).isEqualTo(1f);
        assertThat(in.headMap()[32 * 64 + 16]).isZero();
        assertThat(in.headMap()[16 * 64 + 15]).isZero();
        assertThatThrownBy(() -> model.input(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB),
                new double[] {20, 20, 30, 30})).hasMessageContaining("outside the 10x10 frame");
    }

    @Test
    void targetsPeakAtTheGazePointAndTheArgmaxReadsItBack() {
        GazeModel model = model(false);
        float[] target = model.target(0.25, 0.5);
        assertThat(GazeModel.argmax(target, 24)).containsExactly(0.25, 0.5);
        assertThatThrownBy(() -> new GazeModel(new ModelSpec(GazeModel.FAMILY, Map.of("imageSize", "100"),
                List.of("gaze")))).hasMessageContaining("multiple of 32");
    }
}
