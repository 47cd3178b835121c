package io.framewise.cocofilter.core.masks;

/**
 * A binary mask as COCO run-length encoding: runs over the pixels in column-major (Fortran) order, as
 * pycocotools stores them, alternating background and foreground and starting with background (a mask whose
 * first pixel is foreground starts with a run of 0).
 *
 * @param counts run lengths, read as unsigned 32-bit ints like pycocotools' {@code uint}
 */
public record Rle(int height, int width, int[] counts) {

    /** The run lengths as non-negative longs. */
    public long count(int index) {
        return Integer.toUnsignedLong(counts[index]);
    }

    /** Whether pixel (x, y) is foreground; decodes from the start, so for tests and checks, not for painting. */
    public boolean isSet(int x, int y) {
        long target = (long) x * height + y;
        long position = 0;
        for (int j = 0; j < counts.length; j++) {
            position += count(j);
            if (target < position) {
                return (j & 1) == 1;
            }
        }
        return false;
    }
}
