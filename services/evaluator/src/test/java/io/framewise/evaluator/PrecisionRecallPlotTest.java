package io.framewise.evaluator;

import static io.framewise.evaluator.core.Boxes.detection;
import static io.framewise.evaluator.core.Boxes.image;
import static io.framewise.evaluator.core.Boxes.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.ImageDetections;
import io.framewise.evaluator.core.coco.CocoAccumulation;
import io.framewise.evaluator.core.coco.CocoEvaluator;
import io.framewise.evaluator.core.coco.CocoKeypointEvaluator;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.ImagePoses;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecisionRecallPlotTest {

    private static CocoAccumulation boxes(ImageDetections image) {
        CocoEvaluator evaluator = new CocoEvaluator();
        evaluator.process(List.of(image));
        return evaluator.accumulate();
    }

    /** Pixels of the mean curve's colour in rows [from, to) of the plot area (left of the legend). */
    private static int meanCurvePixels(BufferedImage image, int from, int to) {
        int rgb = PrecisionRecallPlot.MEAN.getRGB();
        int n = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < 492; x++) {
                if (image.getRGB(x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aPerfectCurveRunsAlongTheTopAPoorOneHalfWayDown() {
        // perfect: precision 1 at every recall; poor: a false positive first, so precision 1/2 everywhere
        CocoAccumulation perfect = boxes(image(1, List.of(object(1, 1, 0, 0, 20, 20)),
                List.of(detection(1, 0, 0, 20, 20, 0.9))));
        CocoAccumulation poor = boxes(image(1, List.of(object(1, 1, 0, 0, 20, 20)),
                List.of(detection(1, 200, 200, 20, 20, 0.95), detection(1, 0, 0, 20, 20, 0.9))));

        int[] all = new int[10];
        for (int t = 0; t < all.length; t++) {
            all[t] = t;
        }
        for (double p : PrecisionRecallPlot.meanPrecision(perfect, all, 0, 2)) {
            assertThat(p).isCloseTo(1, within(1e-12));
        }
        for (double p : PrecisionRecallPlot.meanPrecision(poor, all, 0, 2)) {
            assertThat(p).isCloseTo(0.5, within(1e-12));
        }

        BufferedImage top = PrecisionRecallPlot.draw("perfect", perfect);
        BufferedImage half = PrecisionRecallPlot.draw("poor", poor);

        // the plot spans rows 40..470: precision 1 at row 40, 0.5 at row 255
        assertThat(meanCurvePixels(top, 36, 46)).isGreaterThan(300);
        assertThat(meanCurvePixels(half, 36, 46)).isZero();
        assertThat(meanCurvePixels(half, 250, 260)).isGreaterThan(300);
        assertThat(meanCurvePixels(top, 250, 260)).isZero();
    }

    @Test
    void aRangeWithoutGroundTruthDrawsNoCurve() {
        BufferedImage empty = PrecisionRecallPlot.draw("none", boxes(image(1, List.of(), List.of())));

        assertThat(meanCurvePixels(empty, 36, 470)).isZero();
    }

    @Test
    void drawsKeypointAccumulationsToo() {
        CocoKeypointEvaluator evaluator = new CocoKeypointEvaluator(Map.of(1, new double[] {0.1}));
        evaluator.process(List.of(new ImagePoses(1,
                List.of(GroundTruthPose.of(1, 1, new float[] {5, 5, 2}, 400, new BoundingBox(0, 0, 20, 20))),
                List.of(PredictedPose.of(1, new float[] {5, 5}, 0.9)))));

        BufferedImage image = PrecisionRecallPlot.draw("keypoints", evaluator.accumulate());

        assertThat(meanCurvePixels(image, 36, 46)).isGreaterThan(300);
        assertThat(new Color(image.getRGB(5, 5))).isEqualTo(Color.WHITE);
    }
}
