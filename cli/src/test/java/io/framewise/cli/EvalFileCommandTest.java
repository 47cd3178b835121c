package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewise eval-file}: boxes as before, keypoints with {@code --keypoints} and {@code --sigmas}. */
class EvalFileCommandTest {

    /** One image with one two-part "stick" of area 10000 (also a box, for the box evaluation). */
    private static final String STICKS = """
            {"images": [{"id": 1}],
             "categories": [{"id": 1, "name": "stick", "keypoints": ["top", "bottom"], "skeleton": [[1, 2]]}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "area": 10000,
                              "iscrowd": 0, "num_keypoints": 2, "keypoints": [0, 0, 2, 100, 100, 2]}]}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void boxesAreEvaluatedAsBefore() throws Exception {
        Path gt = write("gt.json", STICKS);
        Path dets = write("dets.json", """
                [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "score": 0.9}]""");

        CliRun run = CliRun.of("eval-file", "--gt", gt.toString(), "--detections", dets.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.path("AR100").asDouble()).isEqualTo(1.0);
        assertThat(json.has("vocAP")).isTrue();
    }

    @Test
    void keypointsWithSigmas() throws Exception {
        Path gt = write("gt.json", STICKS);
        // the bottom part off by (15, 20): OKS = (1 + exp(-0.78125)) / 2 = 0.729, a match at 0.50..0.70
        Path dets = write("kps.json", """
                [{"image_id": 1, "category_id": 1, "keypoints": [0, 0, 1, 115, 120, 1], "score": 0.9}]""");

        CliRun run = CliRun.of("eval-file", "--keypoints", "--sigmas", "0.1,0.1", "--gt", gt.toString(),
                "--detections", dets.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.path("AP").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(json.path("AR").asDouble()).isEqualTo(0.5);
        assertThat(json.path("AR50").asDouble()).isEqualTo(1.0);
        assertThat(json.path("APm").asDouble()).isEqualTo(-1.0);
        assertThat(json.path("perCategory").path("1").path("sigmas").toString()).isEqualTo("[0.1,0.1]");
    }

    @Test
    void keypointsOfAnotherSpeciesThanPersonsNeedSigmas() throws Exception {
        Path gt = write("gt.json", STICKS);
        Path dets = write("kps.json", "[]");

        CliRun run = CliRun.of("eval-file", "--keypoints", "--gt", gt.toString(), "--detections", dets.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("framewise eval-file").contains("--sigmas");
    }

    @Test
    void sigmasWithoutKeypointsAreRefused() throws Exception {
        Path gt = write("gt.json", STICKS);
        Path dets = write("dets.json", "[]");

        CliRun run = CliRun.of("eval-file", "--sigmas", "0.1,0.1", "--gt", gt.toString(), "--detections",
                dets.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--keypoints");
    }
}
