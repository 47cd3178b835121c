package io.framewise.evaluator;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.gaze.GazeModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Generated gaze scenes for the evaluator's tests (the trainer's {@code GazeScenes} is out of reach: the trainer
 * depends on this module): tracks of consecutive 96x64 frames, a "head" (a light disk) drifting a little from frame to
 * frame, and when the person looks inside the frame a red target dot; every fourth frame the person looks outside
 * (gaze {@code -1,-1}, no dot). The index rows are in the gaze index format, images {@code images/tT-fF.png}.
 */
final class GazeTestScenes {

    static final int WIDTH = 96;
    static final int HEIGHT = 64;

    /** A frame's image (path relative to the index's folder) and its PNG bytes. */
    record Frame(String path, byte[] png) {
    }

    final List<Frame> frames = new ArrayList<>();
    final StringBuilder index = new StringBuilder("track,image,xmin,ymin,xmax,ymax,gaze_x,gaze_y\n");
    int rows;
    int inFrame;

    GazeTestScenes(int tracks, int framesPerTrack, long seed) throws IOException {
        Random random = new Random(seed);
        for (int t = 0; t < tracks; t++) {
            double hx = 10 + random.nextDouble() * 30;
            double hy = 8 + random.nextDouble() * 30;
            double tx = 50 + random.nextDouble() * 40;
            double ty = 5 + random.nextDouble() * 50;
            for (int f = 0; f < framesPerTrack; f++) {
                hx += random.nextDouble() - 0.5;
                hy += random.nextDouble() - 0.5;
                boolean inside = f % 4 != 3;
                BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(new Color(40, 45, 60));
                g.fillRect(0, 0, WIDTH, HEIGHT);
                g.setColor(new Color(230, 190, 160));
                g.fill(new Ellipse2D.Double(hx, hy, 14, 16));
                if (inside) {
                    g.setColor(Color.RED);
                    g.fill(new Ellipse2D.Double(tx - 3, ty - 3, 6, 6));
                }
                g.dispose();
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                String path = String.format(Locale.ROOT, "images/t%d-f%02d.png", t, f);
                frames.add(new Frame(path, png.toByteArray()));
                index.append(String.format(Locale.ROOT, "track%d,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n", t, path, hx, hy,
                        hx + 14, hy + 16, inside ? tx : -1.0, inside ? ty : -1.0));
                rows++;
                inFrame += inside ? 1 : 0;
            }
        }
    }

    /** A tiny untrained gaze-target checkpoint (width 8, 64 px): {@code model.json} and {@code model.params}. */
    static Map<String, byte[]> checkpoint(boolean temporal, int seed) throws IOException {
        ModelSpec spec = new ModelSpec(GazeModel.FAMILY, Map.of("width", "8", "imageSize", "64", "temporal",
                Boolean.toString(temporal)), List.of(GazeModel.CATEGORY));
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            var network = new GazeModel(spec).initialize(m, 1);
            // The new network's heatmap output is zero (a flat map has no argmax to speak of): give its last
            // convolution small random weights, as after a little training.
            for (var p : network.getParameters().values()) {
                var a = p.getArray();
                if (p.getType() == ai.djl.nn.Parameter.Type.WEIGHT && a.abs().max().getFloat() == 0) {
                    a.addi(m.randomNormal(0f, 0.1f, a.getShape(), a.getDataType()));
                }
            }
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            Weights.save(network, params);
            files.put("model.params", params.toByteArray());
        }
        files.put("model.json", spec.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return files;
    }
}
