package io.framewise.evaluator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.evaluator.core.coco.CocoFormatException;
import io.framewise.evaluator.core.coco.CocoKeypointGroundTruth;
import io.framewise.evaluator.core.coco.CocoKeypointResults;
import io.framewise.evaluator.core.coco.CocoKeypointSummary;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeypointEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Image 1: a person (area 5000, all 17 parts labelled) and a crowd; image 2: nothing. */
    private static final String PERSONS = """
            {"images": [{"id": 1}, {"id": 2}],
             "categories": [{"id": 1, "name": "person", "supercategory": "person",
                             "keypoints": %s, "skeleton": [[16, 14], [14, 12], [1, 2]]}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "area": 5000, "iscrowd": 0,
                "num_keypoints": 17, "keypoints": %s},
               {"id": 2, "image_id": 1, "category_id": 1, "bbox": [300, 300, 50, 50], "area": 2500, "iscrowd": 1,
                "num_keypoints": 0, "keypoints": %s}
             ]}
            """.formatted(names(KeypointSpec.COCO_PERSON_PARTS), triplets(17, 2), zeros(51));

    /** A two-part category "stick" (not a COCO person) with one object of area 10000. */
    private static final String STICKS = """
            {"images": [{"id": 1}],
             "categories": [{"id": 3, "name": "stick", "keypoints": ["top", "bottom"], "skeleton": [[1, 2]]},
                            {"id": 4, "name": "stone"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 3, "bbox": [0, 0, 100, 100], "area": 10000,
                "keypoints": [0, 0, 2, 100, 100, 1]},
               {"id": 2, "image_id": 1, "category_id": 4, "bbox": [0, 0, 10, 10], "area": 100}
             ]}
            """;

    @TempDir
    Path folder;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private static String names(List<String> names) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        names.forEach(name -> joined.add("\"" + name + "\""));
        return joined.toString();
    }

    /** The person's parts: part i at (10 + 5i, 20 + 2i), with the given third value. */
    private static String triplets(int parts, double third) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < parts; i++) {
            joined.add((10 + 5 * i) + ", " + (20 + 2 * i) + ", " + third);
        }
        return joined.toString();
    }

    private static String zeros(int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add("0");
        }
        return values.toString();
    }

    @Test
    void perfectPersonsOnTheCrowdAndTheObjectGiveOne() throws IOException {
        // the two best-scored results lie inside the crowd's box: absorbed, they neither help nor hurt
        Path gt = write("gt.json", PERSONS);
        Path dets = write("dets.json", """
                [{"image_id": 1, "category_id": 1, "keypoints": %s, "score": 0.9},
                 {"image_id": 1, "category_id": 1, "keypoints": %s, "score": 0.95},
                 {"image_id": 1, "category_id": 1, "keypoints": %s, "score": 0.93}]
                """.formatted(triplets(17, 0.5), "[" + "310, 305, 1, ".repeat(16) + "310, 305, 1]",
                "[" + "320, 320, 1, ".repeat(16) + "320, 320, 1]"));

        KeypointEvaluationReport report = KeypointEvaluation.evaluateFiles(gt, dets, null);

        assertThat(report.summary().ap()).isCloseTo(1.0, within(1e-12));
        assertThat(report.summary().ar()).isEqualTo(1.0);
        // area 5000 is medium; nothing large
        assertThat(report.summary().apMedium()).isCloseTo(1.0, within(1e-12));
        assertThat(report.summary().apLarge()).isEqualTo(-1.0);
        assertThat(report.counts().groundTruthPoses()).isEqualTo(2);
        assertThat(report.counts().crowdPoses()).isEqualTo(1);
        assertThat(report.counts().detections()).isEqualTo(3);

        JsonNode json = JSON.readTree(report.toJson());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.subList(0, 10)).isEqualTo(CocoKeypointSummary.KEYS);
        assertThat(keys.subList(10, keys.size())).containsExactly("perCategory", "counts", "warnings");
        JsonNode person = json.path("perCategory").path("1");
        assertThat(person.path("name").asText()).isEqualTo("person");
        assertThat(person.path("groundTruth").asLong()).isEqualTo(2);
        assertThat(person.path("detections").asLong()).isEqualTo(3);
        assertThat(person.path("sigmas")).hasSize(17);
        assertThat(person.path("sigmas").get(0).asDouble()).isEqualTo(0.026);
        assertThat(json.path("APl").asDouble()).isEqualTo(-1.0);
    }

    @Test
    void theGroundTruthKeepsPartsSkeletonAndCountsLabelledPartsWithoutNumKeypoints() throws IOException {
        CocoKeypointGroundTruth gt = CocoKeypointGroundTruth.read(write("gt.json", STICKS));

        assertThat(gt.categories()).singleElement().satisfies(category -> {
            assertThat(category.parts()).containsExactly("top", "bottom");
            assertThat(category.skeleton()).containsExactly(new KeypointSpec.Pair(0, 1));
        });
        GroundTruthPose stick = gt.poses(1).get(0);
        assertThat(stick.numKeypoints()).isEqualTo(2);
        assertThat(gt.warnings()).anySatisfy(w -> assertThat(w).contains("4 'stone'"));
        assertThat(gt.warnings()).anySatisfy(w -> assertThat(w).startsWith("1 ground-truth annotations of categories"));
    }

    @Test
    void sticksNeedSigmasAndGivenSigmasAreUsed() throws IOException {
        Path gt = write("gt.json", STICKS);
        // the bottom part off by (15, 20): OKS = (1 + exp(-0.78125)) / 2 = 0.729, a match at 0.50..0.70
        Path dets = write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 115, 120, 1], "score": 0.9}]""");

        assertThatThrownBy(() -> KeypointEvaluation.evaluateFiles(gt, dets, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category 3 'stick'")
                .hasMessageContaining("--sigmas");
        assertThatThrownBy(() -> KeypointEvaluation.evaluateFiles(gt, dets, new double[] {0.1, 0.1, 0.1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 OKS sigmas given")
                .hasMessageContaining("2 keypoints");

        KeypointEvaluationReport report = KeypointEvaluation.evaluateFiles(gt, dets, new double[] {0.1, 0.1});

        assertThat(report.summary().ap()).isCloseTo(0.5, within(1e-12));
        assertThat(report.summary().ar()).isEqualTo(0.5);
        assertThat(report.summary().ar50()).isEqualTo(1.0);
        assertThat(report.summary().ar75()).isZero();
        assertThat(report.toMap().get("perCategory").toString()).contains("sigmas");
    }

    @Test
    void theFirstResultsBoxDecidesWhereAreasComeFrom() throws IOException {
        CocoKeypointGroundTruth gt = CocoKeypointGroundTruth.read(write("gt.json", STICKS));

        CocoKeypointResults withBoxes = CocoKeypointResults.read(write("a.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 10, 10, 1], "score": 0.9,
                  "bbox": [0, 0, 40, 50]}]"""), gt);
        CocoKeypointResults withoutBoxes = CocoKeypointResults.read(write("b.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 10, 10, 1], "score": 0.9}]"""), gt);

        assertThat(withBoxes.poses(1).get(0).area()).isEqualTo(2000.0);
        assertThat(withoutBoxes.poses(1).get(0).area()).isEqualTo(100.0);
        assertThatThrownBy(() -> CocoKeypointResults.read(write("c.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 10, 10, 1], "score": 0.9, "bbox": [0, 0, 4, 5]},
                 {"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 10, 10, 1], "score": 0.8}]"""), gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("result 1")
                .hasMessageContaining("no 'bbox'");
    }

    @Test
    void resultsOfOtherCategoriesAreCountedAndIgnored() throws IOException {
        Path gt = write("gt.json", STICKS);
        Path dets = write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1], "score": 0.9},
                 {"image_id": 1, "category_id": 4, "keypoints": [0, 0, 1], "score": 0.99}]""");

        KeypointEvaluationReport report = KeypointEvaluation.evaluateFiles(gt, dets, new double[] {0.1, 0.1});

        assertThat(report.summary().ap()).isCloseTo(1.0, within(1e-12));
        assertThat(report.counts().detectionsOfUnknownCategories()).isEqualTo(1);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("1 results of categories"));
    }

    @Test
    void aGroundTruthKeypointArrayOfBrokenTripletsIsRefused() throws IOException {
        Path gt = write("gt.json", STICKS.replace("[0, 0, 2, 100, 100, 1]", "[0, 0, 2, 100, 100]"));

        assertThatThrownBy(() -> CocoKeypointGroundTruth.read(gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("gt.json")
                .hasMessageContaining("'keypoints' has 5 numbers, not a whole number of x, y, v triplets");
    }

    @Test
    void aGroundTruthPoseWithTheWrongPartCountIsRefusedWithItsAnnotation() throws IOException {
        Path gt = write("gt.json", STICKS.replace("[0, 0, 2, 100, 100, 1]", "[0, 0, 2, 100, 100, 1, 5, 5, 1]"));

        assertThatThrownBy(() -> CocoKeypointGroundTruth.read(gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("gt.json")
                .hasMessageContaining("annotation 0")
                .hasMessageContaining("id 1")
                .hasMessageContaining("3 x, y, v triplets, but category 3 'stick' has 2 parts");
    }

    @Test
    void aGroundTruthWithoutKeypointCategoriesIsRefused() throws IOException {
        Path gt = write("gt.json", """
                {"images": [{"id": 1}], "annotations": [], "categories": [{"id": 1, "name": "sheep"}]}""");

        assertThatThrownBy(() -> CocoKeypointGroundTruth.read(gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("no category declares 'keypoints'");
    }

    @Test
    void aSkeletonBoneOutsideTheParts() throws IOException {
        Path gt = write("gt.json", STICKS.replace("\"skeleton\": [[1, 2]]", "\"skeleton\": [[1, 3]]"));

        assertThatThrownBy(() -> CocoKeypointGroundTruth.read(gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("refers to part 3, but the parts are 1..2");
    }

    @Test
    void aResultOnAnUnknownImageIsRefusedWithItsIndex() throws IOException {
        CocoKeypointGroundTruth gt = CocoKeypointGroundTruth.read(write("gt.json", STICKS));

        assertThatThrownBy(() -> CocoKeypointResults.read(write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1], "score": 0.9},
                 {"image_id": 42, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1], "score": 0.9}]"""), gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("dets.json")
                .hasMessageContaining("result 1")
                .hasMessageContaining("image_id 42");
    }

    @Test
    void aResultWithTheWrongKeypointCountIsRefusedWithItsIndex() throws IOException {
        CocoKeypointGroundTruth gt = CocoKeypointGroundTruth.read(write("gt.json", STICKS));

        assertThatThrownBy(() -> CocoKeypointResults.read(write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1], "score": 0.9},
                 {"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1], "score": 0.8},
                 {"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1], "score": 0.7}]"""), gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("dets.json")
                .hasMessageContaining("result 2")
                .hasMessageContaining("1 keypoints, but category 3 'stick' has 2");
        assertThatThrownBy(() -> CocoKeypointResults.read(write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100], "score": 0.9}]"""), gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("result 0")
                .hasMessageContaining("not a whole number of x, y, score triplets");
        assertThatThrownBy(() -> CocoKeypointResults.read(write("dets.json", """
                [{"image_id": 1, "category_id": 3, "keypoints": [0, 0, 1, 100, 100, 1]}]"""), gt))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("'score'");
    }
}
