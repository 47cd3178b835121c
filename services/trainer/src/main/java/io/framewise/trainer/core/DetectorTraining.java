package io.framewise.trainer.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.framewise.common.model.InputSize;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.ResNet;
import io.framewise.common.model.detector.BoxDrawing;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.detector.DetectorLoss;
import io.framewise.common.model.detector.DetectorTargets;
import io.framewise.common.model.detector.OneStageDetector;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The one-stage detector as a training task: COCO data, augmentation (random scale and position, horizontal
 * flip, brightness/contrast/saturation), {@link DetectorTargets} and {@link DetectorLoss}.
 */
public final class DetectorTraining implements TrainingTask<DetectorTraining.Sample> {

    /** The family, as the trainer's registry knows it. */
    public static final TrainingFamily FAMILY = new TrainingFamily() {
        @Override
        public String name() {
            return OneStageDetector.FAMILY;
        }

        @Override
        public Set<String> modelSettings() {
            return OneStageDetector.SETTINGS;
        }

        @Override
        public TrainingTask<?> open(TaskSetup setup) throws IOException {
            return new DetectorTraining(setup);
        }
    };

    /** One augmented image at the input size (normalized CHW) and its encoded targets. */
    public record Sample(float[] pixels, float[] box, float[] objectness, int[] classIndex) {
    }

    private static final double MIN_SCALE = 0.75, MAX_SCALE = 1.25, JITTER = 0.2, MIN_VISIBLE = 0.4;

    private final CocoDataset train;
    private final ImageSource images;
    private final OneStageDetector detector;
    private final SequentialBlock block;
    private final DetectorTargets targets;
    private final NDManager manager;
    private final BufferedImage previewImage;

    private DetectorTraining(TaskSetup setup) throws IOException {
        this.train = readCoco(setup.train());
        this.images = setup.train().images();
        CocoDataset validation = setup.validation() == null ? null : readCoco(setup.validation());
        if (validation != null && !validation.categories().equals(train.categories())) {
            throw new InvalidDatasetException("the validation set's categories " + validation.categories()
                    + " differ from the training set's " + train.categories());
        }
        this.detector = new OneStageDetector(new ModelSpec(OneStageDetector.FAMILY,
                setup.hyperparameters().modelSettings(), train.categories()));
        this.manager = setup.manager();
        this.block = detector.initialize(manager, setup.hyperparameters().batchSize());
        this.targets = new DetectorTargets(detector.inputSize());
        this.previewImage = validation != null ? firstReadable(validation, setup.validation().images())
                : firstReadable(train, images);
    }

    private static CocoDataset readCoco(TaskSetup.Data data) throws IOException {
        try (InputStream in = data.openIndex()) {
            return CocoDataset.read(in, data.name());
        }
    }

    private static BufferedImage firstReadable(CocoDataset coco, ImageSource source) throws IOException {
        for (CocoDataset.Image image : coco.images().subList(0, Math.min(10, coco.size()))) {
            try {
                return source.read(image.fileName());
            } catch (ImageSource.UnreadableImageException e) {
                // try the next one
            }
        }
        return null;
    }

    @Override
    public ModelSpec spec() {
        return detector.spec();
    }

    public OneStageDetector detector() {
        return detector;
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("model", block);
    }

    @Override
    public int samples() {
        return train.size();
    }

    @Override
    public int freezeUpTo(String layer) {
        int children = ResNet.childrenUpTo(detector.depth(), layer);
        int frozen = 0;
        for (int c = 0; c < children; c++) {
            Block child = block.getChildren().get(c).getValue();
            child.freezeParameters(true);
            frozen += child.getParameters().size();
        }
        return frozen;
    }

