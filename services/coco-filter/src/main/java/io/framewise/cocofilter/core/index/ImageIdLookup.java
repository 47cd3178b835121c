package io.framewise.cocofilter.core.index;

/**
 * Image id to image index, in open addressing over primitive arrays: a HashMap of boxed Longs would cost
 * about 80 bytes per image instead of about 24.
 */
final class ImageIdLookup {

    private long[] keys = new long[1024];
    private int[] values = new int[1024]; // index + 1; 0 marks an empty slot
    private int size;

    /** @return the index already stored for the id, or -1 after storing {@code index} for it */
    int putIfAbsent(long id, int index) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = find(keys, values, id);
        if (values[slot] != 0) {
            return values[slot] - 1;
        }
        keys[slot] = id;
        values[slot] = index + 1;
        size++;
        return -1;
    }

    /** @return the index of the image with this id, or -1 */
    int indexOf(long id) {
        return values[find(keys, values, id)] - 1;
    }

    private static int find(long[] keys, int[] values, long id) {
        int mask = keys.length - 1;
        int slot = mix(id) & mask;
        while (values[slot] != 0 && keys[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** COCO ids are often dense or evenly spaced; mixing the bits keeps them from clustering in one run. */
    private static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != 0) {
                int slot = find(keys, values, oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
