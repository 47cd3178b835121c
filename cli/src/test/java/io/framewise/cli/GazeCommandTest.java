package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.trainer.bench.GazeScenes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gaze family offline, as a user runs it: labelled frames converted to the VideoAttentionTarget layout and indexed;
 * a sweep of two batch sizes, every epoch evaluated and plotted; one checkpoint evaluated; and the errors.
 */
class GazeCommandTest {

    @TempDir
    Path dir;

    @Test
    void convertAndIndexLabelledFrames() throws Exception {
        Path frames = dir.resolve("frames/kitchen");
        Files.createDirectories(frames);
        for (int i = 1; i <= 3; i++) {
            ImageIO.write(new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB), "png",
                    frames.resolve("f" + i + ".png").toFile());
        }
        // One labelled frame stands for its setting.
        Files.writeString(frames.resolve("f1.json"), """
                {"imageWidth": 80, "imageHeight": 60, "shapes": [
                  {"label": "head", "shape_type": "rectangle", "points": [[10, 10], [20, 22]]},
                  {"label": "gaze", "shape_type": "point", "points": [[60, 40]]}]}""");
        Path root = dir.resolve("vat");
        CliRun convert = CliRun.of("gaze", "convert", dir.resolve("frames").toString(), "--out", root.toString(),
                "--show", "home");
        assertThat(convert.exit()).as(convert.err()).isZero();
        assertThat(convert.json().path("rows").asInt()).isEqualTo(3);

        Path index = dir.resolve("index/gaze.csv");
        CliRun indexed = CliRun.of("gaze", "index", root.toString(), "--out", index.toString());
        assertThat(indexed.exit()).as(indexed.err()).isZero();
        List<String> lines = Files.readAllLines(index);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y");
        assertThat(lines.get(1)).contains("10.00,10.00,20.00,22.00,60.00,40.00");
        // image paths are relative to the index's folder: train-file finds them without --images
        assertThat(index.getParent().resolve(lines.get(1).split(",")[1])).exists();

        CliRun missing = CliRun.of("gaze", "index", root.toString(), "--split", "test", "--out", index.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("test");
    }

    @Test
    void sweepEvaluatesEveryEpochOfEveryRunAndPlotsThem() throws Exception {
        Path train = GazeScenes.write(dir.resolve("train"), 4, 4, 96, 72, 0.3f, 1);
        Path validation = GazeScenes.write(dir.resolve("validation"), 2, 4, 96, 72, 0.3f, 2);
        Path out = dir.resolve("sweep");
        CliRun sweep = CliRun.of("gaze", "sweep", "--train", train.toString(), "--validation", validation.toString(),
                "--out", out.toString(), "--batch-sizes", "4,8", "--chunk-sizes", "2", "--set", "temporal=true",
                "--set", "width=8", "--set", "imageSize=64", "--set", "epochs=2", "--set", "previewInterval=0");
        assertThat(sweep.exit()).as(sweep.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertThat(summary.path("runs")).hasSize(2);
        for (JsonNode run : summary.path("runs")) {
            assertThat(run.path("epochs").size()).as(run.toString()).isEqualTo(2);
            JsonNode first = run.path("epochs").path("1");
            assertThat(first.path("auc").asDouble()).isBetween(0.0, 1.0);
            assertThat(first.path("distance").asDouble()).isBetween(0.0, Math.sqrt(2));
            assertThat(first.path("samples").asInt()).isEqualTo(8);
        }
        assertThat(ImageIO.read(out.resolve("sweep.png").toFile())).isNotNull();
        Path checkpoint;
        try (var checkpoints = Files.list(out.resolve("b4-c2/checkpoints"))) {
            checkpoint = checkpoints.sorted().reduce((a, b) -> b).orElseThrow();
        }

        CliRun evaluate = CliRun.of("gaze", "evaluate", "--model", checkpoint.toString(), "--data",
                validation.toString(), "--chunk-size", "2");
        assertThat(evaluate.exit()).as(evaluate.err()).isZero();
        assertThat(evaluate.json().path("samples").asInt()).isEqualTo(8);

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "frame,x\n1,2\n");
        CliRun wrong = CliRun.of("gaze", "evaluate", "--model", checkpoint.toString(), "--data", bad.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("is not a gaze index");
    }
}
