package io.framewise.datasetsynthesizer.core;

import java.util.List;

/**
 * Runs the detection synthesis over image indices {@code startIndex .. numSamples-1} on N threads. Images are
 * the background at the image size with the templates pasted (no crop); they reach the sink in index order.
 */
public final class DetectionSynthesis {

    private DetectionSynthesis() {
    }

    /** The number of images produced. */
    public static int run(SynthesisInputs inputs, SynthesisOptions options, int maxTemplatesPerImage, int threads,
                          DetectionSink sink, int startIndex) {
        if (maxTemplatesPerImage < 1) {
            throw new IllegalArgumentException("maxTemplatesPerImage must be positive: " + maxTemplatesPerImage);
        }
        TemplateSize.room(options);
        List<RgbaImage> backgrounds = inputs.backgrounds().stream()
                .map(b -> LanczosResize.resize(b.image(), options.imageSize())).toList();
        DetectionImage drawer = new DetectionImage(inputs, backgrounds, options, maxTemplatesPerImage);
        int[] produced = {0};
        OrderedParallelRun.run(startIndex, options.numSamples(), threads, index -> () -> drawer.draw(index),
                sample -> {
                    produced[0]++;
                    sink.accept(sample);
                });
        return produced[0];
    }
}
