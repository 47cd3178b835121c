package io.framewise.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.detector.Detection;
import io.framewise.evaluator.core.CocoEvaluation;
import io.framewise.evaluator.core.EvaluationReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorLearnsTest {

    @TempDir
    Path dir;

    @Test
    void aShortCpuRunLearnsToFindShapes() throws Exception {
        Path train = Shapes.write(dir.resolve("train"), 192, 128, 1);
        Path held = Shapes.write(dir.resolve("held"), 48, 128, 2);
        Hyperparameters h = Hyperparameters.parse(Map.of("batchSize", "16", "learningRate", "0.003", "iterations", "360",
                "width", "32", "imageSize", "128", "logInterval", "40", "previewInterval", "0", "seed", "7", "snapshotAtEpochEnd", "false",
                "schedule", "polynomial"), DetectorTraining.FAMILY.modelSettings());
        List<Double> losses = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            DetectorTraining task = (DetectorTraining) DetectorTraining.FAMILY.open(new TaskSetup(h, new FolderData(train),
                    null, m));
            TrainingRun run = new TrainingRun(task, h, RunStorage.directory(dir.resolve("run")), new RunListener() {
                @Override
                public void progress(Progress p) {
                    if (p.losses().containsKey("total")) {
                        losses.add(p.losses().get("total"));
                    }
                }
            }, new RunControl(), dir.resolve("work"));
            TrainingRun.Result result = run.run(m);
            assertThat(result.outcome()).isEqualTo(TrainingRun.Outcome.COMPLETED);
            assertThat(result.iterations()).isEqualTo(360);

            Path detections = dir.resolve("detections.json");
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 48; i++) {
                BufferedImage image = ImageIO.read(held.getParent().resolve("images/" + i + ".png").toFile());
                for (Detection d : task.detector().predict(task.blocks().get("model"), m, List.of(image), 0.05f, 0.5, 20)
                        .get(0)) {
                    json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                            "{\"image_id\":%d,\"category_id\":%d,\"bbox\":[%.2f,%.2f,%.2f,%.2f],\"score\":%.4f}", i + 1,
                            d.category() + 1, d.x(), d.y(), d.width(), d.height(), d.score()));
                }
            }
            Files.writeString(detections, json.append("]").toString());
            EvaluationReport report = CocoEvaluation.evaluateFiles(held, detections, 0.5);
            System.out.printf(Locale.ROOT, "losses %s%nAP50 %.3f AP %.3f%n", losses, report.coco().ap50(), report.coco().ap());
            assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.5);
            assertThat(report.coco().ap50()).isGreaterThan(0.5);
        }
    }
}
