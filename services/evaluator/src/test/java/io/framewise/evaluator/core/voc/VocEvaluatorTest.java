package io.framewise.evaluator.core.voc;

import static io.framewise.evaluator.core.Boxes.crowd;
import static io.framewise.evaluator.core.Boxes.detection;
import static io.framewise.evaluator.core.Boxes.image;
import static io.framewise.evaluator.core.Boxes.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked example, category 1: three objects on two images; detections by score: hit, miss, hit, duplicate.
 * Recall 1/3, 1/3, 2/3, 2/3 and precision 1, 1/2, 2/3, 1/2.
 * <ul>
 *   <li>all points: 1/3 * 1 (recall 0 to 1/3) + 1/3 * 2/3 (1/3 to 2/3) + 1/3 * 0 = 5/9;</li>
 *   <li>11 points: precision 1 at recall 0, .1, .2, .3; 2/3 at .4, .5, .6; 0 at .7 to 1: (4 + 2) / 11 = 6/11.</li>
 * </ul>
 * Category 2: one object, one hit: 1 and 1.
 */
class VocEvaluatorTest {

    private static final double TOLERANCE = 1e-12;

    private static Metrics workedExample(double iou) {
        VocEvaluator evaluator = new VocEvaluator(iou);
        evaluator.process(List.of(
                image(1, List.of(object(1, 1, 0, 0, 10, 10), object(2, 1, 50, 50, 10, 10)),
                        List.of(detection(1, 0, 0, 10, 10, 0.9),
                                detection(1, 0, 0, 10, 9, 0.6),
                                detection(1, 80, 80, 10, 10, 0.8))),
                image(2, List.of(object(3, 1, 0, 0, 10, 10), object(4, 2, 30, 30, 10, 10)),
                        List.of(detection(1, 0, 0, 10, 10, 0.7),
                                detection(2, 30, 30, 10, 10, 0.5)))));
        return evaluator.evaluate();
    }

    @Test
    void allPointsAndElevenPointApOnAWorkedExample() {
        Metrics metrics = workedExample(0.5);

        assertThat(metrics.perCategory().get(1).get("vocAP")).isCloseTo(5.0 / 9, within(TOLERANCE));
        assertThat(metrics.perCategory().get(1).get("voc07AP")).isCloseTo(6.0 / 11, within(TOLERANCE));
        assertThat(metrics.perCategory().get(1).get("recall")).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(metrics.perCategory().get(1).get("precision")).isEqualTo(0.5);
        assertThat(metrics.perCategory().get(2).get("vocAP")).isEqualTo(1.0);
        assertThat(metrics.get("vocAP")).isCloseTo((5.0 / 9 + 1) / 2, within(TOLERANCE));
        assertThat(metrics.get("voc07AP")).isCloseTo((6.0 / 11 + 1) / 2, within(TOLERANCE));
    }

    @Test
    void aHitNeedsAnIouStrictlyAboveTheThreshold() {
        // the duplicate has IoU 0.9 with object 1; at threshold 0.9 it no longer even overlaps enough
        VocEvaluator evaluator = new VocEvaluator(0.9);
        evaluator.process(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)),
                List.of(detection(1, 0, 0, 10, 9, 0.6)))));

        assertThat(evaluator.evaluate().get("vocAP")).isZero();
    }

    @Test
    void detectionsOnACrowdCountAsNeitherHitNorMiss() {
        VocEvaluator evaluator = new VocEvaluator(0.5);
        evaluator.process(List.of(image(1,
                List.of(crowd(1, 1, 0, 0, 20, 20), object(2, 1, 50, 50, 10, 10)),
                List.of(detection(1, 0, 0, 20, 19, 0.9), detection(1, 50, 50, 10, 10, 0.8)))));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.get("vocAP")).isEqualTo(1.0);
        assertThat(metrics.perCategory().get(1).get("precision")).isEqualTo(1.0);
    }

    @Test
    void aCategoryWithoutObjectsIsNanAndLeftOutOfTheMean() {
        VocEvaluator evaluator = new VocEvaluator(0.5, List.of(new Category(1, "sheep"), new Category(2, "dog")));
        evaluator.process(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)),
                List.of(detection(1, 0, 0, 10, 10, 0.9), detection(2, 0, 0, 10, 10, 0.9)))));

        Metrics metrics = evaluator.evaluate();

        assertThat(metrics.perCategory().get(2).get("vocAP")).isNaN();
        assertThat(metrics.get("vocAP")).isEqualTo(1.0);
    }

    @Test
    void noDetectionsGiveZero() {
        VocEvaluator evaluator = new VocEvaluator(0.5);
        evaluator.process(List.of(image(1, List.of(object(1, 1, 0, 0, 10, 10)), List.of())));

        assertThat(evaluator.evaluate().get("vocAP")).isZero();
        assertThat(evaluator.evaluate().get("voc07AP")).isZero();
    }

    @Test
    void averagePrecisionFormulasOnACurve() {
        double[] recall = {0.2, 0.4, 0.4, 0.8};
        double[] precision = {1.0, 1.0, 0.6, 0.75};

        // envelope 1, 1, 0.75, 0.75: 0.2 + 0.2 + 0.4 * 0.75
        assertThat(VocAveragePrecision.allPoints(recall, precision, 4)).isCloseTo(0.7, within(TOLERANCE));
        // 1 at recall 0..0.4 (5 levels), 0.75 at 0.5..0.8 (4 levels), 0 at 0.9 and 1
        assertThat(VocAveragePrecision.elevenPoint(recall, precision, 4)).isCloseTo(8.0 / 11, within(TOLERANCE));
    }
}
