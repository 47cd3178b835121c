package io.framewise.common.model.detector;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.framewise.common.model.ImageTensors;
import io.framewise.common.model.ModelSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * For tests of the services that run models (evaluator, video-annotator): a tiny one-stage detector of one
 * class, a white square on black at 64 px, and a few seconds of training that teach it to find the square.
 */
public final class SquareDetectors {

    public static final int SIZE = 64;
    public static final ModelSpec SPEC = new ModelSpec(OneStageDetector.FAMILY, Map.of("width", "8", "imageSize", "64"),
            List.of("square"));

    private SquareDetectors() {
    }

    /** A white square of 16..28 px on black at {@link #SIZE}; its box goes to {@code box} (x, y, w, h). */
    public static BufferedImage square(Random random, int[] box) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int s = 16 + random.nextInt(13);
        int x = random.nextInt(SIZE - s);
        int y = random.nextInt(SIZE - s);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x, y, s, s);
        g.dispose();
        box[0] = x;
        box[1] = y;
        box[2] = s;
        box[3] = s;
        return image;
    }

    /** Trains {@code block} (a {@link #SPEC} detector) on fresh squares for {@code iterations} (Adam 0.005, batch 8). */
    public static void train(SequentialBlock block, NDManager m, int iterations, long seed) {
        OneStageDetector detector = new OneStageDetector(SPEC);
        Random random = new Random(seed);
        DetectorTargets targets = new DetectorTargets(detector.inputSize());
        int cells = targets.cells();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).build();
        for (int it = 0; it < iterations; it++) {
            int n = 8;
            float[] x = new float[n * 3 * SIZE * SIZE];
            float[] box = new float[n * 4 * cells];
            float[] obj = new float[n * cells];
            float[] oneHot = new float[n * cells];
            for (int k = 0; k < n; k++) {
                int[] b = new int[4];
                ImageTensors.toChw(square(random, b), x, k * 3 * SIZE * SIZE);
                float[] kb = new float[4 * cells];
                float[] ko = new float[cells];
                int[] kc = new int[cells];
                targets.encode(new float[] {b[0], b[1], b[2], b[3]}, new int[] {0}, kb, 0, ko, kc, 0);
                System.arraycopy(kb, 0, box, k * 4 * cells, 4 * cells);
                System.arraycopy(ko, 0, obj, k * cells, cells);
                for (int c = 0; c < cells; c++) {
                    oneHot[k * cells + c] = kc[c] == 0 ? 1 : 0;
                }
            }
            try (NDManager s = m.newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = block.forward(new ParameterStore(s, false),
                            new NDList(s.create(x, new Shape(n, 3, SIZE, SIZE))), true).singletonOrThrow();
                    Map<String, NDArray> terms = DetectorLoss.terms(out, s.create(box, new Shape(n, 4, cells)),
                            s.create(obj, new Shape(n, cells)), s.create(oneHot, new Shape(n, 1, cells)));
                    gc.backward(terms.get("objectness").add(terms.get("class")).add(terms.get("box")));
                }
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        adam.update(p.getKey(), p.getValue().getArray(), p.getValue().getArray().getGradient());
                    }
                }
            }
        }
    }
}
