package io.framewise.cocofilter.core.index;

import io.framewise.cocofilter.core.Warnings;
import java.util.Arrays;
import java.util.Map;

/**
 * The input's annotations as compact columns: which image and category each refers to and where it is in the
 * file. Nothing else of an annotation is held; the writer reads it again from its byte range.
 *
 * <p>The scan records raw ids because {@code images} and {@code categories} may come after
 * {@code annotations} in the file; {@link #resolve} then turns them into indexes and drops the raw ids.
 */
public final class AnnotationTable {

    private LongColumn imageIds = new LongColumn();
    private LongColumn categoryIds = new LongColumn();
    private final LongColumn starts = new LongColumn();
    private final IntColumn lengths = new IntColumn();
    private IntColumn imageIndexes;
    private IntColumn categoryIndexes;
    private int[] groupRanks;

    void add(long imageId, long categoryId, ByteRange range) {
        imageIds.add(imageId);
        categoryIds.add(categoryId);
        starts.add(range.start());
        lengths.add(range.length());
    }

    /**
     * Resolves ids to indexes (-1 when the id is unknown, with a warning) and ranks images by the first
     * annotation that names them: coco-manager groups annotations per image in that order.
     */
    void resolve(ImageTable images, Map<Long, Integer> categoryIndexById, Warnings warnings) {
        imageIndexes = new IntColumn();
        categoryIndexes = new IntColumn();
        groupRanks = new int[images.size()];
        Arrays.fill(groupRanks, -1);
        int nextRank = 0;
        for (int i = 0; i < imageIds.size(); i++) {
            int image = images.indexOf(imageIds.get(i));
            Integer category = categoryIndexById.get(categoryIds.get(i));
            imageIndexes.add(image);
            categoryIndexes.add(category == null ? -1 : category);
            if (image < 0) {
                warnings.add("unknown image_id", "annotations[" + i + "] refers to image_id " + imageIds.get(i)
                        + ", which is not in images; it is dropped");
            } else if (groupRanks[image] < 0) {
                groupRanks[image] = nextRank++;
            }
            if (category == null) {
                warnings.add("unknown category_id", "annotations[" + i + "] refers to category_id "
                        + categoryIds.get(i) + ", which is not in categories; it is dropped");
            }
        }
        imageIds = null;
        categoryIds = null;
    }

    public int size() {
        return starts.size();
    }

    /** @return the index in the image table, or -1 when the image id is not among the images */
    public int imageIndex(int annotation) {
        return imageIndexes.get(annotation);
    }

    /** @return the index in the category list, or -1 when the category id is not among the categories */
    public int categoryIndex(int annotation) {
        return categoryIndexes.get(annotation);
    }

    /** @return the order in which the image's group of annotations comes, or -1 if no annotation names it */
    public int groupRank(int image) {
        return groupRanks[image];
    }

    public ByteRange range(int annotation) {
        return new ByteRange(starts.get(annotation), lengths.get(annotation));
    }
}
