package io.framewise.trainer.core;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Heatmaps;
import io.framewise.common.model.keypoints.Keypoint;
import io.framewise.common.model.keypoints.PoseDrawing;
import io.framewise.common.model.keypoints.StackedHourglass;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the pose family trains on, made visible before training: for each of the first instances of a dataset, a strip
 * of tiles, the plain crop first and then augmented ones, each the network's input with the heatmap targets laid over
 * it (red, the maximum over the parts) and the keypoints and skeleton drawn where the targets say they are. A
 * misaligned dot, a flip that does not swap left and right, a crop that cuts the object off: each shows here.
 */
public final class PoseInputCheck {

    private static final int TILE = 192;

    private PoseInputCheck() {
    }

    /** One strip per instance, named by the instance's image and annotation id. */
    public record Strip(String name, BufferedImage image) {
    }

    /**
     * @param settings model settings and augmentation options, as a training request gives them
     * @param instances how many instances (from the first)
     * @param variants augmented tiles per instance, after the plain one
     */
    public static List<Strip> render(PoseDataset data, ImageSource images, Map<String, String> settings, int instances,
            int variants, long seed) throws IOException {
        Map<String, String> modelSettings = new java.util.LinkedHashMap<>(settings);
        modelSettings.keySet().retainAll(StackedHourglass.SETTINGS);
        Map<String, String> options = new java.util.LinkedHashMap<>(settings);
        options.keySet().retainAll(PoseAugmentation.KEYS);
        for (String key : settings.keySet()) {
            if (!StackedHourglass.SETTINGS.contains(key) && !PoseAugmentation.KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' for the input check; known: model "
                        + new java.util.TreeSet<>(StackedHourglass.SETTINGS) + ", augmentation "
                        + new java.util.TreeSet<>(PoseAugmentation.KEYS));
            }
        }
        ModelSpec spec = PoseTraining.specOf(data, modelSettings);
        StackedHourglass model = new StackedHourglass(spec);
        PoseAugmentation augmentation = PoseAugmentation.parse(options);
        List<Strip> strips = new ArrayList<>();
        for (int i = 0; i < Math.min(instances, data.size()); i++) {
            PoseDataset.Instance instance = data.instances().get(i);
            BufferedImage image = images.read(instance.fileName());
            BufferedImage strip = new BufferedImage(TILE * (variants + 1), TILE, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = strip.createGraphics();
            try {
                for (int v = 0; v <= variants; v++) {
                    PoseAugmentation used = v == 0 ? PoseAugmentation.NONE : augmentation;
                    PoseTraining.Rendered r = PoseTraining.render(model, instance, image, used,
                            new SplittableRandom(seed * 1_000_003L + i * 101L + v));
                    g.drawImage(tile(model, r), v * TILE, 0, null);
                }
            } finally {
                g.dispose();
            }
            strips.add(new Strip(instance.fileName().replace('/', '_') + "-" + instance.id(), strip));
        }
        return strips;
    }

    private static BufferedImage tile(StackedHourglass model, PoseTraining.Rendered r) {
        int size = model.inputSize();
        int heat = model.heatmapSize();
        float[][] maps = Heatmaps.targets(r.keypoints(), size, size, heat, heat, r.sigmas());
        BufferedImage overlay = new BufferedImage(heat, heat, BufferedImage.TYPE_INT_ARGB);
        for (int c = 0; c < heat * heat; c++) {
            float max = 0;
            for (float[] map : maps) {
                max = Math.max(max, map[c]);
            }
            overlay.setRGB(c % heat, c / heat, ((int) (170 * max) << 24) | 0xff2020);
        }
        double scale = (double) TILE / size;
        List<Keypoint> points = new ArrayList<>();
        for (float[] k : r.keypoints()) {
            points.add(new Keypoint(k[0] * scale, k[1] * scale, k[2] > 0 ? 1 : 0));
        }
        BufferedImage out = new BufferedImage(TILE, TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(r.crop(), 0, 0, TILE, TILE, null);
            g.drawImage(overlay, 0, 0, TILE, TILE, null);
            PoseDrawing.drawOn(g, TILE, List.of(new Detection(0, 0, TILE, TILE, 0, 1, points)), List.of(),
                    model.keypoints(), 0.5);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(0, 0, TILE - 1, TILE - 1);
        } finally {
            g.dispose();
        }
        return out;
    }
}
