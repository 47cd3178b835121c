package io.framewise.cocofilter.core.index;

import java.util.Arrays;

/**
 * A growable list of longs stored in fixed-size chunks. Growing never copies the data, so a column of a
 * million entries never needs twice its size in heap while it grows.
 */
public final class LongColumn {

    private static final int SHIFT = 14;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks = new long[8][];
    private int size;

    public void add(long value) {
        int chunk = size >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[CHUNK];
        }
        chunks[chunk][size & MASK] = value;
        size++;
    }

    public long get(int index) {
        return chunks[index >>> SHIFT][index & MASK];
    }

    public int size() {
        return size;
    }
}
