package io.framewise.datasetsynthesizer.core;

import java.util.SplittableRandom;

/** The source's "naive zoom": a view 1.3x..11.3x the template, placed at random so it still holds the template. */
public final class NaiveZoom {

    private NaiveZoom() {
    }

    public static Box crop(Size image, Box paste, SplittableRandom random) {
        double zoom = random.nextDouble() * 10 + 0.3;
        int width = (int) Math.min(paste.width() + zoom * paste.width(), image.width());
        int height = (int) Math.min(paste.height() + zoom * paste.height(), image.height());
        int x = start(paste.x0(), paste.x1(), width, image.width(), random.nextDouble());
        int y = start(paste.y0(), paste.y1(), height, image.height(), random.nextDouble());
        return new Box(x, y, x + width, y + height);
    }

    private static int start(int pasteStart, int pasteEnd, int crop, int imageLength, double ratio) {
        int max = Math.min(pasteStart, imageLength - crop);
        int min = Math.max(pasteEnd - crop, 0);
        max = Math.max(max, min);
        return (int) (min + ratio * (max - min));
    }
}
