package io.framewise.datasetsynthesizer.core;

import java.util.List;

/**
 * Everything the source script takes on its command line, plus the seed and the crop search bound.
 *
 * @param numSamples      samples to draw (indices 0..numSamples-1); skipped ones leave gaps
 * @param outputSize      size every crop is resized to
 * @param zoomMode        IoU-bucket / naive-zoom crops instead of the enlarged pasted region
 * @param imageSize       size backgrounds are resized to before pasting (the network's input size)
 * @param baseBoxes       natural box sizes (in background pixels) templates are resized to; empty for random sizes
 * @param enlargeRegion   left, top, right, bottom margins added around the pasted region without zoom mode
 * @param seed            the run's seed; a sample depends only on (seed, index)
 * @param kind            the dataset kind
 * @param cropAttempts    crop draws per IoU-bucket sample before it is skipped (source: 200 x 200)
 * @param lowIouRule      crop sizes for the 0.20 and 0.25 buckets
 */
public record SynthesisOptions(int numSamples, Size outputSize, boolean zoomMode, Size imageSize,
                               List<Size> baseBoxes, int[] enlargeRegion, long seed, DatasetKind kind,
                               int cropAttempts, LowIouRule lowIouRule) {

    public static final int SOURCE_CROP_ATTEMPTS = 200 * 200;

    public SynthesisOptions {
        if (numSamples < 0) {
            throw new IllegalArgumentException("numSamples must not be negative: " + numSamples);
        }
        baseBoxes = baseBoxes == null ? List.of() : List.copyOf(baseBoxes);
        enlargeRegion = enlargeRegion == null ? new int[4] : enlargeRegion.clone();
        if (enlargeRegion.length != 4 || java.util.Arrays.stream(enlargeRegion).anyMatch(m -> m < 0)) {
            throw new IllegalArgumentException("enlargeRegion needs four non-negative margins (left top right bottom)");
        }
        lowIouRule = lowIouRule == null ? LowIouRule.REACHABLE : lowIouRule;
        if (cropAttempts < 1) {
            throw new IllegalArgumentException("cropAttempts must be positive: " + cropAttempts);
        }
    }

    /** The source's defaults: image size 224x224, no base boxes, no margins, assessor kind. */
    public static SynthesisOptions assessor(int numSamples, Size outputSize, boolean zoomMode, long seed) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, new Size(224, 224), List.of(), new int[4],
                seed, DatasetKind.ASSESSOR, SOURCE_CROP_ATTEMPTS,
                LowIouRule.REACHABLE);
    }

    public SynthesisOptions withImageSize(Size size) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, size, baseBoxes, enlargeRegion, seed, kind,
                cropAttempts, lowIouRule);
    }

    public SynthesisOptions withBaseBoxes(List<Size> boxes) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, imageSize, boxes, enlargeRegion, seed, kind,
                cropAttempts, lowIouRule);
    }

    public SynthesisOptions withEnlargeRegion(int left, int top, int right, int bottom) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, imageSize, baseBoxes,
                new int[] {left, top, right, bottom}, seed, kind, cropAttempts, lowIouRule);
    }

    public SynthesisOptions withCropAttempts(int attempts) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, imageSize, baseBoxes, enlargeRegion, seed, kind,
                attempts, lowIouRule);
    }

    public SynthesisOptions withLowIouRule(LowIouRule rule) {
        return new SynthesisOptions(numSamples, outputSize, zoomMode, imageSize, baseBoxes, enlargeRegion, seed, kind,
                cropAttempts, rule);
    }

    @Override
    public int[] enlargeRegion() {
        return enlargeRegion.clone();
    }
}
