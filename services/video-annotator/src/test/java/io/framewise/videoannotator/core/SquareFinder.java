package io.framewise.videoannotator.core;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in model whose detections are exactly known: it finds the bright yellow square that
 * {@code TestVideos.picture} draws (the bounding box of its pixels) and reports it with score 0.9, plus, for a
 * LoANs-family spec, a second weak box (score 0.2) in the lower-left corner.
 */
final class SquareFinder implements Predictor {

    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger largestBatch = new AtomicInteger();
    private final ModelSpec spec;

    SquareFinder(String family) {
        spec = new ModelSpec(family, Map.of(), List.of("square", "other"));
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    static Detection find(BufferedImage image) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r > 200 && g > 180 && b < 110) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new Detection(x0, y0, x1 - x0 + 1, y1 - y0 + 1, 0, 0.9);
    }

    @Override
    public List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int maxDetections) {
        batches.incrementAndGet();
        largestBatch.accumulateAndGet(images.size(), Math::max);
        List<List<Detection>> out = new ArrayList<>();
        for (BufferedImage image : images) {
            List<Detection> d = new ArrayList<>();
            Detection square = find(image);
            if (square != null) {
                d.add(square);
            }
            if (spec.family().equals("loans")) {
                d.add(new Detection(4, image.getHeight() - 34, 30, 30, 1, 0.2));
            }
            out.add(d.stream().filter(x -> x.score() >= minScore).limit(maxDetections).toList());
        }
        return out;
    }

    @Override
    public void close() {
    }
}
