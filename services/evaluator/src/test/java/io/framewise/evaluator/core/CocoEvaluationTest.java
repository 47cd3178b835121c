package io.framewise.evaluator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.evaluator.core.coco.CocoFormatException;
import io.framewise.evaluator.core.coco.CocoSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two images, two categories; image 2 has a small crowd region and a medium sheep. */
    private static final String GROUND_TRUTH = """
            {"info": {"description": "tiny"},
             "images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 25, 25], "area": 600, "iscrowd": 0,
                "segmentation": [[0, 0, 25, 0, 25, 25]]},
               {"id": 2, "image_id": 1, "category_id": 2, "bbox": [100, 100, 25, 25], "area": 600, "iscrowd": 0},
               {"id": 3, "image_id": 2, "category_id": 1, "bbox": [0, 0, 30, 30], "area": 900, "iscrowd": 1},
               {"id": 4, "image_id": 2, "category_id": 1, "bbox": [200, 200, 50, 50], "area": 2400, "iscrowd": 0}
             ],
             "categories": [{"id": 1, "name": "sheep"}, {"id": 2, "name": "dog"}, {"id": 3, "name": "cat"}]}
            """;

    private static final String DETECTIONS = """
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 25, 25], "score": 0.9},
             {"image_id": 1, "category_id": 2, "bbox": [100, 100, 25, 18], "score": 0.8},
             {"image_id": 2, "category_id": 1, "bbox": [0, 0, 25, 25], "score": 0.95},
             {"image_id": 2, "category_id": 1, "bbox": [200, 200, 50, 50], "score": 0.7}]
            """;

    @TempDir
    Path folder;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private EvaluationReport evaluate(String detections) throws IOException {
        return CocoEvaluation.evaluateFiles(write("gt.json", GROUND_TRUTH), write("dets.json", detections), 0.5);
    }

    @Test
    void evaluatesAFilePairIntoTheTwelveNumbersAndTheRest() throws IOException {
        EvaluationReport report = evaluate(DETECTIONS);

        // sheep: both hits, the detection on the crowd ignored -> AP 1; dog: its one detection has IoU 0.72,
        // a hit at the thresholds 0.50..0.70 (precision 1) and a miss above (precision 0) -> AP 0.5
        double dogAp = 0.5;
        assertThat(report.coco().ap()).isCloseTo((1 + dogAp) / 2, within(1e-12));
        assertThat(report.coco().ap50()).isCloseTo(1.0, within(1e-12));
        assertThat(report.coco().apLarge()).isEqualTo(-1.0);
        assertThat(report.voc().get("vocAP")).isCloseTo(1.0, within(1e-12));
        assertThat(report.perCategory().get(2)).containsEntry("name", "dog").containsEntry("groundTruth", 1L);
        assertThat((Double) report.perCategory().get(2).get("AP")).isCloseTo(dogAp, within(1e-12));
        assertThat(report.perCategory().get(3).get("AP")).isEqualTo(-1.0);
        assertThat(report.counts()).isEqualTo(new EvaluationCounts(2, 3, 4, 1, 4, 0, 0, 4));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void theJsonObjectStartsWithTheTwelveKeysAndWritesUndefinedValuesAsNull() throws IOException {
        JsonNode json = JSON.readTree(evaluate(DETECTIONS).toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.subList(0, 12)).isEqualTo(CocoSummary.KEYS);
        assertThat(keys.subList(12, keys.size())).containsExactly("iouThreshold", "vocAP", "voc07AP",
                "localization", "perCategory", "counts", "warnings");
        assertThat(json.get("APl").asDouble()).isEqualTo(-1.0);
        assertThat(json.get("perCategory").get("3").get("vocAP").isNull()).isTrue();
        assertThat(json.get("counts").get("detections").asInt()).isEqualTo(4);
    }

    @Test
    void detectionsOnImagesOutsideTheGroundTruthAreIgnoredAndCounted() throws IOException {
        String withStrangers = DETECTIONS.replace("]\n", """
                ,{"image_id": 99, "category_id": 1, "bbox": [0, 0, 25, 25], "score": 0.99},
                 {"image_id": 98, "category_id": 2, "bbox": [0, 0, 25, 25], "score": 0.99}]
                """);

        EvaluationReport clean = evaluate(DETECTIONS);
        EvaluationReport report = evaluate(withStrangers);

        assertThat(report.coco()).isEqualTo(clean.coco());
        assertThat(report.counts().detectionsOnUnknownImages()).isEqualTo(2);
        assertThat(report.warnings()).containsExactly(
                "2 detections on 2 images absent from the ground truth were ignored");
    }

    @Test
    void detectionsOfUndeclaredCategoriesAreIgnoredAndCounted() throws IOException {
        String withUnknown = DETECTIONS.replace("]\n", """
                ,{"image_id": 1, "category_id": 42, "bbox": [0, 0, 25, 25], "score": 0.99}]
                """);

        EvaluationReport report = evaluate(withUnknown);

        assertThat(report.coco()).isEqualTo(evaluate(DETECTIONS).coco());
        assertThat(report.counts().detectionsOfUnknownCategories()).isEqualTo(1);
        assertThat(report.localization().get("predictions")).isEqualTo(2.0);
        assertThat(report.warnings()).singleElement().asString().startsWith("1 detections of categories absent");
    }

    @Test
    void anEmptyResultsFileGivesZeroWhereThereAreObjects() throws IOException {
        EvaluationReport report = evaluate("[]");

        assertThat(report.coco().ap()).isZero();
        assertThat(report.coco().ar100()).isZero();
        assertThat(report.coco().apMedium()).isZero();
        assertThat(report.coco().apLarge()).isEqualTo(-1.0);
        assertThat(report.voc().get("vocAP")).isZero();
        assertThat(report.localization().get("recall")).isZero();
        assertThat(report.localization().get("precision")).isNaN();
        assertThat(JSON.readTree(report.toJson()).get("localization").get("precision").isNull()).isTrue();
    }

    @Test
    void aResultsFileThatIsNotAnArrayIsRefusedWithItsName() throws IOException {
        Path gt = write("gt.json", GROUND_TRUTH);
        Path dets = write("dets.json", "{\"annotations\": []}");

        assertThatThrownBy(() -> CocoEvaluation.evaluateFiles(gt, dets, 0.5))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("dets.json")
                .hasMessageContaining("line 1")
                .hasMessageContaining("a JSON array of results expected");
    }

    @Test
    void aResultWithoutScoreIsRefusedWithItsLine() throws IOException {
        Path gt = write("gt.json", GROUND_TRUTH);
        Path dets = write("dets.json", "[\n{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1]}\n]");

        assertThatThrownBy(() -> CocoEvaluation.evaluateFiles(gt, dets, 0.5))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("'score'");
    }

    @Test
    void aBoxWithThreeNumbersIsRefused() throws IOException {
        Path gt = write("gt.json", GROUND_TRUTH.replace("[200, 200, 50, 50]", "[200, 200, 50]"));
        Path dets = write("dets.json", DETECTIONS);

        assertThatThrownBy(() -> CocoEvaluation.evaluateFiles(gt, dets, 0.5))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("gt.json")
                .hasMessageContaining("'bbox' has 3 numbers");
    }

    @Test
    void annotationsOnUnlistedImagesAndWithoutAreaAreReported() throws IOException {
        String groundTruth = GROUND_TRUTH
                .replace("\"bbox\": [100, 100, 25, 25], \"area\": 600,", "\"bbox\": [100, 100, 25, 25],")
                .replace("\"image_id\": 2, \"category_id\": 1, \"bbox\": [200", "\"image_id\": 7, \"category_id\": 1, \"bbox\": [200");

        EvaluationReport report = CocoEvaluation.evaluateFiles(write("gt.json", groundTruth),
                write("dets.json", DETECTIONS), 0.5);

        assertThat(report.counts().groundTruthBoxes()).isEqualTo(3);
        assertThat(report.warnings()).contains(
                "1 ground-truth annotations have no 'area'; their box area was used",
                "1 ground-truth annotations on images missing from 'images' were ignored");
    }

    @Test
    void theIouOptionMovesVocAndLocalizationButNotCoco() throws IOException {
        Path gt = write("gt.json", GROUND_TRUTH);
        Path dets = write("dets.json", DETECTIONS);

        EvaluationReport loose = CocoEvaluation.evaluateFiles(gt, dets, 0.5);
        EvaluationReport strict = CocoEvaluation.evaluateFiles(gt, dets, 0.8);

        assertThat(strict.coco()).isEqualTo(loose.coco());
        assertThat(strict.iouThreshold()).isEqualTo(0.8);
        // at 0.8 the dog detection (IoU 0.72) misses, and the one on the crowd (IoU 625/900 = 0.69) is no
        // longer excused as "difficult": sheep AP 2/3 (a miss, then two hits), dog 0
        assertThat(strict.voc().get("vocAP")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(loose.voc().get("vocAP")).isCloseTo(1.0, within(1e-12));
    }
}
