package io.framewise.cocofilter.core.index;

import java.nio.file.Path;
import java.util.List;

/**
 * What the first pass learnt about a COCO file: every category, and for images and annotations only ids,
 * references and byte ranges (a few tens of bytes per annotation, whatever the annotation's size).
 *
 * @param info where the {@code info} value is, or null when the file has none (likewise licenses)
 * @param imageEntries entries of the {@code images} array, duplicates included
 */
public record CocoIndex(Path file, ByteRange info, ByteRange licenses,
                        List<CategoryEntry> categories, ImageTable images, AnnotationTable annotations,
                        long imageEntries) {

    public CocoIndex {
        categories = List.copyOf(categories);
    }
}
