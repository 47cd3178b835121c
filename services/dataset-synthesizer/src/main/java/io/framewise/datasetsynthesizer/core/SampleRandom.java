package io.framewise.datasetsynthesizer.core;

import java.util.SplittableRandom;

/**
 * Per-sample random streams derived from (seed, index, stream) alone, so a sample is the same whichever
 * thread draws it, in whatever order, and a resumed run reproduces the samples it did not write.
 */
final class SampleRandom {

    static final int CONTENT = 0;
    static final int CROP_MODE = 1;

    private SampleRandom() {
    }

    static SplittableRandom of(long seed, int index, int stream) {
        long mixed = mix(seed ^ mix(index * 0x9E3779B97F4A7C15L + stream));
        return new SplittableRandom(mixed);
    }

    /** The SplitMix64 finalizer: neighbouring inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
