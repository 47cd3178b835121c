package io.framewise.datasetsynthesizer.core;

/**
 * Hands out crop plans in index order. In zoom mode 30% of samples (drawn per sample) are naive zooms and
 * the rest take the next IoU bucket in turn — the source's global bucket counter, which only advances on
 * IoU-bucket samples, so the targets are exactly flat.
 */
final class CropPlanner {

    private static final double NAIVE_ZOOM_SHARE = 0.3;

    private final SynthesisOptions options;
    private int nextIndex;
    private int bucketCounter;

    CropPlanner(SynthesisOptions options) {
        this.options = options;
    }

    /** Replays the decisions before {@code index} (cheap: one draw each) so a resumed run lines up. */
    void skipTo(int index) {
        while (nextIndex < index) {
            next();
        }
    }

    CropPlan next() {
        int index = nextIndex++;
        if (!options.zoomMode()) {
            return new CropPlan(index, CropKind.ENLARGED_REGION, -1);
        }
        double draw = SampleRandom.of(options.seed(), index, SampleRandom.CROP_MODE).nextDouble();
        if (draw < NAIVE_ZOOM_SHARE) {
            return new CropPlan(index, CropKind.NAIVE_ZOOM, -1);
        }
        int bucket = bucketCounter;
        bucketCounter = (bucketCounter + 1) % IouBuckets.COUNT;
        return new CropPlan(index, CropKind.IOU_BUCKET, bucket);
    }
}
