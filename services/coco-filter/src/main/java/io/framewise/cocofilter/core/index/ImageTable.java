package io.framewise.cocofilter.core.index;

/**
 * The input's images, first entry of each id only (coco-manager keeps the first too): id, where the entry
 * is in the file, and the size masks are rendered at.
 */
public final class ImageTable {

    private final LongColumn ids = new LongColumn();
    private final LongColumn starts = new LongColumn();
    private final IntColumn lengths = new IntColumn();
    private final IntColumn widths = new IntColumn();
    private final IntColumn heights = new IntColumn();
    private final ImageIdLookup lookup = new ImageIdLookup();

    /**
     * @param width the entry's width, or -1 when absent or not a positive integer (likewise height)
     * @return the new image's index, or -1 when an image with this id is already there
     */
    int add(long id, ByteRange range, int width, int height) {
        if (lookup.putIfAbsent(id, ids.size()) >= 0) {
            return -1;
        }
        ids.add(id);
        starts.add(range.start());
        lengths.add(range.length());
        widths.add(width);
        heights.add(height);
        return ids.size() - 1;
    }

    /** @return the index of the image with this id, or -1 */
    public int indexOf(long id) {
        return lookup.indexOf(id);
    }

    public int size() {
        return ids.size();
    }

    public long id(int index) {
        return ids.get(index);
    }

    public ByteRange range(int index) {
        return new ByteRange(starts.get(index), lengths.get(index));
    }

    public int width(int index) {
        return widths.get(index);
    }

    public int height(int index) {
        return heights.get(index);
    }
}
