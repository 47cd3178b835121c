package io.framewise.cocofilter.core;

/** What a mask pixel holds; 0 is always background. */
public enum MaskMode {
    /**
     * 1..k: the position of the instance among the image's kept annotations, in the order they are written
     * to the output JSON (so pixel value i is the i-th annotation of that image in the output).
     */
    INSTANCE_IDS,
    /** The new (remapped) category id, 1..N, of the instance covering the pixel. */
    CATEGORY_IDS
}
