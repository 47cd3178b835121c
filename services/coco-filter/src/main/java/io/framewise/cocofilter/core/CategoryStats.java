package io.framewise.cocofilter.core;

/**
 * What filtering did to one input category.
 *
 * @param name the category's name (null when the entry has none)
 * @param newId the id in the output, or null when the category was dropped
 * @param imagesBefore distinct images (present in {@code images}) with at least one instance in the input
 */
public record CategoryStats(String name, long originalId, Integer newId,
                            long instancesBefore, long instancesAfter,
                            long imagesBefore, long imagesAfter) {
}
