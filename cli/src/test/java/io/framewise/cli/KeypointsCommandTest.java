package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.trainer.bench.PoseScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pose family offline, as a user runs it: check the inputs, train a few iterations, export the checkpoint, predict
 * in the ground truth's boxes, evaluate with OKS; the sigmas and MARS tools; and their errors. How well a pose model
 * learns is PoseLearnsTest's business; this is the plumbing a user touches.
 */
class KeypointsCommandTest {

    @TempDir
    Path dir;

    @Test
    void checkTrainExportPredictEvaluate() throws Exception {
        Path coco = PoseScenes.write(dir.resolve("scenes"), 8, 96, 4);
        String[] model = {"--set", "imageSize=64", "--set", "depth=2", "--set", "features=16", "--set", "stacks=2",
            "--set", "sigmas=" + PoseScenes.SIGMAS};

        CliRun check = CliRun.of(concat(new String[] {"keypoints", "check", "--data", coco.toString(), "--out",
            dir.resolve("check").toString(), "--instances", "2", "--variants", "3"}, model));
        assertThat(check.exit()).as(check.err()).isZero();
        try (Stream<Path> strips = Files.list(dir.resolve("check"))) {
            assertThat(strips.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(2);
        }

        CliRun train = CliRun.of(concat(new String[] {"train-file", "--family", "stacked-hourglass", "--train",
            coco.toString(), "--out", dir.resolve("run").toString(), "--set", "iterations=4", "--set", "batchSize=4",
            "--set", "logInterval=1", "--set", "previewInterval=2", "--set", "snapshotAtEpochEnd=false"}, model));
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.json().path("outcome").asText()).isEqualTo("COMPLETED");
        Path checkpoint = dir.resolve("run/checkpoints/iter-00000004");
        assertThat(checkpoint.resolve("model.params")).exists();
        JsonNode spec = new ObjectMapper().readTree(checkpoint.resolve("model.json").toFile());
        assertThat(spec.path("family").asText()).isEqualTo("stacked-hourglass");
        assertThat(spec.path("settings").path("parts").asText()).isEqualTo("nose,left_ear,right_ear,tail");
        assertThat(spec.path("settings").path("flipPairs").asText()).isEqualTo("left_ear:right_ear");

        Path archive = dir.resolve("export/animal.zip");
        CliRun export = CliRun.of("keypoints", "export", checkpoint.toString(), "--out", archive.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.json().path("family").asText()).isEqualTo("stacked-hourglass");

        Path results = dir.resolve("results.json");
        CliRun predict = CliRun.of("keypoints", "predict", "--model", archive.toString(), "--gt", coco.toString(),
                "--out", results.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        JsonNode poses = new ObjectMapper().readTree(results.toFile());
        assertThat(poses).hasSize(8);
        assertThat(poses.get(0).path("keypoints")).hasSize(12);

        CliRun eval = CliRun.of("eval-file", "--keypoints", "--gt", coco.toString(), "--detections", results.toString(),
                "--sigmas", PoseScenes.SIGMAS);
        assertThat(eval.exit()).as(eval.err()).isZero();
        JsonNode report = eval.json();
        assertThat(report.path("AP").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.path("counts").path("groundTruthPoses").asInt()).isEqualTo(8);
    }

    @Test
    void sigmasAndMarsConversion() throws Exception {
        Path repeated = dir.resolve("repeated.json");
        Files.writeString(repeated, """
                {"categories": [{"id": 1, "name": "m", "keypoints": ["nose", "tail"]}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 1, "area": 100, "keypoints": [10, 10, 2, 50, 50, 2]},
                   {"id": 2, "image_id": 1, "category_id": 1, "area": 100, "keypoints": [12, 10, 2, 50, 54, 2]}]}""");
        CliRun sigmas = CliRun.of("keypoints", "sigmas", repeated.toString());
        assertThat(sigmas.exit()).as(sigmas.err()).isZero();
        // nose: clicks 2 px apart about their mean, each 1 px off: sqrt((1 + 1) / 100 / 2) = 0.1; tail 2 px off: 0.2
        assertThat(sigmas.out()).contains("--set sigmas=0.1000,0.2000");

        Path mars = dir.resolve("mars.json");
        Files.writeString(mars, """
                [{"filename": "f1.jpg", "width": 100, "height": 50,
                  "object": {"bbox": {"xmin": [0.1], "xmax": [0.5], "ymin": [0.2], "ymax": [0.6]},
                             "parts": {"x": [0.2, 0.4], "y": [0.3, 0.5], "v": [2, 2]}}}]""");
        Path coco = dir.resolve("coco.json");
        CliRun convert = CliRun.of("keypoints", "convert-mars", mars.toString(), "--parts", "nose,tail", "--out",
                coco.toString());
        assertThat(convert.exit()).as(convert.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(coco.toFile());
        assertThat(c.path("annotations").get(0).path("keypoints").toString()).isEqualTo("[20.0,15.0,2,40.0,25.0,2]");
        assertThat(c.path("categories").get(0).path("name").asText()).isEqualTo("mouse");

        CliRun wrong = CliRun.of("keypoints", "convert-mars", mars.toString(), "--parts", "nose", "--out",
                coco.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("2 parts per instance but 1 part names");
        CliRun noSigmas = CliRun.of("train-file", "--family", "stacked-hourglass", "--train", coco.toString(), "--out",
                dir.resolve("run").toString());
        assertThat(noSigmas.exit()).isEqualTo(1);
        assertThat(noSigmas.err()).contains("'sigmas' is required");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
