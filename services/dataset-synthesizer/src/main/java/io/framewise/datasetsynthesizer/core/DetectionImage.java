package io.framewise.datasetsynthesizer.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one detection image: 1..max templates, each flipped at random, sized like the assessor's, pasted at
 * a random place. Later templates may cover earlier ones, so boxes come from the pixels each template still
 * shows at the end; a template covered entirely is left out of the annotations.
 */
final class DetectionImage {

    static final int OPAQUE_ALPHA = 128;

    private final SynthesisInputs inputs;
    private final List<RgbaImage> resizedBackgrounds;
    private final SynthesisOptions options;
    private final int maxTemplates;

    DetectionImage(SynthesisInputs inputs, List<RgbaImage> resizedBackgrounds, SynthesisOptions options,
                   int maxTemplates) {
        this.inputs = inputs;
        this.resizedBackgrounds = resizedBackgrounds;
        this.options = options;
        this.maxTemplates = maxTemplates;
    }

    DetectionSample draw(int index) {
        SplittableRandom random = SampleRandom.of(options.seed(), index, SampleRandom.CONTENT);
        int backgroundIndex = random.nextInt(inputs.backgrounds().size());
        Size original = inputs.backgrounds().get(backgroundIndex).image().size();
        RgbaImage image = resizedBackgrounds.get(backgroundIndex);
        int[] owner = new int[image.width() * image.height()];
        List<NamedImage> pasted = new ArrayList<>();
        int count = random.nextInt(1, maxTemplates + 1);
        for (int i = 0; i < count; i++) {
            NamedImage template = inputs.templates().get(random.nextInt(inputs.templates().size()));
            boolean flipped = random.nextDouble() >= 0.5;
            Size size = TemplateSize.choose(options, original, random);
            RgbaImage stamp = LanczosResize.resize(flipped ? template.image().flippedLeftRight() : template.image(),
                    size);
            int x = random.nextInt(0, image.width() - size.width() + 1);
            int y = random.nextInt(0, image.height() - size.height() + 1);
            image = TemplatePaste.over(image, stamp, x, y);
            claim(owner, image.width(), stamp, x, y, pasted.size() + 1);
            pasted.add(template);
        }
        return new DetectionSample(index, inputs.backgrounds().get(backgroundIndex).name(), image,
                instances(owner, image.width(), pasted));
    }

    /** Marks the pixels where this template is opaque as showing it (owner ids start at 1). */
    private static void claim(int[] owner, int width, RgbaImage stamp, int x, int y, int id) {
        for (int ty = 0; ty < stamp.height(); ty++) {
            for (int tx = 0; tx < stamp.width(); tx++) {
                if (stamp.argb(tx, ty) >>> 24 >= OPAQUE_ALPHA) {
                    owner[(y + ty) * width + x + tx] = id;
                }
            }
        }
    }

    private static List<DetectionInstance> instances(int[] owner, int width, List<NamedImage> pasted) {
        int n = pasted.size();
        int[] x0 = filled(n, Integer.MAX_VALUE);
        int[] y0 = filled(n, Integer.MAX_VALUE);
        int[] x1 = new int[n];
        int[] y1 = new int[n];
        long[] area = new long[n];
        for (int p = 0; p < owner.length; p++) {
            int id = owner[p] - 1;
            if (id >= 0) {
                int x = p % width;
                int y = p / width;
                x0[id] = Math.min(x0[id], x);
                y0[id] = Math.min(y0[id], y);
                x1[id] = Math.max(x1[id], x + 1);
                y1[id] = Math.max(y1[id], y + 1);
                area[id]++;
            }
        }
        List<DetectionInstance> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (area[i] > 0) {
                String name = pasted.get(i).name();
                result.add(new DetectionInstance(TemplateCategory.of(name), name,
                        new Box(x0[i], y0[i], x1[i], y1[i]), area[i]));
            }
        }
        return result;
    }

    private static int[] filled(int n, int value) {
        int[] values = new int[n];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