    @Override
    public Sample load(int index, SplittableRandom random) throws IOException {
        CocoDataset.Image entry = train.images().get(index);
        BufferedImage image = images.read(entry.fileName());
        InputSize size = detector.inputSize();
        int w = size.width();
        int h = size.height();
        // Boxes are in the annotation's image size; the file may have been resized since.
        double fx = entry.width() > 0 ? (double) image.getWidth() / entry.width() : 1;
        double fy = entry.height() > 0 ? (double) image.getHeight() / entry.height() : 1;

        double scale = MIN_SCALE + random.nextDouble() * (MAX_SCALE - MIN_SCALE);
        boolean flip = random.nextBoolean();
        double windowW = image.getWidth() / scale;
        double windowH = image.getHeight() / scale;
        double x0 = (image.getWidth() - windowW) * random.nextDouble();
        double y0 = (image.getHeight() - windowH) * random.nextDouble();
        double sx = w / windowW;
        double sy = h / windowH;

        AffineTransform t = new AffineTransform();
        if (flip) {
            t.translate(w, 0);
            t.scale(-1, 1);
        }
        t.scale(sx, sy);
        t.translate(-x0, -y0);
        BufferedImage view = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = view.createGraphics();
        try {
            g.setColor(new Color(124, 116, 104));
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }

        int n = entry.classes().length;
        float[] boxes = new float[4 * n];
        int[] classes = new int[n];
        int kept = 0;
        for (int b = 0; b < n; b++) {
            double bx = (entry.boxes()[4 * b] * fx - x0) * sx;
            double by = (entry.boxes()[4 * b + 1] * fy - y0) * sy;
            double bw = entry.boxes()[4 * b + 2] * fx * sx;
            double bh = entry.boxes()[4 * b + 3] * fy * sy;
            if (flip) {
                bx = w - bx - bw;
            }
            double cx0 = Math.max(0, bx), cy0 = Math.max(0, by);
            double cx1 = Math.min(w, bx + bw), cy1 = Math.min(h, by + bh);
            if (cx1 <= cx0 || cy1 <= cy0 || (cx1 - cx0) * (cy1 - cy0) < MIN_VISIBLE * bw * bh) {
                continue;
            }
            boxes[4 * kept] = (float) cx0;
            boxes[4 * kept + 1] = (float) cy0;
            boxes[4 * kept + 2] = (float) (cx1 - cx0);
            boxes[4 * kept + 3] = (float) (cy1 - cy0);
            classes[kept++] = entry.classes()[b];
        }
        float[] pixels = new float[3 * w * h];
        jitter(view, random);
        io.framewise.common.model.ImageTensors.toChw(view, pixels, 0);
        int cells = targets.cells();
        float[] box = new float[4 * cells];
        float[] objectness = new float[cells];
        int[] classIndex = new int[cells];
        targets.encode(java.util.Arrays.copyOf(boxes, 4 * kept), java.util.Arrays.copyOf(classes, kept), box, 0,
                objectness, classIndex, 0);
        return new Sample(pixels, box, objectness, classIndex);
    }

    /** Brightness, contrast and saturation, each by a factor in [1 - JITTER, 1 + JITTER], in place. */
    private static void jitter(BufferedImage image, SplittableRandom random) {
        double brightness = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        double contrast = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        double saturation = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        ColorAdjust.apply(image, brightness, contrast, saturation);
    }

    @Override
    public Map<String, Double> step(List<Sample> batch, Updates updates) {
        InputSize size = detector.inputSize();
        int n = batch.size();
        int cells = targets.cells();
        int classes = detector.classes();
        int pixels = 3 * size.width() * size.height();
        float[] x = new float[n * pixels];
        float[] box = new float[n * 4 * cells];
        float[] obj = new float[n * cells];
        float[] oneHot = new float[n * classes * cells];
        for (int k = 0; k < n; k++) {
            Sample s = batch.get(k);
            System.arraycopy(s.pixels(), 0, x, k * pixels, pixels);
            System.arraycopy(s.box(), 0, box, k * 4 * cells, 4 * cells);
            System.arraycopy(s.objectness(), 0, obj, k * cells, cells);
            for (int c = 0; c < cells; c++) {
                if (s.classIndex()[c] >= 0) {
                    oneHot[(k * classes + s.classIndex()[c]) * cells + c] = 1;
                }
            }
        }
        Map<String, Double> losses = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray input = m.create(x, new Shape(n, 3, size.height(), size.width()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(m, false), new NDList(input), true).singletonOrThrow();
                Map<String, NDArray> terms = DetectorLoss.terms(out, m.create(box, new Shape(n, 4, cells)),
                        m.create(obj, new Shape(n, cells)), m.create(oneHot, new Shape(n, classes, cells)));
                NDArray total = null;
                for (Map.Entry<String, NDArray> e : terms.entrySet()) {
                    total = total == null ? e.getValue() : total.add(e.getValue());
                    losses.put(e.getKey(), (double) e.getValue().getFloat());
                }
                losses.put("total", (double) total.getFloat());
                if (Double.isFinite(losses.get("total"))) {
                    collector.backward(total);
                }
            }
            updates.apply("model", losses);
        }
        return losses;
    }

    @Override
    public Optional<BufferedImage> preview(double minScore) {
        if (previewImage == null) {
            return Optional.empty();
        }
        List<Detection> found = detector.predict(block, manager, List.of(previewImage), (float) minScore, 0.5, 20)
                .get(0);
        return Optional.of(BoxDrawing.draw(previewImage, found, detector.spec().categories()));
    }

    @Override
    public void close() {
        block.clear();
    }
}
