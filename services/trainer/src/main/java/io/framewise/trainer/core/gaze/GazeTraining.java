package io.framewise.trainer.core.gaze;

import io.framewise.common.model.gaze.GazeIndex;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.gaze.GazeModel;
import io.framewise.common.model.gaze.GazeNetwork;
import io.framewise.trainer.core.FamilyOptions;
import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.InvalidDatasetException;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingFamily;
import io.framewise.trainer.core.TrainingTask;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The gaze-target family (VTD) as a training task. A sample is one annotated head in one frame (spatial model) or a
 * chunk of {@code chunkSize} consecutive frames of one track (temporal model); {@code batchSize} counts samples. Each
 * frame is augmented (a left/right flip, the same for a whole chunk, with the head box and gaze point mirrored; the
 * head box jittered by up to {@code headJitter} of its size; colour) and gives the network's three inputs, a Gaussian
 * heatmap target at the gaze point and the in-frame label.
 *
 * <p>Loss, as VTD's: {@code heatmapWeight} (10000) times the mean squared heatmap error over the frames whose gaze is
 * inside, plus {@code inOutWeight} (100) times the binary cross-entropy of the in-frame logit. Fine-tuning starts from
 * initial weights and freezes the layers up to one ({@code freezeUpTo encoder} keeps scene, head, attention and
 * encoder as loaded: {@link GazeNetwork#LAYERS}).
 *
 * <p>Options: chunkSize 3 (temporal model), heatmapWeight 10000, inOutWeight 100, flipFrequency 0.5, headJitter 0.1,
 * colorStrength 0.2. Only the index rows stay in memory; frames are read as batches need them, so the data set's size
 * does not decide whether a run fits in memory.
 */
public final class GazeTraining implements TrainingTask<GazeTraining.Sample> {

    private static final Map<String, String> OPTION_DEFAULTS = Map.of("chunkSize", "3", "heatmapWeight", "10000",
            "inOutWeight", "100", "flipFrequency", "0.5", "headJitter", "0.1", "colorStrength", "0.2");

    /** The family, as the trainer's registry knows it. */
    public static final TrainingFamily FAMILY = new TrainingFamily() {
        @Override
        public String name() {
            return GazeModel.FAMILY;
        }

        @Override
        public Set<String> modelSettings() {
            return GazeModel.SETTINGS;
        }

        @Override
        public Set<String> options() {
            return OPTION_DEFAULTS.keySet();
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("learningRate", "0.00025");
        }

        @Override
        public TrainingTask<?> open(TaskSetup setup) throws IOException {
            return new GazeTraining(setup);
        }
    };

    /** One sample's frames: network inputs, heatmap targets and in-frame labels. */
    public record Sample(List<GazeModel.Input> inputs, List<float[]> targets, float[] inFrame) {
    }

    private final GazeModel model;
    private final GazeNetwork network;
    private final NDManager manager;
    private final ImageSource images;
    private final List<List<GazeIndex.Row>> samples;
    private final int chunk;
    private final float heatmapWeight;
    private final float inOutWeight;
    private final double flipFrequency;
    private final double headJitter;
    private final double colorStrength;
    private final GazeIndex.Row previewRow;
    private final ImageSource previewImages;

    private GazeTraining(TaskSetup setup) throws IOException {
        Map<String, String> o = new LinkedHashMap<>(OPTION_DEFAULTS);
        o.putAll(setup.hyperparameters().options());
        this.model = new GazeModel(new ModelSpec(GazeModel.FAMILY, setup.hyperparameters().modelSettings(),
                List.of(GazeModel.CATEGORY)));
        this.chunk = model.temporal() ? FamilyOptions.whole(o, "chunkSize", 1, 64) : 1;
        this.heatmapWeight = (float) FamilyOptions.number(o, "heatmapWeight", 0, 1e9);
        this.inOutWeight = (float) FamilyOptions.number(o, "inOutWeight", 0, 1e9);
        this.flipFrequency = FamilyOptions.number(o, "flipFrequency", 0, 1);
        this.headJitter = FamilyOptions.number(o, "headJitter", 0, 1);
        this.colorStrength = FamilyOptions.number(o, "colorStrength", 0, 1);
        List<GazeIndex.Row> rows = read(setup.train());
        this.samples = GazeIndex.chunks(rows, chunk);
        if (samples.isEmpty()) {
            throw new InvalidDatasetException(setup.train().name() + " has no track of " + chunk
                    + " consecutive frames (chunkSize)");
        }
        this.images = setup.train().images();
        this.manager = setup.manager();
        this.network = model.initialize(manager, setup.hyperparameters().batchSize() * chunk);
        if (setup.validation() != null) {
            this.previewRow = read(setup.validation()).get(0);
            this.previewImages = setup.validation().images();
        } else {
            this.previewRow = rows.get(0);
            this.previewImages = images;
        }
    }

    private static List<GazeIndex.Row> read(TaskSetup.Data data) throws IOException {
        try (InputStream in = data.openIndex()) {
            return GazeIndex.read(in, data.name());
        } catch (io.framewise.common.model.gaze.GazeIndexFormatException e) {
            throw new InvalidDatasetException(e.getMessage());
        }
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    public GazeModel model() {
        return model;
    }

    public GazeNetwork network() {
        return network;
    }

    public int chunkSize() {
        return chunk;
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("model", network);
    }

    @Override
    public int samples() {
        return samples.size();
    }

    @Override
    public int freezeUpTo(String layer) {
        int last = GazeNetwork.LAYERS.indexOf(layer.trim());
        if (last < 0) {
            throw new IllegalArgumentException("cannot freeze up to '" + layer + "': use one of " + GazeNetwork.LAYERS);
        }
        int frozen = 0;
        for (Pair<String, Block> child : network.getChildren()) {
            String name = child.getKey().replaceFirst("^\\d+", "");
            int at = GazeNetwork.LAYERS.indexOf(name.equals("inoutLinear") ? "inout" : name);
            if (at >= 0 && at <= last) {
                child.getValue().freezeParameters(true);
                frozen += child.getValue().getParameters().size();
            }
        }
        return frozen;
    }

    @Override
    public Sample load(int index, SplittableRandom random) throws IOException {
        List<GazeIndex.Row> rows = samples.get(index);
        boolean flip = random.nextDouble() < flipFrequency;
        double brightness = 1 + (random.nextDouble() * 2 - 1) * colorStrength;
        List<GazeModel.Input> inputs = new ArrayList<>(rows.size());
        List<float[]> targets = new ArrayList<>(rows.size());
        float[] inFrame = new float[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            GazeIndex.Row r = rows.get(k);
            BufferedImage image = images.read(r.image());
            int w = image.getWidth();
            double[] box = jitter(r.box(), random);
            double gx = r.gazeX();
            if (flip) {
                image = mirror(image);
                box = new double[] {w - box[2], box[1], w - box[0], box[3]};
                gx = w - gx;
            }
            if (brightness != 1) {
                image = brighten(image, brightness);
            }
            box = new double[] {Math.max(0, box[0]), Math.max(0, box[1]), Math.min(w, box[2]),
                Math.min(image.getHeight(), box[3])};
            inputs.add(model.input(image, box));
            inFrame[k] = r.inFrame() ? 1 : 0;
            targets.add(r.inFrame() ? model.target(gx / w, r.gazeY() / image.getHeight())
                    : new float[model.heatmapSize() * model.heatmapSize()]);
        }
        return new Sample(inputs, targets, inFrame);
    }

    private double[] jitter(double[] box, SplittableRandom random) {
        double w = box[2] - box[0];
        double h = box[3] - box[1];
        double[] out = box.clone();
        out[0] -= (random.nextDouble() * 2 - 1) * headJitter * w;
        out[2] += (random.nextDouble() * 2 - 1) * headJitter * w;
        out[1] -= (random.nextDouble() * 2 - 1) * headJitter * h;
        out[3] += (random.nextDouble() * 2 - 1) * headJitter * h;
        if (out[2] - out[0] < 2 || out[3] - out[1] < 2) {
            return box;
        }
        return out;
    }

    private static BufferedImage mirror(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, new AffineTransform(-1, 0, 0, 1, image.getWidth(), 0), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage brighten(BufferedImage image, double factor) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int r = clamp(((p >> 16) & 0xff) * factor);
            int g = clamp(((p >> 8) & 0xff) * factor);
            int b = clamp((p & 0xff) * factor);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public Map<String, Double> step(List<Sample> batch, Updates updates) {
        List<GazeModel.Input> inputs = new ArrayList<>();
        int heat = model.heatmapSize();
        int frames = batch.size() * chunk;
        float[] targets = new float[frames * heat * heat];
        float[] inFrame = new float[frames];
        int k = 0;
        for (Sample s : batch) {
            inputs.addAll(s.inputs());
            for (int f = 0; f < s.inputs().size(); f++, k++) {
                System.arraycopy(s.targets().get(f), 0, targets, k * heat * heat, heat * heat);
                inFrame[k] = s.inFrame()[f];
            }
        }
        Map<String, Double> losses = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager()) {
            NDList x = model.batch(m, inputs, chunk);
            NDArray target = m.create(targets, new Shape(frames, heat * heat));
            NDArray label = m.create(inFrame, new Shape(frames, 1));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = network.forward(new ParameterStore(m, false), x, true);
                NDArray perFrame = out.get(0).reshape(frames, heat * heat).sub(target).square().mean(new int[] {1});
                float inside = Math.max(1, sum(inFrame));
                NDArray heatmapLoss = perFrame.mul(label.reshape(frames)).sum().div(inside).mul(heatmapWeight);
                NDArray logit = out.get(1);
                // binary cross-entropy with logits, in its stable form: max(x, 0) - x y + log(1 + exp(-|x|))
                NDArray bce = logit.maximum(0).sub(logit.mul(label)).add(logit.abs().neg().exp().add(1).log()).mean()
                        .mul(inOutWeight);
                NDArray total = heatmapLoss.add(bce);
                losses.put("heatmap", (double) heatmapLoss.getFloat());
                losses.put("inout", (double) bce.getFloat());
                losses.put("total", (double) total.getFloat());
                if (Double.isFinite(losses.get("total"))) {
                    collector.backward(total);
                }
            }
            updates.apply("model", losses);
        }
        return losses;
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    @Override
    public Optional<BufferedImage> preview(double minScore) {
        GazeIndex.Row r = previewRow;
        BufferedImage image;
        try {
            image = previewImages.read(r.image());
        } catch (IOException e) {
            return Optional.empty();
        }
        List<GazeModel.Input> inputs = new ArrayList<>();
        for (int k = 0; k < chunk; k++) {
            inputs.add(model.input(image, r.box()));
        }
        GazeModel.Output out = model.run(network, manager, inputs, chunk);
        double[] p = GazeModel.argmax(out.heatmaps()[0], model.heatmapSize());
        double inside = 1 / (1 + Math.exp(-out.inFrameLogits()[0]));
        return Optional.of(draw(image, r, p, inside));
    }

    /** The frame with the head box, the true gaze (white) and the predicted one (cyan), and the in-frame score. */
    static BufferedImage draw(BufferedImage image, GazeIndex.Row r, double[] predicted, double inside) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float line = Math.max(1.5f, image.getWidth() / 320f);
            g.setStroke(new BasicStroke(line));
            double hx = (r.xmin() + r.xmax()) / 2;
            double hy = (r.ymin() + r.ymax()) / 2;
            g.setColor(Color.WHITE);
            g.draw(new java.awt.geom.Rectangle2D.Double(r.xmin(), r.ymin(), r.xmax() - r.xmin(), r.ymax() - r.ymin()));
            if (r.inFrame()) {
                g.draw(new Line2D.Double(hx, hy, r.gazeX(), r.gazeY()));
            }
            double px = predicted[0] * image.getWidth();
            double py = predicted[1] * image.getHeight();
            g.setColor(Color.CYAN);
            g.draw(new Line2D.Double(hx, hy, px, py));
            g.fill(new Ellipse2D.Double(px - 3 * line, py - 3 * line, 6 * line, 6 * line));
            g.drawString(String.format(Locale.ROOT, "in frame %.2f", inside), (float) r.xmin(),
                    (float) Math.max(12, r.ymin() - 4));
        } finally {
            g.dispose();
        }
        return out;
    }

    @Override
    public void close() {
        network.clear();
    }
}
