package io.framewise.datasetsynthesizer.core;

import java.util.List;
import java.util.Optional;

/**
 * Runs the LoANs assessor synthesis (paste a template, crop a view, label it with the view's IoU) over
 * sample indices {@code startIndex .. numSamples-1} on N threads; samples reach the sink in index order.
 */
public final class AssessorSynthesis {

    private AssessorSynthesis() {
    }

    /** A resumed run (startIndex > 0) gives the same samples as the tail of an unbroken one. */
    public static SynthesisSummary run(SynthesisInputs inputs, SynthesisOptions options, int threads,
                                       SampleSink sink, int startIndex) {
        TemplateSize.room(options);
        List<RgbaImage> backgrounds = inputs.backgrounds().stream()
                .map(b -> LanczosResize.resize(b.image(), options.imageSize())).toList();
        AssessorSample drawer = new AssessorSample(inputs, backgrounds, options);
        CropPlanner planner = new CropPlanner(options);
        planner.skipTo(startIndex);
        Tally tally = new Tally(sink);
        OrderedParallelRun.run(startIndex, options.numSamples(), threads, index -> {
            CropPlan plan = planner.next();
            return () -> new Drawn(plan, drawer.draw(plan));
        }, tally::record);
        return tally.summary();
    }

    private record Drawn(CropPlan plan, Optional<Sample> sample) {
    }

    private static final class Tally {
        private final SampleSink sink;
        private final int[] histogram = new int[IouBuckets.COUNT];
        private int samples;
        private int skipped;

        Tally(SampleSink sink) {
            this.sink = sink;
        }

        void record(Drawn drawn) {
            if (drawn.sample().isEmpty()) {
                skipped++;
                sink.skipped(drawn.plan().index());
                return;
            }
            samples++;
            if (drawn.plan().kind() == CropKind.IOU_BUCKET) {
                histogram[drawn.plan().bucket()]++;
            }
            sink.accept(drawn.sample().get());
        }

        SynthesisSummary summary() {
            return new SynthesisSummary(samples, skipped, histogram);
        }
    }
}
