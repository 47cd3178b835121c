package io.framewise.datasetsynthesizer.core;

/**
 * What a run produced.
 *
 * @param samples          samples handed to the sink
 * @param skipped          IoU-bucket samples for which no crop was found
 * @param bucketHistogram  produced IoU-bucket samples per target bucket (0.20 ... 1.00)
 */
public record SynthesisSummary(int samples, int skipped, int[] bucketHistogram) {

    @Override
    public int[] bucketHistogram() {
        return bucketHistogram.clone();
    }
}
