package io.framewise.evaluator.core.box;

/** An object category as declared by the ground truth. */
public record Category(int id, String name) {
}
