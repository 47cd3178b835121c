package io.framewise.evaluator.core.box;

import java.util.Objects;

/** One predicted box with its category and confidence. */
public record Detection(int categoryId, BoundingBox box, double score) {

    public Detection {
        Objects.requireNonNull(box, "box");
    }
}
