package io.framewise.cocofilter.core.index;

import java.util.Arrays;

/** The int counterpart of {@link LongColumn}: chunked, so growing never copies the data. */
public final class IntColumn {

    private static final int SHIFT = 14;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private int[][] chunks = new int[8][];
    private int size;

    public void add(int value) {
        int chunk = size >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new int[CHUNK];
        }
        chunks[chunk][size & MASK] = value;
        size++;
    }

    public int get(int index) {
        return chunks[index >>> SHIFT][index & MASK];
    }

    public void set(int index, int value) {
        chunks[index >>> SHIFT][index & MASK] = value;
    }

    public int size() {
        return size;
    }
}
