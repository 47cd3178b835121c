package io.framewise.datasetsynthesizer.core;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws one assessor sample (the source's {@code create_sample}): pick a background and a template, flip
 * the template at random, resize it, paste it, crop a view as the plan says, resize the view.
 */
final class AssessorSample {

    private final SynthesisInputs inputs;
    private final List<RgbaImage> resizedBackgrounds;
    private final SynthesisOptions options;

    AssessorSample(SynthesisInputs inputs, List<RgbaImage> resizedBackgrounds, SynthesisOptions options) {
        this.inputs = inputs;
        this.resizedBackgrounds = resizedBackgrounds;
        this.options = options;
    }

    /** The sample, or empty when no crop in the plan's IoU bucket was found. */
    Optional<Sample> draw(CropPlan plan) {
        SplittableRandom random = SampleRandom.of(options.seed(), plan.index(), SampleRandom.CONTENT);
        int backgroundIndex = random.nextInt(inputs.backgrounds().size());
        NamedImage template = inputs.templates().get(random.nextInt(inputs.templates().size()));
        boolean flipped = random.nextDouble() >= 0.5;
        Size size = TemplateSize.choose(options, inputs.backgrounds().get(backgroundIndex).image().size(), random);
        RgbaImage stamp = LanczosResize.resize(flipped ? template.image().flippedLeftRight() : template.image(), size);
        RgbaImage background = resizedBackgrounds.get(backgroundIndex);
        Box paste = pastePosition(background.size(), size, random);
        Optional<Box> crop = crop(plan, background.size(), paste, random);
        if (crop.isEmpty()) {
            return Optional.empty();
        }
        RgbaImage composed = TemplatePaste.over(background, stamp, paste.x0(), paste.y0());
        RgbaImage view = LanczosResize.resize(composed.crop(crop.get()), options.outputSize());
        return Optional.of(new Sample(plan.index(), inputs.backgrounds().get(backgroundIndex).name(),
                template.name(), flipped, plan.kind(), plan.target(), paste, crop.get(),
                crop.get().iou(paste), view));
    }

    private Box pastePosition(Size image, Size stamp, SplittableRandom random) {
        int[] margin = options.enlargeRegion();
        int x = random.nextInt(margin[0], image.width() - stamp.width() - margin[2] + 1);
        int y = random.nextInt(margin[1], image.height() - stamp.height() - margin[3] + 1);
        return Box.of(x, y, stamp);
    }

    private Optional<Box> crop(CropPlan plan, Size image, Box paste, SplittableRandom random) {
        return switch (plan.kind()) {
            case IOU_BUCKET -> IouCrop.search(image, paste, plan.target(), random, options.cropAttempts(),
                    options.lowIouRule());
            case NAIVE_ZOOM -> Optional.of(NaiveZoom.crop(image, paste, random));
            case ENLARGED_REGION -> Optional.of(enlarged(paste));
        };
    }

    private Box enlarged(Box paste) {
        int[] m = options.enlargeRegion();
        return new Box(paste.x0() - m[0], paste.y0() - m[1], paste.x1() + m[2], paste.y1() + m[3]);
    }
}
