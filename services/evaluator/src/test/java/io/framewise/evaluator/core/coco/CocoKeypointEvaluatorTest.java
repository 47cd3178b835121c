package io.framewise.evaluator.core.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.ImagePoses;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed OKS cases on a two-part category (sigmas 0.1, so {@code vars = 0.04}) and on COCO persons.
 * A perfect AP is 1 - 2e-16 rather than 1, as in pycocotools (see {@link CocoEvaluatorTest}).
 */
class CocoKeypointEvaluatorTest {

    private static final double TOLERANCE = 1e-12;
    private static final double[] TWO_PART_SIGMAS = {0.1, 0.1};

    /** A regular pose with both parts labelled (v = 2) at the given points; its box spans them. */
    private static GroundTruthPose object(long id, double area, float x1, float y1, float x2, float y2) {
        return GroundTruthPose.of(id, 1, new float[] {x1, y1, 2, x2, y2, 2}, area,
                BoundingBox.ofCorners(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)));
    }

    /** A pose without labelled parts ({@code num_keypoints} 0), crowd or not, with its box. */
    private static GroundTruthPose unlabelled(long id, boolean crowd, double x, double y, double w, double h) {
        return new GroundTruthPose(id, 1, new float[6], w * h, new BoundingBox(x, y, w, h), crowd, 0);
    }

    private static PredictedPose pose(double score, float x1, float y1, float x2, float y2) {
        return PredictedPose.of(1, new float[] {x1, y1, x2, y2}, score);
    }

    private static ImagePoses image(long id, List<GroundTruthPose> truth, List<PredictedPose> predictions) {
        return new ImagePoses(id, truth, predictions);
    }

    private static Metrics evaluate(ImagePoses... images) {
        CocoKeypointEvaluator evaluator = new CocoKeypointEvaluator(Map.of(1, TWO_PART_SIGMAS));
        evaluator.process(List.of(images));
        return evaluator.evaluate();
    }

    @Test
    void reportsExactlyTheTenKeypointNumbers() {
        Metrics metrics = evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100)),
                List.of(pose(0.9, 0, 0, 100, 100))));

        assertThat(metrics.values()).containsOnlyKeys(CocoKeypointSummary.KEYS);
        assertThat(List.copyOf(metrics.values().keySet())).isEqualTo(CocoKeypointSummary.KEYS);
        assertThat(metrics.perCategory().get(1)).containsOnlyKeys("AP", "AP50", "AP75", "AR");
    }

    @Test
    void perfectPersonPosesScoreOne() {
        float[] gt = new float[51];
        float[] dt = new float[34];
        for (int i = 0; i < 17; i++) {
            gt[3 * i] = 10 + 7 * i;
            gt[3 * i + 1] = 200 - 5 * i;
            gt[3 * i + 2] = i % 2 + 1;
            dt[2 * i] = gt[3 * i];
            dt[2 * i + 1] = gt[3 * i + 1];
        }
        CocoKeypointEvaluator evaluator = new CocoKeypointEvaluator(Map.of(1, KeypointSpec.COCO_PERSON_SIGMAS));
        evaluator.process(List.of(
                image(1, List.of(GroundTruthPose.of(1, 1, gt, 5000, new BoundingBox(10, 120, 112, 80))),
                        List.of(PredictedPose.of(1, dt, 0.8))),
                image(2, List.of(GroundTruthPose.of(2, 1, gt, 20_000, new BoundingBox(10, 120, 112, 80))),
                        List.of(PredictedPose.of(1, dt, 0.7)))));

        Metrics metrics = evaluator.evaluate();

        for (String key : CocoKeypointSummary.KEYS) {
            assertThat(metrics.get(key)).as(key).isCloseTo(1.0, within(TOLERANCE));
        }
        assertThat(metrics.get("AR")).isEqualTo(1.0);
        assertThat(metrics.perCategory().get(1).get("AP")).isCloseTo(1.0, within(TOLERANCE));
    }

    @Test
    void anOksBetweenTwoThresholdsPassesExactlyTheLowerOnes() {
        // area 10000: part 1 exact (exp(0) = 1), part 2 off by (15, 20), d² = 625, e = 625 / 0.04 / 10000 / 2
        // = 0.78125; OKS = (1 + exp(-0.78125)) / 2 = 0.7289: a match at 0.50..0.70, not at 0.75..0.95
        double oks = (1 + Math.exp(-0.78125)) / 2;
        assertThat(oks).isBetween(0.70, 0.75);

        Metrics metrics = evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100)),
                List.of(pose(0.9, 0, 0, 115, 120))));

        assertThat(metrics.get("AP")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(metrics.get("AR")).isEqualTo(0.5);
        assertThat(metrics.get("AP50")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(metrics.get("AR50")).isEqualTo(1.0);
        assertThat(metrics.get("AP75")).isZero();
        assertThat(metrics.get("AR75")).isZero();
        // 10000 > 96²: a large object; no medium one
        assertThat(metrics.get("APl")).isEqualTo(metrics.get("AP"));
        assertThat(metrics.get("ARl")).isEqualTo(0.5);
    }

    @Test
    void rangesWithoutGroundTruthAreMinusOne() {
        Metrics metrics = evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100)),
                List.of(pose(0.9, 0, 0, 100, 100))));

        assertThat(metrics.get("APm")).isEqualTo(-1.0);
        assertThat(metrics.get("ARm")).isEqualTo(-1.0);
        assertThat(metrics.get("APl")).isCloseTo(1.0, within(TOLERANCE));
    }

    @Test
    void noGroundTruthAtAllGivesMinusOneEverywhere() {
        Metrics metrics = evaluate(image(1, List.of(), List.of(pose(0.9, 0, 0, 10, 10))));

        assertThat(metrics.values().values()).containsOnly(-1.0);
        assertThat(metrics.warnings()).singleElement().asString().contains("without ground-truth poses");
    }

    @Test
    void mediumAndLargeSplitByTheGroundTruthsArea() {
        // image 1: a medium object (area 2000) whose keypoints span a large extent (100 x 100), found exactly;
        // image 2: a large object (area 20000) missed by a detection of extent 1 x 1 (outside both ranges)
        Metrics metrics = evaluate(
                image(1, List.of(object(1, 2000, 0, 0, 100, 100)), List.of(pose(0.9, 0, 0, 100, 100))),
                image(2, List.of(object(2, 20_000, 0, 0, 150, 150)), List.of(pose(0.8, 1000, 1000, 1001, 1001))));

        // all: a hit then a false positive over two objects -> precision 1 up to recall 0.5
        assertThat(metrics.get("AP")).isCloseTo(51.0 / 101.0, within(TOLERANCE));
        assertThat(metrics.get("AR")).isEqualTo(0.5);
        // medium: the hit counts, the miss is ignored (unmatched and its area 1 outside the range)
        assertThat(metrics.get("APm")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(metrics.get("ARm")).isEqualTo(1.0);
        // large: the hit is on an object outside the range, so ignored, whatever its own extent; nothing found
        assertThat(metrics.get("APl")).isZero();
        assertThat(metrics.get("ARl")).isZero();
    }

    @Test
    void anUnmatchedDetectionCountsInTheRangeOfItsKeypointExtent() {
        // the miss now spans 50 x 50 = 2500, a medium area: a false positive in "medium" ahead of the hit
        Metrics metrics = evaluate(
                image(1, List.of(object(1, 2000, 0, 0, 100, 100)), List.of(pose(0.9, 0, 0, 100, 100))),
                image(2, List.of(object(2, 20_000, 0, 0, 150, 150)), List.of(pose(0.95, 1000, 1000, 1050, 1050))));

        assertThat(metrics.get("APm")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(metrics.get("ARm")).isEqualTo(1.0);
    }

    @Test
    void aGroundTruthWithoutKeypointsIsIgnoredAndADetectionOnItNeitherHelpsNorHurts() {
        GroundTruthPose person = object(1, 10_000, 0, 0, 100, 100);
        // no labelled part: OKS measures against the box enlarged to [x - w, x + 2w]; a detection inside scores 1
        GroundTruthPose unlabelled = unlabelled(2, false, 300, 300, 40, 40);
        PredictedPose onPerson = pose(0.9, 0, 0, 100, 100);
        PredictedPose onUnlabelled = pose(0.95, 290, 290, 350, 350);

        Metrics with = evaluate(image(1, List.of(person, unlabelled), List.of(onPerson, onUnlabelled)));
        Metrics withoutTheDetection = evaluate(image(1, List.of(person, unlabelled), List.of(onPerson)));
        Metrics withoutTheObject = evaluate(image(1, List.of(person), List.of(onPerson, onUnlabelled)));
        Metrics onlyOnTheIgnored = evaluate(image(1, List.of(person, unlabelled), List.of(onUnlabelled)));

        assertThat(with.get("AP")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(with.get("AR")).isEqualTo(1.0);
        assertThat(with.values()).isEqualTo(withoutTheDetection.values());
        // without the object to absorb it, the detection is a false positive ranked first
        assertThat(withoutTheObject.get("AP")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(onlyOnTheIgnored.get("AP")).isZero();
        assertThat(onlyOnTheIgnored.get("AR")).isZero();
    }

    @Test
    void aCrowdAbsorbsAnyNumberOfDetectionsAnIgnoredObjectOnlyOne() {
        GroundTruthPose person = object(1, 10_000, 0, 0, 100, 100);
        List<PredictedPose> detections = List.of(pose(0.95, 300, 300, 320, 320), pose(0.94, 310, 310, 330, 330),
                pose(0.9, 0, 0, 100, 100));

        Metrics crowd = evaluate(image(1, List.of(person, unlabelled(2, true, 300, 300, 40, 40)), detections));
        Metrics ignored = evaluate(image(1, List.of(person, unlabelled(2, false, 300, 300, 40, 40)), detections));

        assertThat(crowd.get("AP")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(crowd.get("AR")).isEqualTo(1.0);
        // the second detection finds the non-crowd object taken: a false positive ahead of the hit
        assertThat(ignored.get("AP")).isCloseTo(0.5, within(TOLERANCE));
        assertThat(ignored.get("AR")).isEqualTo(1.0);
    }

    @Test
    void onlyTheTwentyBestDetectionsPerImageCount() {
        assertThat(evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100)), falsePositivesThenHit(19)))
                .get("AR")).isEqualTo(1.0);
        assertThat(evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100)), falsePositivesThenHit(20)))
                .get("AR")).isZero();
    }

    private static List<PredictedPose> falsePositivesThenHit(int falsePositives) {
        List<PredictedPose> detections = new ArrayList<>();
        for (int i = 0; i < falsePositives; i++) {
            detections.add(pose(0.9, 500 + i, 500, 600 + i, 600));
        }
        detections.add(pose(0.1, 0, 0, 100, 100));
        return detections;
    }

    @Test
    void equalScoresKeepTheirInputOrder() {
        GroundTruthPose person = object(1, 10_000, 0, 0, 100, 100);
        PredictedPose hit = pose(0.5, 0, 0, 100, 100);
        PredictedPose miss = pose(0.5, 500, 500, 600, 600);

        assertThat(evaluate(image(1, List.of(person), List.of(hit, miss))).get("AP"))
                .isCloseTo(1.0, within(TOLERANCE));
        assertThat(evaluate(image(1, List.of(person), List.of(miss, hit))).get("AP"))
                .isCloseTo(0.5, within(TOLERANCE));
    }

    @Test
    void posesOfCategoriesWithoutSigmasAreLeftOutWithAWarning() {
        GroundTruthPose other = GroundTruthPose.of(9, 7, new float[] {0, 0, 2}, 100, new BoundingBox(0, 0, 1, 1));
        Metrics metrics = evaluate(image(1, List.of(object(1, 10_000, 0, 0, 100, 100), other),
                List.of(pose(0.9, 0, 0, 100, 100), PredictedPose.of(7, new float[] {0, 0}, 0.99))));

        assertThat(metrics.get("AP")).isCloseTo(1.0, within(TOLERANCE));
        assertThat(metrics.perCategory()).containsOnlyKeys(1);
        assertThat(metrics.warnings()).hasSize(2);
    }

    @Test
    void aPoseWithTheWrongNumberOfPartsIsRefused() {
        CocoKeypointEvaluator evaluator = new CocoKeypointEvaluator(Map.of(1, TWO_PART_SIGMAS));
        assertThatThrownBy(() -> evaluator.process(List.of(image(4, List.of(),
                List.of(PredictedPose.of(1, new float[] {0, 0, 1, 1, 2, 2}, 0.5))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 4")
                .hasMessageContaining("3 keypoints")
                .hasMessageContaining("2 OKS sigmas");
    }

    @Test
    void keypointParamsArePycocotools() {
        CocoParams params = CocoParams.keypoints();

        assertThat(params.maxDetections()).containsExactly(20);
        assertThat(params.areaLabels()).containsExactly("all", "medium", "large");
        assertThat(params.areaRanges()[0]).containsExactly(0, 1e10);
        assertThat(params.areaRanges()[1]).containsExactly(1024, 9216);
        assertThat(params.areaRanges()[2]).containsExactly(9216, 1e10);
        assertThat(params.iouThresholds()).isEqualTo(CocoParams.boundingBoxes().iouThresholds());
        assertThat(params.recallThresholds()).isEqualTo(CocoParams.boundingBoxes().recallThresholds());
    }

    @Test
    void theExtentAreaIsThatOfAllParts() {
        assertThat(PredictedPose.fromTriplets(1, new float[] {10, 20, 0.9f, 40, 5, 0.1f, 25, 30, 0}, 0.5).area())
                .isEqualTo(30.0 * 25.0);
    }
}
