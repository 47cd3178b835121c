package io.framewise.datasetsynthesizer.core;

/** How a sample's view was cropped. */
public enum CropKind {
    /** Zoom mode: searched for a target IoU bucket. */
    IOU_BUCKET,
    /** Zoom mode: random zoom around the template (30% of samples). */
    NAIVE_ZOOM,
    /** No zoom mode: the pasted region enlarged by the enlarge-region margins. */
    ENLARGED_REGION
}
