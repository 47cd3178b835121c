package io.framewise.evaluator.core.coco;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation images of a ground truth (each once, in file order) and its annotations per image (boxes or poses):
 * annotations on an image not among the evaluation images are dropped, with a warning that counts them.
 */
final class ImageItems<T> {

    private final long[] imageIds;
    private final Set<Long> imageSet;
    private final Map<Long, List<T>> byImage;
    private final List<String> warnings;

    ImageItems(long[] imageIds, Map<Long, List<T>> itemsByImage, List<String> readWarnings) {
        Set<Long> distinct = new LinkedHashSet<>();
        for (long id : imageIds) {
            distinct.add(id);
        }
        this.imageIds = distinct.stream().mapToLong(Long::longValue).toArray();
        this.imageSet = Collections.unmodifiableSet(distinct);
        Map<Long, List<T>> kept = new HashMap<>();
        int dropped = 0;
        for (Map.Entry<Long, List<T>> entry : itemsByImage.entrySet()) {
            if (distinct.contains(entry.getKey())) {
                kept.put(entry.getKey(), List.copyOf(entry.getValue()));
            } else {
                dropped += entry.getValue().size();
            }
        }
        this.byImage = Collections.unmodifiableMap(kept);
        List<String> all = new ArrayList<>(readWarnings);
        if (dropped > 0) {
            all.add(dropped + " ground-truth annotations on images missing from 'images' were ignored");
        }
        this.warnings = List.copyOf(all);
    }

    long[] imageIds() {
        return imageIds.clone();
    }

    int imageCount() {
        return imageIds.length;
    }

    boolean hasImage(long imageId) {
        return imageSet.contains(imageId);
    }

    List<T> of(long imageId) {
        return byImage.getOrDefault(imageId, List.of());
    }

    List<String> warnings() {
        return warnings;
    }
}
