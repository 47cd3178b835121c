package io.framewise.datasetsynthesizer.core;

/** Receives a run's samples in index order, on one thread. */
public interface SampleSink {

    void accept(Sample sample);

    /** A sample whose crop could not be placed within the attempt bound; it leaves a gap in the indices. */
    default void skipped(int index) {
    }
}
