package io.framewise.evaluator.core.box;

import java.util.Arrays;

/**
 * The rows of a {@link BoxTable} grouped by (category, image): groups ordered by category position and
 * then image rank, rows inside a group in insertion order. Rows of categories outside the evaluated
 * list are left out.
 */
public final class BoxGroups {

    private final int imageCount;
    private final long[] keys;
    private final int[] starts;
    private final int[] rows;

    private BoxGroups(int imageCount, long[] keys, int[] starts, int[] rows) {
        this.imageCount = imageCount;
        this.keys = keys;
        this.starts = starts;
        this.rows = rows;
    }

    /**
     * @param categoryIds the evaluated categories, sorted ascending
     * @param imageRank rank of each dense image index (see {@link ImageIndex#ranks()})
     */
    public static BoxGroups of(BoxTable table, int[] categoryIds, int[] imageRank) {
        int imageCount = imageRank.length;
        long[] packed = new long[table.size()];
        int n = 0;
        for (int row = 0; row < table.size(); row++) {
            int position = Arrays.binarySearch(categoryIds, table.category(row));
            if (position < 0) {
                continue;
            }
            long key = (long) position * imageCount + imageRank[table.image(row)];
            // the row number in the low bits keeps insertion order inside a group
            packed[n++] = (key << 32) | row;
        }
        Arrays.sort(packed, 0, n);
        int[] rows = new int[n];
        long[] keys = new long[n];
        int[] starts = new int[n + 1];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            long key = packed[i] >>> 32;
            rows[i] = (int) packed[i];
            if (groups == 0 || keys[groups - 1] != key) {
                keys[groups] = key;
                starts[groups] = i;
                groups++;
            }
        }
        starts[groups] = n;
        return new BoxGroups(imageCount, Arrays.copyOf(keys, groups), Arrays.copyOf(starts, groups + 1), rows);
    }

    public int count() {
        return keys.length;
    }

    /** Position of the group's category in the evaluated category list. */
    public int category(int group) {
        return (int) (keys[group] / imageCount);
    }

    /** Rank of the group's image among the image ids. */
    public int imageRank(int group) {
        return (int) (keys[group] % imageCount);
    }

    public long key(int group) {
        return keys[group];
    }

    public int start(int group) {
        return starts[group];
    }

    public int end(int group) {
        return starts[group + 1];
    }

    /** Table rows, grouped; a group's rows are {@code rows()[start(g) .. end(g))}. */
    public int[] rows() {
        return rows;
    }
}
