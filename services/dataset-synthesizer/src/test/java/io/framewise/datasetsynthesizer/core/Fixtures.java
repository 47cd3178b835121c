package io.framewise.datasetsynthesizer.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny hand-made inputs: noisy 64x48 backgrounds and 16x16 templates with a round opaque body. */
final class Fixtures {

    private Fixtures() {
    }

    static SynthesisInputs inputs() {
        List<NamedImage> backgrounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backgrounds.add(new NamedImage("bg" + i + ".jpg", noise(64, 48, i), true));
        }
        List<NamedImage> templates = List.of(
                new NamedImage("skater.png", disc(16, 16, 0xffd03030), false),
                new NamedImage("ball.png", disc(16, 16, 0xff3030d0), false));
        return new SynthesisInputs(backgrounds, templates);
    }

    static SynthesisOptions zoom(int samples, long seed) {
        return SynthesisOptions.assessor(samples, new Size(32, 24), true, seed).withImageSize(new Size(64, 48));
    }

    static RgbaImage noise(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xff000000 | random.nextInt(0x1000000);
        }
        return new RgbaImage(width, height, pixels);
    }

    static RgbaImage disc(int width, int height, int argb) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - width / 2.0;
                double dy = y + 0.5 - height / 2.0;
                pixels[y * width + x] = dx * dx + dy * dy <= width * width / 4.0 ? argb : 0;
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    static RgbaImage uniform(int width, int height, int argb) {
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, argb);
        return new RgbaImage(width, height, pixels);
    }

    /** Collects samples in memory (tests only; a real run streams them). */
    static final class CollectingSink implements SampleSink {
        final List<Sample> samples = new ArrayList<>();
        final List<Integer> skipped = new ArrayList<>();

        @Override
        public void accept(Sample sample) {
            samples.add(sample);
        }

        @Override
        public void skipped(int index) {
            skipped.add(index);
        }
    }
}
