package io.framewise.cocofilter.core;

/**
 * An image written to the output, so the edge can copy just the kept image files.
 *
 * @param fileName the image's {@code file_name}, or null when the entry has none (or it is not a string)
 */
public record KeptImage(long id, String fileName) {
}
