package io.framewise.cocofilter.core.masks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * COCO's compressed RLE string, as pycocotools' {@code rleToString} and {@code rleFrString} define it: each
 * count is written in 5-bit groups, least significant first, one character (48 + 6 bits) per group with bit
 * 0x20 meaning "more groups follow" and bit 0x10 of the last group carrying the sign; from the fourth count on,
 * what is written is the difference from the count two places before.
 */
public final class RleString {

    private RleString() {
    }

    /**
     * Decodes like {@code rleFrString} on a 64-bit build, including its int arithmetic: each 5-bit group is
     * shifted as a 32-bit int (shift count taken modulo 32, like x86) and sign-extended into a 64-bit
     * accumulator, and each count is truncated to 32 bits. The string is read as UTF-8 bytes up to its end
     * or to a NUL, as the C code reads a C string; a count cut off by the end of the string ends there.
     */
    public static Rle decode(String counts, int height, int width) {
        byte[] s = counts.getBytes(StandardCharsets.UTF_8);
        int[] cnts = new int[s.length];
        int m = 0;
        int p = 0;
        while (p < s.length && s[p] != 0) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more && p < s.length && s[p] != 0) {
                byte c = (byte) (s[p] - 48);
                x |= (long) ((c & 0x1f) << (5 * k));
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= (long) (-1 << (5 * k));
                }
            }
            if (m > 2) {
                x += Integer.toUnsignedLong(cnts[m - 2]);
            }
            cnts[m++] = (int) x;
        }
        return new Rle(height, width, Arrays.copyOf(cnts, m));
    }

    /** Encodes like {@code rleToString}; decode(encode(r)) gives r's counts back. */
    public static String encode(Rle rle) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rle.counts().length; i++) {
            long x = rle.count(i);
            if (i > 2) {
                x -= rle.count(i - 2);
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                s.append((char) (c + 48));
            }
        }
        return s.toString();
    }
}
