package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.cli.demo.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewise train-file}: a short offline run, resuming it, the range test, and its errors. */
class TrainFileCommandTest {

    @TempDir
    Path dir;
    Path coco;

    @BeforeEach
    void data() throws Exception {
        coco = SampleData.cocoSet(dir.resolve("coco"), 12, 3);
    }

    private static final String[] TINY = {"--set", "width=8", "--set", "imageSize=96x64", "--set", "batchSize=4",
        "--set", "logInterval=1", "--set", "previewInterval=2", "--set", "snapshotAtEpochEnd=false"};

    private String[] args(String... more) {
        String[] base = {"train-file", "--train", coco.toString(), "--images", coco.resolveSibling("images").toString(),
            "--out", dir.resolve("run").toString()};
        String[] all = new String[base.length + TINY.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(TINY, 0, all, base.length, TINY.length);
        System.arraycopy(more, 0, all, base.length + TINY.length, more.length);
        return all;
    }

    @Test
    void trainsIntoARunFolderAndResumes() throws Exception {
        CliRun first = CliRun.of(args("--set", "iterations=4", "--set", "snapshotInterval=2"));
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode summary = first.json();
        assertThat(summary.path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(summary.path("iterations").asInt()).isEqualTo(4);
        Path run = dir.resolve("run");
        assertThat(run.resolve("checkpoints/iter-00000004/model.params")).exists();
        assertThat(run.resolve("checkpoints/iter-00000002/_complete")).exists();
        assertThat(run.resolve("bboxes/iter-00000002.jpg")).exists();
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(5);

        CliRun more = CliRun.of(args("--set", "iterations=6", "--set", "snapshotInterval=2", "--resume"));
        assertThat(more.exit()).as(more.err()).isZero();
        assertThat(more.json().path("iterations").asInt()).isEqualTo(6);
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(metrics).hasSize(7);
        assertThat(metrics.get(6)).startsWith("6,");
    }

    @Test
    void findsALearningRate() throws Exception {
        CliRun r = CliRun.of(args("--find-lr", "--lr-min", "1e-5", "--lr-max", "1", "--lr-steps", "12"));
        assertThat(r.exit()).as(r.err()).isZero();
        double suggested = r.json().path("suggestedLearningRate").asDouble();
        assertThat(suggested).isBetween(1e-5, 1.0);
        assertThat(dir.resolve("run/lr-find.png")).exists();
        assertThat(Files.readAllLines(dir.resolve("run/lr-find.csv")).get(0)).isEqualTo("learning_rate,loss,smoothed_loss");
    }

    @Test
    void wrongSettingsAreExplained() {
        CliRun r = CliRun.of(args("--set", "epochz=3"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown hyperparameter 'epochz'");
        CliRun gpu = CliRun.of(args("--set", "device=gpu"));
        assertThat(gpu.exit()).isEqualTo(1);
        assertThat(gpu.err()).contains("libtorch sees 0 GPU");
        CliRun resume = CliRun.of(args("--resume", "--set", "iterations=1"));
        assertThat(resume.exit()).isEqualTo(1);
        assertThat(resume.err()).contains("has no complete checkpoint");
    }
}
