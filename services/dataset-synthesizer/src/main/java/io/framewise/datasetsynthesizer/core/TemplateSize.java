package io.framewise.datasetsynthesizer.core;

import java.util.SplittableRandom;

/**
 * The size a template is pasted at, in the resized background. With base boxes: one of them, scaled from
 * the original background to the image size. Otherwise: width and height drawn independently between 1/15
 * and 1/2 of the image (as the source, so the aspect ratio varies). A size that would not fit inside the
 * image minus the enlarge-region margins (a template larger than the background) is scaled down, keeping
 * its aspect ratio, until it fits.
 */
final class TemplateSize {

    private TemplateSize() {
    }

    static Size choose(SynthesisOptions options, Size originalBackground, SplittableRandom random) {
        Size image = options.imageSize();
        Size wanted = options.baseBoxes().isEmpty()
                ? random(image, random)
                : scaled(options.baseBoxes().get(random.nextInt(options.baseBoxes().size())), originalBackground, image);
        return fit(wanted, room(options));
    }

    static Size room(SynthesisOptions options) {
        int[] m = options.enlargeRegion();
        int width = options.imageSize().width() - m[0] - m[2];
        int height = options.imageSize().height() - m[1] - m[3];
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("enlarge-region margins leave no room for a template in a "
                    + options.imageSize().width() + "x" + options.imageSize().height() + " image");
        }
        return new Size(width, height);
    }

    private static Size random(Size image, SplittableRandom random) {
        int width = random.nextInt(Math.max(1, image.width() / 15), Math.max(1, image.width() / 2) + 1);
        int height = random.nextInt(Math.max(1, image.height() / 15), Math.max(1, image.height() / 2) + 1);
        return new Size(width, height);
    }

    private static Size scaled(Size box, Size original, Size image) {
        int width = (int) (box.width() * ((double) image.width() / original.width()));
        int height = (int) (box.height() * ((double) image.height() / original.height()));
        return new Size(Math.max(1, width), Math.max(1, height));
    }

    private static Size fit(Size wanted, Size room) {
        double scale = Math.min(1.0, Math.min((double) room.width() / wanted.width(),
                (double) room.height() / wanted.height()));
        if (scale >= 1.0) {
            return wanted;
        }
        return new Size(Math.max(1, Math.min(room.width(), (int) (wanted.width() * scale))),
                Math.max(1, Math.min(room.height(), (int) (wanted.height() * scale))));
    }
}
