package io.framewise.datasetsynthesizer.core;

/** Receives a detection run's images in index order, on one thread. */
public interface DetectionSink {

    void accept(DetectionSample sample);
}
