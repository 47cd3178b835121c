package io.framewise.cocofilter.core.selection;

import io.framewise.cocofilter.core.BalanceMode;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Chooses the images to keep from the candidate annotations (those of requested categories on known images).
 * See {@link BalanceMode} for the rules; a kept image keeps all its candidate annotations.
 */
public final class Balance {

    /**
     * @param images the kept image indexes
     * @param rarestSlot with KEEP_RAREST, the slot of the name images were chosen by, else -1
     */
    public record Outcome(BitSet images, int rarestSlot) {
    }

    private Balance() {
    }

    /**
     * @param candidateImages image index of each candidate annotation
     * @param candidateSlots requested-name slot of each candidate annotation (parallel to candidateImages)
     */
    public static Outcome choose(BalanceMode mode, int[] candidateImages, int[] candidateSlots,
                                 CategorySelection categories) {
        return switch (mode) {
            case NONE -> new Outcome(imagesWithSlot(candidateImages, candidateSlots, -1), -1);
            case REQUIRE_ALL -> new Outcome(imagesWithEverySlot(candidateImages, candidateSlots,
                    categories.names().size()), -1);
            case KEEP_RAREST -> keepRarest(candidateImages, candidateSlots, categories);
        };
    }

    private static Outcome keepRarest(int[] images, int[] slots, CategorySelection categories) {
        long[] instances = new long[categories.names().size()];
        for (int slot : slots) {
            instances[slot]++;
        }
        int rarest = -1;
        for (int slot : categories.slotsInCategoryOrder()) {
            if (instances[slot] > 0 && (rarest < 0 || instances[slot] < instances[rarest])) {
                rarest = slot;
            }
        }
        return new Outcome(rarest < 0 ? new BitSet() : imagesWithSlot(images, slots, rarest), rarest);
    }

    /** Images with a candidate of the given slot, or with any candidate when slot is -1. */
    private static BitSet imagesWithSlot(int[] images, int[] slots, int slot) {
        BitSet kept = new BitSet();
        for (int i = 0; i < images.length; i++) {
            if (slot < 0 || slots[i] == slot) {
                kept.set(images[i]);
            }
        }
        return kept;
    }

    /** Sorting (image, slot) pairs counts distinct names per image in 8 bytes per candidate. */
    private static BitSet imagesWithEverySlot(int[] images, int[] slots, int slotCount) {
        long[] pairs = new long[images.length];
        for (int i = 0; i < images.length; i++) {
            pairs[i] = ((long) images[i] << 32) | slots[i];
        }
        Arrays.sort(pairs);
        BitSet kept = new BitSet();
        int distinct = 0;
        for (int i = 0; i < pairs.length; i++) {
            boolean newImage = i == 0 || (pairs[i] >>> 32) != (pairs[i - 1] >>> 32);
            if (newImage) {
                distinct = 0;
            }
            if (newImage || pairs[i] != pairs[i - 1]) {
                distinct++;
            }
            if (distinct == slotCount) {
                kept.set((int) (pairs[i] >>> 32));
            }
        }
        return kept;
    }
}
