package io.framewise.common.model.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackedHourglassTest {

    private static final KeypointSpec PARTS = new KeypointSpec(List.of("nose", "left_ear", "right_ear", "tail"),
            List.of(new KeypointSpec.Pair(1, 2)), new double[] {.08, .07, .07, .09},
            List.of(new KeypointSpec.Pair(0, 1), new KeypointSpec.Pair(0, 2), new KeypointSpec.Pair(1, 3)));

    @TempDir
    Path dir;

    private static ModelSpec spec() {
        return StackedHourglass.spec(Map.of("stacks", "2", "depth", "2", "features", "16", "imageSize", "64"), PARTS,
                "animal");
    }

    @Test
    void everyStackPredictsOneQuarterSizeHeatmapPerPart() {
        StackedHourglass model = new StackedHourglass(spec());
        try (NDManager m = NDManager.newBaseManager()) {
            HourglassNetwork net = model.initialize(m, 2);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 64, 64))),
                    false);
            assertThat(out).hasSize(2);
            for (NDArray heat : out) {
                assertThat(heat.getShape()).isEqualTo(new Shape(2, 4, 16, 16));
            }
            assertThat(net.getOutputShapes(new Shape[] {new Shape(2, 3, 64, 64)})).hasSize(2);
        }
    }

    @Test
    void upsamplingRepeatsEachCellTwiceOnBothAxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertThat(HourglassNetwork.upsample(x).toFloatArray())
                    .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        }
    }

    @Test
    void theKeypointSpecTravelsThroughModelSettings() {
        ModelSpec spec = ModelSpec.fromJson(spec().toJson());
        StackedHourglass model = new StackedHourglass(spec);
        assertThat(model.keypoints()).isEqualTo(PARTS);
        assertThat(model.heatmapSize()).isEqualTo(16);
        assertThat(KeypointSpec.pairsByName(List.of("Left paw", "nose", "Right paw", "l_eye", "r_eye", "leftear")))
                .containsExactly(new KeypointSpec.Pair(0, 2), new KeypointSpec.Pair(3, 4));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new StackedHourglass(StackedHourglass.spec(Map.of("imageSize", "100", "depth", "4"),
                PARTS, "animal"))).hasMessageContaining("'imageSize' must be a multiple of 4 x 2^depth = 64");
        assertThatThrownBy(() -> new StackedHourglass(StackedHourglass.spec(Map.of("stack", "2"), PARTS, "animal")))
                .hasMessageContaining("unknown model setting 'stack'");
        assertThatThrownBy(() -> new StackedHourglass(StackedHourglass.spec(Map.of("padFactor", "0.5"), PARTS, "a")))
                .hasMessageContaining("'padFactor' must be within [1, 4]");
        Map<String, String> settings = new java.util.HashMap<>(PARTS.toSettings());
        settings.put(KeypointSpec.SKELETON, "nose:whisker");
        assertThatThrownBy(() -> KeypointSpec.fromSettings(settings))
                .hasMessageContaining("'whisker' is not one of the parts");
    }

    @Test
    void anExportedArchiveLoadsAndPredictsLikeTheCheckpoint() throws Exception {
        Path checkpoint = dir.resolve("iter-10");
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("model.json"), spec().toJson());
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(
                checkpoint.resolve("model.params"))) {
            Weights.save(new StackedHourglass(spec()).initialize(m, 1), out);
        }
        Path zip = dir.resolve("export/animal-pose.zip");
        ModelArchive.export(checkpoint, zip);
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(30, 20, 50, 30);
        g.dispose();
        StackedHourglass.Query query = new StackedHourglass.Query(image, 30, 20, 50, 30);
        try (LoadedPoseModel fromFolder = LoadedPoseModel.load(checkpoint);
                Predictor fromZip = Predictor.load(zip)) {
            assertThat(fromZip).isInstanceOf(LoadedPoseModel.class);
            Detection a = fromFolder.predict(List.of(query)).get(0);
            Detection b = ((LoadedPoseModel) fromZip).predict(List.of(query)).get(0);
            assertThat(b.keypoints()).isEqualTo(a.keypoints()).hasSize(4);
            for (Keypoint k : a.keypoints()) {
                // maxima are searched inside the box, and answered inside it
                assertThat(k.x()).isBetween(30.0, 80.0);
                assertThat(k.y()).isBetween(20.0, 50.0);
            }
            List<List<Detection>> whole = fromZip.predict(List.of(image), 0f, 0.5, 1);
            assertThat(whole.get(0)).hasSize(1);
            assertThat(whole.get(0).get(0).width()).isEqualTo(120);
        }
        Path notZip = dir.resolve("model.zip");
        Files.writeString(notZip, "hello");
        assertThatThrownBy(() -> Predictor.load(notZip)).hasMessageContaining("not a model archive");
    }
}
