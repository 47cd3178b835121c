package io.framewise.evaluator.core.coco;

import static io.framewise.evaluator.core.Boxes.crowd;
import static io.framewise.evaluator.core.Boxes.detection;
import static io.framewise.evaluator.core.Boxes.image;
import static io.framewise.evaluator.core.Boxes.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.Detection;
import io.framewise.evaluator.core.box.ImageDetections;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. At the recall points 0, 0.01, ..., 1, a precision curve that stops at recall 0.5
 * contributes at the 51 points up to 0.5, hence the 51/101 below. A perfect AP is 1 - 2e-16, not 1:
 * pycocotools divides by {@code tp + fp + eps}, and so do we.
 */
class CocoEvaluatorTest {

    private static final double TOLERANCE = 1e-12;

    private static Metrics evaluate(List<ImageDetections> images) {
        CocoEvaluator evaluator = new CocoEvaluator();
        evaluator.process(images);
        return evaluator.evaluate();
    }

    @Test
    void twoObjectsOneExactAndOneLooseDetection() {
        // IoU 1 for the first detection, 450/625 = 0.72 for the second: a match at the five thresholds
        // 0.50..0.70, a false positive at 0.75..0.95 where recall stops at 0.5
        Metrics metrics = evaluate(List.of(image(1,
                List.of(object(1, 1, 0, 0, 25, 25), object(2, 1, 100, 100, 25, 25)),
                List.of(detection(1, 0, 0, 25, 25, 0.9), detection(1, 100, 100, 25, 18, 0.8)))));

        double strictThresholds = 51.0 / 101.0;
        assertThat(metrics.get("AP")).isCloseTo((5 + 5 * strictThresholds) / 10, within(TOLERANCE));
        assertThat(metrics.get("AP50")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(metrics.get("AP75")).isCloseTo(strictThresholds, within(TOLERANCE));
        assertThat(metrics.get("APs")).isEqualTo(metrics.get("AP"));
        assertThat(metrics.get("AR1")).isEqualTo(0.5);
        assertThat(metrics.get("AR10")).isEqualTo(0.75);
        assertThat(metrics.get("AR100")).isEqualTo(0.75);
        assertThat(metrics.get("ARs")).isEqualTo(0.75);
    }

    @Test
    void sizeRangesWithoutObjectsAreMinusOne() {
        Metrics metrics = evaluate(List.of(image(1,
                List.of(object(1, 1, 0, 0, 25, 25)), List.of(detection(1, 0, 0, 25, 25, 0.9)))));

        assertThat(metrics.get("APm")).isEqualTo(-1.0);
        assertThat(metrics.get("APl")).isEqualTo(-1.0);
        assertThat(metrics.get("ARm")).isEqualTo(-1.0);
        assertThat(metrics.get("ARl")).isEqualTo(-1.0);
        assertThat(metrics.get("APs")).isCloseTo(1.0, within(TOLERANCE));
    }

    @Test
    void aCrowdRegionAbsorbsDetectionsWithoutPenalty() {
        List<Detection> detections = List.of(
                detection(1, 10, 10, 20, 20, 0.95),
                detection(1, 40, 40, 20, 20, 0.92),
                detection(1, 200, 200, 50, 50, 0.90));

        Metrics withCrowd = evaluate(List.of(image(1,
                List.of(crowd(1, 1, 0, 0, 100, 100), object(2, 1, 200, 200, 50, 50)), detections)));
        Metrics withoutCrowd = evaluate(List.of(image(1,
                List.of(object(1, 1, 0, 0, 100, 100), object(2, 1, 200, 200, 50, 50)), detections)));

        assertThat(withCrowd.get("AP")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(withCrowd.get("AR100")).isEqualTo(1.0);
        // the two crowd detections become false positives ahead of the true one: precision 1/3 up to recall 0.5
        assertThat(withoutCrowd.get("AP")).isCloseTo(51.0 / 101.0 / 3, within(TOLERANCE));
        assertThat(withoutCrowd.get("AR100")).isEqualTo(0.5);
        assertThat(withoutCrowd.get("APl")).isZero();
    }

    @Test
    void equalScoresKeepTheirInputOrder() {
        var hitFirst = List.of(detection(1, 0, 0, 10, 10, 0.5), detection(1, 50, 50, 10, 10, 0.5));
        var missFirst = List.of(detection(1, 50, 50, 10, 10, 0.5), detection(1, 0, 0, 10, 10, 0.5));

        assertThat(evaluate(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)), hitFirst))).get("AP"))
                .isCloseTo(1.0, within(TOLERANCE));
        assertThat(evaluate(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)), missFirst))).get("AP"))
                .isCloseTo(0.5, within(TOLERANCE));
    }

    @Test
    void equalScoresOnDifferentImagesGoByAscendingImageIdWhateverTheProcessingOrder() {
        ImageDetections falsePositiveOnImage1 = image(1, List.of(), List.of(detection(1, 0, 0, 10, 10, 0.5)));
        ImageDetections hitOnImage2 = image(2, List.of(object(1, 1, 0, 0, 10, 10)),
                List.of(detection(1, 0, 0, 10, 10, 0.5)));

        assertThat(evaluate(List.of(hitOnImage2, falsePositiveOnImage1)).get("AP")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(evaluate(List.of(falsePositiveOnImage1, hitOnImage2)).get("AP")).isCloseTo(0.5, within(TOLERANCE));
    }

    @Test
    void onlyTheHundredBestDetectionsPerImageAndCategoryCount() {
        assertThat(evaluate(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)),
                falsePositivesThenHit(99)))).get("AR100")).isEqualTo(1.0);
        assertThat(evaluate(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)),
                falsePositivesThenHit(100)))).get("AR100")).isZero();
    }

    private static List<Detection> falsePositivesThenHit(int falsePositives) {
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < falsePositives; i++) {
            detections.add(detection(1, 500 + i, 500, 10, 10, 0.9));
        }
        detections.add(detection(1, 0, 0, 10, 10, 0.1));
        return detections;
    }

    @Test
    void noDetectionsGiveZeroWhereThereAreObjectsAndMinusOneElsewhere() {
        Metrics metrics = evaluate(List.of(image(1, List.of(object(1, 1, 0, 0, 25, 25)), List.of())));

        assertThat(metrics.get("AP")).isZero();
        assertThat(metrics.get("AR100")).isZero();
        assertThat(metrics.get("APs")).isZero();
        assertThat(metrics.get("APm")).isEqualTo(-1.0);
    }

    @Test
    void noGroundTruthAtAllGivesMinusOneEverywhere() {
        Metrics metrics = evaluate(List.of(image(1, List.of(), List.of(detection(1, 0, 0, 5, 5, 0.5)))));

        assertThat(metrics.values().values()).containsOnly(-1.0);
    }

    @Test
    void aDeclaredCategoryWithoutObjectsScoresMinusOneAndChangesNothingElse() {
        List<Category> categories = List.of(new Category(1, "sheep"), new Category(2, "dog"));
        ImageDetections base = image(1, List.of(object(1, 1, 0, 0, 25, 25)),
                List.of(detection(1, 0, 0, 25, 25, 0.9), detection(1, 60, 60, 25, 25, 0.95)));
        ImageDetections withDog = image(1, base.groundTruth(),
                List.of(detection(1, 0, 0, 25, 25, 0.9), detection(1, 60, 60, 25, 25, 0.95),
                        detection(2, 0, 0, 25, 25, 0.99)));

        CocoEvaluator evaluator = new CocoEvaluator(categories);
        evaluator.process(List.of(base));
        Metrics without = evaluator.evaluate();
        evaluator.reset();
        evaluator.process(List.of(withDog));
        Metrics with = evaluator.evaluate();

        assertThat(with.values()).isEqualTo(without.values());
        assertThat(with.perCategory().get(2).get("AP")).isEqualTo(-1.0);
        assertThat(with.perCategory().get(1).get("AP")).isEqualTo(without.get("AP"));
        assertThat(with.warnings()).singleElement().asString().contains("1 detections").contains("without ground-truth objects");
    }

    @Test
    void detectionsOfUndeclaredCategoriesAreIgnoredWithAWarning() {
        CocoEvaluator evaluator = new CocoEvaluator(List.of(new Category(1, "sheep")));
        evaluator.process(List.of(image(1, List.of(object(1, 1, 0, 0, 25, 25)),
                List.of(detection(1, 0, 0, 25, 25, 0.5), detection(7, 0, 0, 25, 25, 0.9)))));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("AP")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(metrics.perCategory()).containsOnlyKeys(1);
        assertThat(metrics.warnings()).singleElement().asString().startsWith("1 detections of categories absent");
    }

    @Test
    void aMatchWithAnnotationIdZeroCountsAsNoMatchAsInPycocotools() {
        // pycocotools stores the matched annotation's id and tests it for non-zero; verified against it
        Metrics metrics = evaluate(List.of(
                image(1, List.of(object(0, 1, 0, 0, 10, 10)), List.of(detection(1, 0, 0, 10, 10, 0.9))),
                image(2, List.of(object(5, 1, 0, 0, 10, 10)),
                        List.of(detection(1, 0, 0, 10, 10, 0.8), detection(1, 50, 50, 10, 10, 0.95)))));

        assertThat(metrics.get("AP")).isCloseTo(17.0 / 101.0, within(TOLERANCE));
        assertThat(metrics.get("AR100")).isEqualTo(0.5);
        assertThat(metrics.get("AR1")).isZero();
    }

    @Test
    void batchesAddUpAndResetForgets() {
        ImageDetections first = image(1, List.of(object(1, 1, 0, 0, 25, 25)), List.of(detection(1, 0, 0, 25, 25, 0.9)));
        ImageDetections second = image(2, List.of(object(2, 1, 0, 0, 25, 25)), List.of());
        CocoEvaluator evaluator = new CocoEvaluator();

        evaluator.process(List.of(first));
        evaluator.process(List.of(second));
        Metrics inTwoBatches = evaluator.evaluate();
        evaluator.reset();
        evaluator.process(List.of(first));
        Metrics afterReset = evaluator.evaluate();

        assertThat(inTwoBatches.values()).isEqualTo(evaluate(List.of(first, second)).values());
        assertThat(inTwoBatches.get("AR100")).isEqualTo(0.5);
        assertThat(afterReset.get("AR100")).isEqualTo(1.0);
    }

    @Test
    void thresholdsAreNumpysLinspaceValues() {
        CocoParams params = CocoParams.boundingBoxes();

        assertThat(params.iouThresholds()).hasSize(10);
        assertThat(params.iouIndex(0.5)).isZero();
        assertThat(params.iouIndex(0.75)).isEqualTo(5);
        assertThat(params.iouThresholds()[9]).isEqualTo(0.95);
        assertThat(params.recallThresholds()).hasSize(101);
        assertThat(params.recallThresholds()[50]).isEqualTo(0.5);
        // i * 0.01 is not always the nearest double to the decimal: numpy's values, not the literals
        assertThat(params.recallThresholds()[7]).isEqualTo(7 * 0.01);
    }
}
