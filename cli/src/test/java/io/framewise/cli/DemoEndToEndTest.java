package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job at a tiny scale, as a user runs it: {@code framewise demo} starts the embedded stack and the
 * six real services (child JVMs from services/{@literal *}/target/quarkus-app), drops generated videos and a
 * COCO set, and reports what the services produced.
 */
class DemoEndToEndTest {

    @Test
    void theDemoRunsTheWorkflowThroughTheServicesAndReportsEveryArtifact(@TempDir Path tmp) throws Exception {
        System.setProperty("framewise.home", Path.of("..").toAbsolutePath().normalize().toString());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Framewise.commandLine().execute("demo", "--data", tmp.resolve("demo").toString(),
                    "--videos", "2", "--seconds", "2", "--images", "24", "--train-iterations", "20", "--timeout", "300");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(exit).as(out).isZero();

        // Both videos became frames: 2 s at 25 fps each, 320x240 kept (under the 512 px limit).
        assertThat(out).contains("train/demo-skater/skater-1.mp4: 50 frames 320x240 -> datasets/frames/demo-skater/skater-1.mp4/")
                .contains("train/demo-skater/skater-2.mp4: 50 frames 320x240 -> datasets/frames/demo-skater/skater-2.mp4/")
                .contains("frames dataset")
                .contains("datasets/frames/demo-skater/  (100 JPEGs, a manifest.csv per video)");

        // The filter kept skater and ball, renumbered 1 and 2, dropped cone; keep-rarest keeps every ball.
        assertThat(out).contains("skater  id 1 -> 1").contains("ball    id 2 -> 2").contains("cone    id 3 -> dropped");
        Matcher ball = Pattern.compile("ball    id 2 -> 2, instances (\\d+) -> (\\d+)").matcher(out);
        assertThat(ball.find()).isTrue();
        assertThat(ball.group(2)).isEqualTo(ball.group(1));
        assertThat(out).contains("filtered COCO    datasets/demo/coco-skater-ball.json");
        assertThat(Files.exists(tmp.resolve("demo/samples/coco/instances.json"))).isTrue();

        // The trainer ran 20 iterations on the filtered set, checkpointing at 10 and 20.
        assertThat(out).containsPattern("iteration 20/20: loss \\d+\\.\\d+").contains("checkpoint at iteration 10: runs/")
                .contains("checkpoint at iteration 20: runs/").containsPattern("run demo-detector-\\S+ completed after 20 iterations")
                .containsPattern("training run +runs/demo-detector-\\S+/  \\(run.json, metrics.csv, 2 checkpoints");

        // The evaluator scored both checkpoints on the validation set and promoted the model at least once.
        assertThat(out).containsPattern("evaluated iteration 10 on the validation set: AP50 \\d\\.\\d{3}")
                .containsPattern("evaluated iteration 20 on the validation set: AP50 \\d\\.\\d{3}")
                .containsPattern("promoted demo-detector: iteration (10|20), AP50 \\d\\.\\d{3}")
                .containsPattern("evaluations +runs/demo-detector-\\S+/evaluations/  \\(2 records")
                .contains("promoted model   runs/_models/demo-detector/");

        // The video-annotator ran the promoted model on every frame of the test video.
        assertThat(out).containsPattern("annotated 50 frames at 25 fps with demo-detector \\(run demo-detector-\\S+\\); 50 detection messages")
                .contains("annotated video  annotated/demo/skater-test.mp4  (H.264");
    }
}
