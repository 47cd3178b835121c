package io.framewise.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.model.gaze.LoadedGazeModel;
import io.framewise.common.model.keypoints.ModelArchive;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.model.gaze.GazeIndex;
import io.framewise.common.model.gaze.GazeIndexFormatException;
import io.framewise.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gaze branch without the store: a tiny untrained checkpoint on generated scenes, spatial and temporal, and its
 * errors. A Quarkus test only so that it shares the service tests' class loader: PyTorch's native library loads into
 * one class loader per JVM.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class GazeEvaluationTest {

    @TempDir
    Path dir;

    private Path checkpoint(boolean temporal) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(temporal ? "temporal" : "spatial"));
        for (Map.Entry<String, byte[]> e : GazeTestScenes.checkpoint(temporal, 7).entrySet()) {
            Files.write(folder.resolve(e.getKey()), e.getValue());
        }
        return folder;
    }

    private static GazeEvaluation.Frames frames(GazeTestScenes scenes, Map<String, Integer> reads) {
        Map<String, byte[]> bytes = new HashMap<>();
        scenes.frames.forEach(f -> bytes.put(f.path(), f.png()));
        return image -> {
            reads.merge(image, 1, Integer::sum);
            if (!bytes.containsKey(image)) {
                throw new ObjectNotFoundException("datasets", "gaze/" + image);
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.get(image)));
        };
    }

    private static List<GazeIndex.Row> rows(GazeTestScenes scenes) throws IOException {
        return GazeIndex.read(new ByteArrayInputStream(scenes.index.toString().getBytes(StandardCharsets.UTF_8)),
                "gaze/index.csv");
    }

    private static void assertInRange(Map<String, Double> m, GazeTestScenes scenes, int rows) {
        assertThat(m.get("samples")).isEqualTo(rows);
        assertThat(m.get("auc")).isBetween(0.0, 1.0);
        assertThat(m.get("distance")).isBetween(0.0, Math.sqrt(2));
        assertThat(m.get("inOutAP")).isBetween(0.0, 1.0);
        assertThat(m.get("inFrame")).isPositive().isLessThan(rows);
    }

    @Test
    void aSpatialCheckpointGivesEveryMetricForEveryRow() throws Exception {
        GazeTestScenes scenes = new GazeTestScenes(2, 5, 1);
        Map<String, Integer> reads = new HashMap<>();
        try (LoadedGazeModel model = LoadedGazeModel.load(checkpoint(false))) {
            assertThat(model.temporal()).isFalse();
            GazeEvaluation.Outcome out = GazeEvaluation.evaluate(model, rows(scenes), frames(scenes, reads), 1, 4,
                    "gaze/index.csv");
            assertInRange(out.metrics().values(), scenes, 10);
            assertThat(out.metrics().values().get("inFrame")).isEqualTo(scenes.inFrame);
            assertThat(out.found()).hasSize(10);
            assertThat(out.found().get(0).frameWidth()).isEqualTo(GazeTestScenes.WIDTH);
            assertThat(out.found().get(0).prediction().size()).isEqualTo(24);
            assertThat(reads.values()).allMatch(n -> n == 1);
        }
    }

    @Test
    void aTemporalCheckpointRunsChunksOfATrackAndLoadsFromAnArchive() throws Exception {
        GazeTestScenes scenes = new GazeTestScenes(2, 7, 2);
        Path zip = dir.resolve("gaze.zip");
        ModelArchive.export(checkpoint(true), zip);
        try (LoadedGazeModel model = LoadedGazeModel.load(zip)) {
            assertThat(model.temporal()).isTrue();
            // chunks of 3: 3 + 3 + 1 frames per track, every row predicted
            GazeEvaluation.Outcome out = GazeEvaluation.evaluate(model, rows(scenes), frames(scenes, new HashMap<>()), 3,
                    8, "gaze/index.csv");
            assertInRange(out.metrics().values(), scenes, 14);
            assertThat(out.found()).extracting(f -> f.row().image())
                    .containsExactlyElementsOf(scenes.frames.stream().map(GazeTestScenes.Frame::path).toList());
            // a chunk's first frame does not depend on the chunk's other frames
            var first = out.found().get(0).prediction();
            var alone = model.predictTrack(List.of(new LoadedGazeModel.Head(
                    ImageIO.read(new ByteArrayInputStream(scenes.frames.get(0).png())), out.found().get(0).row().box())), 1)
                    .get(0);
            assertThat(alone.inFrameLogit()).isCloseTo(first.inFrameLogit(), org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void aMissingImageOrAHeadOutsideItsFrameNamesTheLine() throws Exception {
        GazeTestScenes scenes = new GazeTestScenes(1, 3, 3);
        try (LoadedGazeModel model = LoadedGazeModel.load(checkpoint(false))) {
            String missing = scenes.index.toString().replace("images/t0-f01.png", "images/gone.png");
            List<GazeIndex.Row> rows = GazeIndex.read(new ByteArrayInputStream(
                    missing.getBytes(StandardCharsets.UTF_8)), "gaze/index.csv");
            assertThatThrownBy(() -> GazeEvaluation.evaluate(model, rows, frames(scenes, new HashMap<>()), 1, 4,
                    "gaze/index.csv")).isInstanceOf(IOException.class)
                    .hasMessageContaining("gaze/index.csv line 3").hasMessageContaining("'images/gone.png' is missing");
            String outside = "track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y\nt,images/t0-f00.png,200,10,220,30,5,5\n";
            List<GazeIndex.Row> far = GazeIndex.read(new ByteArrayInputStream(
                    outside.getBytes(StandardCharsets.UTF_8)), "gaze/index.csv");
            assertThatThrownBy(() -> GazeEvaluation.evaluate(model, far, frames(scenes, new HashMap<>()), 1, 4,
                    "gaze/index.csv")).isInstanceOf(GazeIndexFormatException.class)
                    .hasMessageContaining("line 2").hasMessageContaining("outside the 96x64 frame");
        }
    }

    @Test
    void aPictureShowsTheFrameWithItsMarks() {
        BufferedImage frame = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        BufferedImage in = GazeDrawing.draw(frame, new double[] {10, 10, 24, 26}, new double[] {80, 40},
                new double[] {0.5, 0.5}, 0.7);
        assertThat(in.getWidth()).isEqualTo(96);
        assertThat(in.getRGB(80, 40) & 0xffffff).isEqualTo(GazeDrawing.TRUTH.getRGB() & 0xffffff);
        assertThat(in.getRGB(48, 32) & 0xffffff).isEqualTo(GazeDrawing.PREDICTED.getRGB() & 0xffffff);
        BufferedImage out = GazeDrawing.draw(frame, new double[] {10, 10, 24, 26}, null, new double[] {0.5, 0.5}, 0.2);
        assertThat(out.getRGB(80, 40) & 0xffffff).isZero();
    }

    @Test
    void gazeRunsArePromotedOnAucByDefaultAndDistanceIsBetterLower() {
        assertThat(EvaluationService.promotionMetric("gaze-target", "AP50")).isEqualTo("auc");
        assertThat(EvaluationService.promotionMetric("gaze-target", null)).isEqualTo("auc");
        assertThat(EvaluationService.promotionMetric("gaze-target", "distance")).isEqualTo("distance");
        assertThat(EvaluationService.promotionMetric("one-stage-detector", "AP50")).isEqualTo("AP50");
        assertThat(RunRecords.lowerIsBetter("distance")).isTrue();
        assertThat(RunRecords.lowerIsBetter("auc")).isFalse();
    }
}
