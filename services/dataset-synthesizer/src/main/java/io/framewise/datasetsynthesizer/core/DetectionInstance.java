package io.framewise.datasetsynthesizer.core;

/**
 * One pasted template as a detector sees it.
 *
 * @param box   the bounding box of the template's visible opaque pixels (alpha at least 128)
 * @param area  the number of those pixels (COCO's area; there is no segmentation)
 */
public record DetectionInstance(String category, String template, Box box, long area) {
}
