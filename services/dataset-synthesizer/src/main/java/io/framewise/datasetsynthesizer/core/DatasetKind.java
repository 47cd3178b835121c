package io.framewise.datasetsynthesizer.core;

/** What a synthesis run produces. */
public enum DatasetKind {
    /** LoANs assessor data: one template per image, cropped, labelled with the crop's IoU. */
    ASSESSOR,
    /** Detection data: several templates per image, boxes as COCO instances ({@link DetectionSynthesis}). */
    DETECTION
}
