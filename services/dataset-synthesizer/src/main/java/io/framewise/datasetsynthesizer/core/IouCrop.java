package io.framewise.datasetsynthesizer.core;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The LoANs zoom-mode crop search: draw crops near the pasted box (size and position deviating by at most
 * (1 - target) of the box) until one's IoU with the box lies in (target - 0.05, target].
 */
public final class IouCrop {

    private IouCrop() {
    }

    /** A crop inside {@code image} meeting the target, or empty after {@code attempts} draws. */
    public static Optional<Box> search(Size image, Box paste, double target, SplittableRandom random, int attempts) {
        return search(image, paste, target, random, attempts, LowIouRule.REACHABLE);
    }

    /** As {@link #search(Size, Box, double, SplittableRandom, int)} with a choice of rule for targets below 0.3. */
    public static Optional<Box> search(Size image, Box paste, double target, SplittableRandom random, int attempts,
                                       LowIouRule lowIouRule) {
        for (int i = 0; i < attempts; i++) {
            Optional<Box> crop = draw(image, paste, target, random, lowIouRule);
            if (crop.isPresent()) {
                double iou = crop.get().iou(paste);
                if (iou > target - 0.05 && iou <= target) {
                    return crop;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Box> draw(Size image, Box paste, double target, SplittableRandom random,
                                      LowIouRule lowIouRule) {
        int width;
        int height;
        if (target < 0.3 && lowIouRule == LowIouRule.REACHABLE) {
            double scale = 1 / Math.sqrt(target - 0.05 * random.nextDouble());
            width = (int) Math.round(paste.width() * scale);
            height = (int) Math.round(paste.height() * scale);
        } else {
            width = cropLength(paste.width(), target, random);
            height = cropLength(paste.height(), target, random);
        }
        width = Math.min(width, image.width());
        height = Math.min(height, image.height());
        int x = position(paste.x0(), width, image.width(), target, random);
        int y = position(paste.y0(), height, image.height(), target, random);
        if (x < 0 || y < 0) {
            return Optional.empty();
        }
        return Optional.of(new Box(x, y, x + width, y + height));
    }

    /** The source's sizes: below 0.3 a fixed wide view (template plus (1 - target) * 10 of itself). */
    private static int cropLength(int pasted, double target, SplittableRandom random) {
        if (target < 0.3) {
            return (int) (pasted + (1 - target) * 10 * pasted);
        }
        double deviation = 1.0 - target;
        int min = Math.max((int) (pasted - pasted * deviation), 1);
        int max = (int) (pasted + pasted * deviation);
        return random.nextInt(min, Math.max(min, max) + 1);
    }

    /** The start deviates from the pasted start by at most (crop / 2) * (1 - target); -1 if no room. */
    private static int position(int pasteStart, int crop, int imageLength, double target, SplittableRandom random) {
        int deviation = (int) ((crop / 2) * (1.0 - target));
        int min = Math.max(pasteStart - deviation, 0);
        int max = Math.min(pasteStart + deviation, imageLength - crop);
        return max < min ? -1 : random.nextInt(min, max + 1);
    }
}
