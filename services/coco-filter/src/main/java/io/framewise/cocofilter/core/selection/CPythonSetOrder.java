package io.framewise.cocofilter.core.selection;

/**
 * The order in which CPython (3.7 and later, through 3.14) iterates a {@code set} of ints.
 *
 * <p>coco-manager collects the kept image ids in a Python set and writes the images in the set's iteration
 * order, which is the order of the slots of CPython's hash table. To write the same file we replay what
 * {@code Objects/setobject.c} does for {@code set.add}: an int hashes to itself modulo 2^61-1; a key goes to
 * slot {@code hash & mask}, else to the first free slot among the next {@value #LINEAR_PROBES}, else the probe
 * jumps to {@code (i*5 + 1 + perturb) & mask} with {@code perturb} shifted right by 5 each round; the table
 * (8 slots at first) is rebuilt, re-inserting in slot order, once 3/5 of it is filled, to the smallest power of
 * two above 4x the size (2x past 50000 entries). Only additions happen, so deleted-slot markers never occur.
 */
public final class CPythonSetOrder {

    private static final long HASH_MODULUS = (1L << 61) - 1;
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;
    private static final int MIN_SIZE = 8;

    private CPythonSetOrder() {
    }

    /**
     * @param ids distinct ints, in the order they are added to the set
     * @return positions in {@code ids}, in the order Python iterates the set
     */
    public static int[] iterationOrder(long[] ids) {
        long[] hashes = new long[ids.length];
        int[] table = new int[MIN_SIZE];
        for (int n = 0; n < ids.length; n++) {
            hashes[n] = hash(ids[n]);
            insert(table, hashes, n);
            int used = n + 1;
            if ((long) used * 5 >= (long) (table.length - 1) * 3) {
                table = resize(table, hashes, used > 50_000 ? used * 2L : used * 4L);
            }
        }
        int[] order = new int[ids.length];
        int k = 0;
        for (int slot : table) {
            if (slot != 0) {
                order[k++] = slot - 1;
            }
        }
        return order;
    }

    /** Python's {@code hash(int)} on a 64-bit build: the value modulo 2^61-1 with its sign, -1 becoming -2. */
    static long hash(long value) {
        if (value >= 0) {
            return value % HASH_MODULUS;
        }
        long h = -Long.remainderUnsigned(-value, HASH_MODULUS);
        return h == -1 ? -2 : h;
    }

    /** Stores position {@code n} (as n + 1, 0 being a free slot) where CPython would put its key. */
    private static void insert(int[] table, long[] hashes, int n) {
        long mask = table.length - 1;
        long perturb = hashes[n];
        long i = hashes[n] & mask;
        while (true) {
            int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
            for (int j = 0; j <= probes; j++) {
                if (table[(int) i + j] == 0) {
                    table[(int) i + j] = n + 1;
                    return;
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    private static int[] resize(int[] old, long[] hashes, long minUsed) {
        int size = MIN_SIZE;
        while (size <= minUsed) {
            size <<= 1;
        }
        int[] table = new int[size];
        for (int slot : old) {
            if (slot != 0) {
                insert(table, hashes, slot - 1);
            }
        }
        return table;
    }
}
