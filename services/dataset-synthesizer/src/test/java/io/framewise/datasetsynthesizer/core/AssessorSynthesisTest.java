package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AssessorSynthesisTest {

    private static final int SAMPLES = 400;
    private static Fixtures.CollectingSink zoomRun;
    private static SynthesisSummary zoomSummary;

    @BeforeAll
    static void runZoomMode() {
        zoomRun = new Fixtures.CollectingSink();
        zoomSummary = AssessorSynthesis.run(Fixtures.inputs(), Fixtures.zoom(SAMPLES, 7), 2, zoomRun, 0);
    }

    @Test
    void everyLabelIsTheIouOfTheRecordedCropAndPasteBoxes() {
        assertThat(zoomRun.samples).isNotEmpty().allSatisfy(s ->
                assertThat(s.crop().iou(s.paste())).isEqualTo(s.iou()));
        assertThat(zoomRun.samples).allSatisfy(s -> assertThat(s.iou()).isBetween(0.0, 1.0));
    }

    @Test
    void recordedBoxesLieInsideTheImageAndSamplesHaveTheOutputSize() {
        assertThat(zoomRun.samples).allSatisfy(s -> {
            assertThat(inside(s.paste(), 64, 48)).as("paste %s", s.paste()).isTrue();
            assertThat(inside(s.crop(), 64, 48)).as("crop %s", s.crop()).isTrue();
            assertThat(s.image().size()).isEqualTo(new Size(32, 24));
        });
    }

    @Test
    void iouBucketSamplesHaveLabelsInsideTheirBucket() {
        List<Sample> bucketed = zoomRun.samples.stream().filter(s -> s.cropKind() == CropKind.IOU_BUCKET).toList();
        assertThat(bucketed).isNotEmpty().allSatisfy(s ->
                assertThat(s.iou()).isGreaterThan(s.targetIou() - 0.05).isLessThanOrEqualTo(s.targetIou()));
    }

    @Test
    void bucketHistogramIsFlatUpToSkippedSamples() {
        // Targets are cycled one per IoU-bucket sample (the source's global counter), so drawn targets differ
        // by at most one between buckets; only skipped samples can unbalance the produced ones.
        int[] histogram = zoomSummary.bucketHistogram();
        int spread = Arrays.stream(histogram).max().orElseThrow() - Arrays.stream(histogram).min().orElseThrow();
        assertThat(spread).isLessThanOrEqualTo(1 + zoomSummary.skipped());
        assertThat(zoomSummary.skipped()).isLessThan(SAMPLES / 20);
        assertThat(zoomSummary.samples() + zoomSummary.skipped()).isEqualTo(SAMPLES);
        assertThat(zoomSummary.samples()).isEqualTo(zoomRun.samples.size());
    }

    @Test
    void theSourceLowIouRuleStarvesTheTwoLowestBuckets() {
        // Documents why LowIouRule.REACHABLE is the default: the source's 9x crops rarely land in 0.15..0.25.
        SynthesisSummary source = AssessorSynthesis.run(Fixtures.inputs(),
                Fixtures.zoom(SAMPLES, 7).withLowIouRule(LowIouRule.SOURCE), 2, new Fixtures.CollectingSink(), 0);
        int[] histogram = source.bucketHistogram();
        assertThat(histogram[0] + histogram[1]).isLessThan(histogram[2] + histogram[3]);
        assertThat(source.skipped()).isGreaterThan(zoomSummary.skipped());
    }

    @Test
    void aboutThirtyPercentOfZoomSamplesAreNaiveZooms() {
        // Binomial(400, 0.3): standard deviation 9.2 samples, so 90..150 is beyond three deviations.
        long naive = zoomRun.samples.stream().filter(s -> s.cropKind() == CropKind.NAIVE_ZOOM).count();
        assertThat(naive).isBetween(90L, 150L);
        assertThat(zoomRun.samples).filteredOn(s -> s.cropKind() == CropKind.NAIVE_ZOOM)
                .allSatisfy(s -> assertThat(contains(s.crop(), s.paste())).isTrue());
    }

    @Test
    void samplesArriveInIndexOrder() {
        List<Integer> indices = zoomRun.samples.stream().map(Sample::index).toList();
        assertThat(indices).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void withoutZoomModeTheCropIsThePastedRegionEnlargedByTheMargins() {
        SynthesisOptions options = SynthesisOptions.assessor(50, new Size(32, 24), false, 3)
                .withImageSize(new Size(64, 48)).withEnlargeRegion(2, 3, 4, 5);
        Fixtures.CollectingSink sink = new Fixtures.CollectingSink();
        SynthesisSummary summary = AssessorSynthesis.run(Fixtures.inputs(), options, 1, sink, 0);
        assertThat(summary.samples()).isEqualTo(50);
        assertThat(sink.samples).allSatisfy(s -> {
            assertThat(s.cropKind()).isEqualTo(CropKind.ENLARGED_REGION);
            assertThat(s.crop()).isEqualTo(new Box(s.paste().x0() - 2, s.paste().y0() - 3,
                    s.paste().x1() + 4, s.paste().y1() + 5));
            assertThat(s.iou()).isEqualTo((double) s.paste().area() / s.crop().area());
        });
    }

    @Test
    void randomTemplateSizesLieBetweenAFifteenthAndAHalfOfTheImage() {
        assertThat(zoomRun.samples).allSatisfy(s -> {
            assertThat(s.paste().width()).isBetween(64 / 15, 64 / 2);
            assertThat(s.paste().height()).isBetween(48 / 15, 48 / 2);
        });
    }

    @Test
    void baseBoxesAreScaledFromTheBackgroundToTheImageSize() {
        // Backgrounds are 64x48 and the image size is 128x96: every box doubles.
        SynthesisOptions options = SynthesisOptions.assessor(20, new Size(32, 24), false, 5)
                .withImageSize(new Size(128, 96)).withBaseBoxes(List.of(new Size(10, 6), new Size(4, 8)));
        Fixtures.CollectingSink sink = new Fixtures.CollectingSink();
        AssessorSynthesis.run(Fixtures.inputs(), options, 1, sink, 0);
        assertThat(sink.samples).extracting(s -> new Size(s.paste().width(), s.paste().height()))
                .containsOnly(new Size(20, 12), new Size(8, 16));
    }

    @Test
    void aTemplateLargerThanTheImageIsScaledDownToFit() {
        SynthesisOptions options = SynthesisOptions.assessor(10, new Size(32, 24), false, 5)
                .withImageSize(new Size(64, 48)).withBaseBoxes(List.of(new Size(500, 100)))
                .withEnlargeRegion(2, 2, 2, 2);
        Fixtures.CollectingSink sink = new Fixtures.CollectingSink();
        AssessorSynthesis.run(Fixtures.inputs(), options, 1, sink, 0);
        assertThat(sink.samples).hasSize(10).allSatisfy(s -> {
            assertThat(s.paste().width()).isEqualTo(60);
            assertThat(s.paste().height()).isEqualTo(12);
            assertThat(inside(s.crop(), 64, 48)).isTrue();
        });
    }

    @Test
    void marginsLeavingNoRoomAreRefused() {
        SynthesisOptions options = Fixtures.zoom(1, 1).withEnlargeRegion(40, 0, 40, 0);
        assertThatThrownBy(() -> AssessorSynthesis.run(Fixtures.inputs(), options, 1, new Fixtures.CollectingSink(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no room");
    }

    private static boolean inside(Box box, int width, int height) {
        return box.x0() >= 0 && box.y0() >= 0 && box.x1() <= width && box.y1() <= height && box.area() > 0;
    }

    private static boolean contains(Box outer, Box inner) {
        return outer.x0() <= inner.x0() && outer.y0() <= inner.y0() && outer.x1() >= inner.x1()
                && outer.y1() >= inner.y1();
    }
}
