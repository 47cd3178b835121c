package io.framewise.cocofilter.core;

/**
 * Which images survive once the annotations of the requested categories are known.
 *
 * <p>In every mode a kept image keeps <em>all</em> its annotations of requested categories: balancing
 * chooses images, never individual annotations, so a kept image is never half-labelled (an image kept
 * because it has a sports ball also keeps its persons, otherwise a detector would learn that those persons
 * are background).
 */
public enum BalanceMode {
    /** coco-manager's behaviour: every image with at least one annotation of a requested category. */
    NONE,
    /** Only images that have at least one annotation of every requested category name. */
    REQUIRE_ALL,
    /**
     * Only images that have at least one annotation of the rarest requested category name, the one with the
     * fewest instances in the input (ties go to the name whose category comes first in the input's
     * categories list; names without any instance are ignored). The rarest class keeps all its instances,
     * the frequent ones shrink to those that share an image with it.
     */
    KEEP_RAREST
}
