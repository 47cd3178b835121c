package io.framewise.evaluator.core.box;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Gives each distinct image id a dense index, in order of first appearance, and ranks ids ascending. */
public final class ImageIndex {

    private final Map<Long, Integer> indexById = new HashMap<>();
    private long[] ids = new long[64];
    private int size;

    /** The dense index of {@code imageId}, assigning the next one when it is new. */
    public int indexOf(long imageId) {
        Integer known = indexById.get(imageId);
        if (known != null) {
            return known;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = imageId;
        indexById.put(imageId, size);
        return size++;
    }

    public int size() {
        return size;
    }

    public long id(int index) {
        return ids[index];
    }

    /** For each dense index, the position of its id among all ids sorted ascending. */
    public int[] ranks() {
        int[] order = sortedIndices();
        int[] rank = new int[size];
        for (int r = 0; r < size; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** Dense indices ordered by ascending image id (a merge sort on indices: no boxing). */
    public int[] sortedIndices() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size);
        return order;
    }

    private void mergeSort(int[] a, int[] buffer, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, buffer, from, mid);
        mergeSort(a, buffer, mid, to);
        System.arraycopy(a, from, buffer, from, to - from);
        int left = from;
        int right = mid;
        for (int out = from; out < to; out++) {
            if (right >= to || (left < mid && ids[buffer[left]] <= ids[buffer[right]])) {
                a[out] = buffer[left++];
            } else {
                a[out] = buffer[right++];
            }
        }
    }

    public void clear() {
        indexById.clear();
        size = 0;
    }
}
