package io.framewise.evaluator.core.box;

import java.util.Objects;

/**
 * One annotated object of an image.
 *
 * @param id the annotation id (COCO ids start at 1; pycocotools treats a match with id 0 as no match,
 *           and so do we)
 * @param area the annotation's area (COCO: the segmentation area), which decides its size class; it is not
 *             the box area
 * @param crowd a crowd region: detections on it are neither right nor wrong
 */
public record GroundTruthBox(long id, int categoryId, BoundingBox box, double area, boolean crowd) {

    public GroundTruthBox {
        Objects.requireNonNull(box, "box");
    }

    /** A regular (non-crowd) object whose area is its box area. */
    public static GroundTruthBox of(long id, int categoryId, BoundingBox box) {
        return new GroundTruthBox(id, categoryId, box, box.area(), false);
    }
}
