package io.framewise.cocofilter.core.index;

/**
 * One input category (first entry of each id).
 *
 * @param name the category's name, or null when the entry has none (such a category cannot be requested)
 */
public record CategoryEntry(long id, String name, ByteRange range) {
}
