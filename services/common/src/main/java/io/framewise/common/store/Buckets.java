package io.framewise.common.store;

import java.util.List;

/** The buckets of the pipeline. Users drop inputs into the first three; services write the rest. */
public final class Buckets {
    /** Training videos under {@code train/<dataset>/}, videos to annotate under {@code inference/}. */
    public static final String VIDEOS = "videos";
    /** User inputs: backgrounds, templates, COCO annotation files and images. */
    public static final String INPUTS = "inputs";
    /** Request files (YAML or JSON) that start jobs when dropped. */
    public static final String REQUESTS = "requests";
    /** Datasets the services produce: frames, synthesized and filtered datasets. */
    public static final String DATASETS = "datasets";
    /** Training runs: configuration, metric logs, checkpoints, evaluation records and plots. */
    public static final String RUNS = "runs";
    /** Annotated videos and images with their detections. */
    public static final String ANNOTATED = "annotated";

    public static final List<String> ALL = List.of(VIDEOS, INPUTS, REQUESTS, DATASETS, RUNS, ANNOTATED);
    /** Buckets whose new objects start work, and so are announced on the bucket-events topic. */
    public static final List<String> WATCHED = List.of(VIDEOS, REQUESTS);

    private Buckets() {
    }
}
