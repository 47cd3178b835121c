package io.framewise.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.Detection;
import io.framewise.trainer.core.FolderData;
import io.framewise.trainer.core.Hyperparameters;
import io.framewise.trainer.core.LoansTraining;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.RunStorage;
import io.framewise.trainer.core.TaskSetup;
import io.framewise.trainer.core.TrainingRun;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The LoANs benchmark (issue 7), on a generated figure-skating-like set ({@link Skating}): localizer+assessor
 * iterations/s at batch 16, 224 px input, 75x100 target, ResNet-18 localizer, on the JVM's intra-op threads;
 * then the mean IoU of the localizer's boxes on held-out frames after a fixed budget: {@code budget}
 * iterations of joint training (the assessor learns), then {@code budget} iterations of a fresh localizer
 * against that assessor, frozen. Prints one JSON line.
 *
 * <p>Usage: {@code LoansBenchmark WORK [WARMUP] [ITERATIONS] [BUDGET]}.
 */
public final class LoansBenchmark {

    private LoansBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int budget = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        int size = 224;
        Path data = work.resolve("data");
        Path frames = data.resolve("frames/gt.csv");
        Path assessor = data.resolve("assessor/images.csv");
        Path held = data.resolve("held/gt.csv");
        if (!Files.exists(data.resolve(".done"))) {
            System.err.println("generating frames and assessor crops ...");
            Skating.frames(data.resolve("frames"), 512, size, 1);
            Skating.frames(data.resolve("held"), 64, size, 3);
            Skating.assessor(data.resolve("assessor"), 2000, size, 75, 100, 2);
            Files.writeString(data.resolve(".done"), "ok");
        }

        double speed;
        try (NDManager m = NDManager.newBaseManager()) {
            Hyperparameters h = hyper(warmup + iterations, 0.001, null);
            TrainingRun.seed(h.seed());
            LoansTraining task = open(h, frames, assessor, m);
            long[] marks = new long[2];
            run(task, h, work.resolve("speed"), m, new RunListener() {
                @Override
                public void progress(Progress p) {
                    if (p.iteration() == warmup && !p.losses().isEmpty()) {
                        marks[0] = System.nanoTime();
                    }
                    if (p.iteration() == warmup + iterations && !p.losses().isEmpty()) {
                        marks[1] = System.nanoTime();
                    }
                }
            });
            speed = iterations / ((marks[1] - marks[0]) / 1e9);
            System.err.printf(Locale.ROOT, "%.3f iterations/s%n", speed);
        }

        Path assessorWeights = work.resolve("assessor.params");
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager()) {
            Hyperparameters h = hyper(budget, 0.002, null);
            TrainingRun.seed(h.seed());
            LoansTraining task = open(h, frames, assessor, m);
            run(task, h, work.resolve("joint"), m, new RunListener() { });
            try (OutputStream out = Files.newOutputStream(assessorWeights)) {
                Weights.save(task.blocks().get("assessor"), out);
            }
        }
        double before;
        double after;
        try (NDManager m = NDManager.newBaseManager()) {
            Hyperparameters h = hyper(budget, 0.0001, assessorWeights.toString());
            TrainingRun.seed(h.seed());
            LoansTraining task = open(h, frames, assessor, m);
            before = meanIou(task, held);
            run(task, h, work.resolve("localizer"), m, new RunListener() { });
            after = meanIou(task, held);
        }
        System.out.printf(Locale.ROOT, "{\"iterations_per_second\":%.3f,\"batch\":16,\"image_size\":%d,\"target\":\"75x100\","
                + "\"budget\":%d,\"mean_iou_initial\":%.3f,\"mean_iou_after\":%.3f,\"budget_seconds\":%.0f}%n", speed, size,
                budget, before, after, (System.nanoTime() - t0) / 1e9);
    }

    private static Hyperparameters hyper(int iterations, double learningRate, String assessorWeights) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("batchSize", "16");
        map.put("learningRate", Double.toString(learningRate));
        map.put("iterations", Integer.toString(iterations));
        map.put("imageSize", "224");
        map.put("targetSize", "75x100");
        map.put("logInterval", "1");
        map.put("previewInterval", "0");
        map.put("snapshotAtEpochEnd", "false");
        map.put("seed", "3");
        map.put("object", "figure");
        if (assessorWeights != null) {
            map.put("assessorWeights", assessorWeights);
        }
        return Hyperparameters.parse(map, LoansTraining.FAMILY);
    }

    private static LoansTraining open(Hyperparameters h, Path frames, Path assessor, NDManager m) throws Exception {
        return (LoansTraining) LoansTraining.FAMILY.open(new TaskSetup(h, new FolderData(frames), null, m,
                Map.of("assessor", new FolderData(assessor)), TaskSetup.Resources.FILES));
    }

    private static void run(LoansTraining task, Hyperparameters h, Path dir, NDManager m, RunListener listener)
            throws Exception {
        new TrainingRun(task, h, RunStorage.directory(dir), listener, new RunControl(), dir.resolve(".work")).run(m);
    }

    private static double meanIou(LoansTraining task, Path gt) throws Exception {
        List<String> lines = Files.readAllLines(gt);
        double sum = 0;
        int n = 0;
        for (int from = 1; from < lines.size(); from += 16) {
            List<BufferedImage> images = new ArrayList<>();
            List<double[]> truth = new ArrayList<>();
            for (String line : lines.subList(from, Math.min(lines.size(), from + 16))) {
                String[] p = line.split(",");
                images.add(ImageIO.read(gt.getParent().resolve(p[0]).toFile()));
                truth.add(new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]),
                    Double.parseDouble(p[4])});
            }
            List<Detection> found = task.predict(images);
            for (int i = 0; i < found.size(); i++) {
                Detection d = found.get(i);
                double[] t = truth.get(i);
                sum += Skating.iou(d.x(), d.y(), d.width(), d.height(), t[0], t[1], t[2], t[3]);
                n++;
            }
        }
        return sum / n;
    }
}
