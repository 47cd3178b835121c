package io.framewise.cli;

import io.framewise.common.image.ImageDecoding;
import io.framewise.common.model.Predictor;
import io.framewise.videoannotator.core.AnnotationOptions;
import io.framewise.videoannotator.core.AnnotationSummary;
import io.framewise.videoannotator.core.FrameListener;
import io.framewise.videoannotator.core.ImageSetAnnotation;
import io.framewise.videoannotator.core.VideoAnnotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate-file", mixinStandardHelpOptions = true,
        header = "Offline: draw a model's detections (boxes or poses) on a local video or folder of images.",
        description = {"Offline: annotate a local video, or every image in a folder, with a trained checkpoint (no broker",
            "or store). For a video, writes an H.264/yuv420p faststart mp4 at the source's frame rate (audio kept)",
            "with every box, class and score drawn (for a pose model, each frame's skeleton: joints coloured by side,",
            "bones, the pose's score); for a folder, the annotated images into the --out folder (same relative names;",
            "JPEG stays JPEG, other formats become PNG). Optionally writes the detections as a COCO results JSON",
            "(image_id = frame or image index + 1, file_name for images, keypoints [x, y, score, ...] for poses), and",
            "prints a JSON summary (frames, size, fps, detections, frames/s) on its last line.",
            "Examples: framewise annotate-file yuna.mp4 --model runs/skater/checkpoints/iter-00000500 --out yuna-boxes.mp4",
            "          framewise annotate-file photos/ --model runs/_models/skater --out photos-boxes/ --detections boxes.json"})
final class AnnotateFileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "VIDEO|FOLDER", description = "Any video FFmpeg reads, or a folder of JPEG, PNG, BMP or GIF images "
            + "(searched recursively, in name order).")
    Path video;

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT",
            description = "A checkpoint folder (model.json + weights), e.g. a run's checkpoints/iter-N/ or a promoted model's "
                    + "folder, or an exported model archive (.zip) of any family: detector, LoANs or stacked-hourglass pose.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT.mp4|DIR", description = "The annotated video, or the folder for annotated images.")
    Path out;

    @Option(names = "--detections", paramLabel = "OUT.json", description = "Also write the detections as COCO results.")
    Path detections;

    @Option(names = "--min-score", defaultValue = "0.3", paramLabel = "S", description = "Lowest score kept (default: "
            + "${DEFAULT-VALUE}). Pose models: a frame's pose is kept when its mean joint confidence is at least S, and its "
            + "joints below S are not drawn (the JSON keeps every joint with its confidence).")
    float minScore;

    @Option(names = "--nms-iou", defaultValue = "0.5", paramLabel = "T", description = "NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    double nmsIou;

    @Option(names = "--max-detections", defaultValue = "100", paramLabel = "N", description = "Boxes per frame at most (default: ${DEFAULT-VALUE}).")
    int maxDetections;

    @Option(names = "--classes", split = ",", paramLabel = "A,B", description = "Keep only these classes (default: all).")
    List<String> classes = List.of();

    @Option(names = "--max-side", defaultValue = "0", paramLabel = "PX",
            description = "Longest side of the annotated video; 0 keeps the source's size (default: ${DEFAULT-VALUE}).")
    int maxSide;

    @Option(names = "--batch-size", defaultValue = "4", paramLabel = "B", description = "Frames per inference batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--assessor-threshold", defaultValue = "0.5", paramLabel = "A",
            description = "LoANs models: boxes whose assessor score is below A are drawn dashed (default: ${DEFAULT-VALUE}).")
    float assessorThreshold;

    @Option(names = "--hide-below-assessor", description = "LoANs models: do not draw boxes below the assessor threshold.")
    boolean hideBelowAssessor;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(video) && !Files.isDirectory(video)) {
            throw new IllegalArgumentException("no such file or folder: " + video);
        }
        if (!Files.isRegularFile(model.resolve("model.json")) && !(Files.isRegularFile(model)
                && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))) {
            throw new IllegalArgumentException(model + " is neither a checkpoint folder (it has no model.json) nor a model "
                    + "archive (.zip)");
        }
        AnnotationOptions options = new AnnotationOptions(minScore, nmsIou, maxDetections, classes, maxSide, batchSize,
                assessorThreshold, hideBelowAssessor, 16);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProgressBar bar = new ProgressBar("annotating " + video.getFileName());
        long started = System.nanoTime();
        AtomicLong frames = new AtomicLong();
        AnnotationSummary summary;
        try (Predictor predictor = Predictor.load(model)) {
            FrameListener progress = f -> {
                long n = frames.incrementAndGet();
                if (n % 10 == 0) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    bar.update(n, 0, String.format(Locale.ROOT, "%.1f frames/s", n / Math.max(seconds, 1e-3)));
                }
            };
            if (Files.isDirectory(video)) {
                summary = new ImageSetAnnotation(options, null).run(images(video), predictor, (name, bytes, type) -> {
                    Path file = out.resolve(name);
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                }, detections, progress);
            } else {
                summary = new VideoAnnotation(options, null).run(video, predictor, out, detections, progress);
            }
        } finally {
            bar.done();
        }
        System.out.println(summary.toJson());
        return 0;
    }

    /** The images below {@code folder}, named by their path relative to it (with '/'), in name order. */
    static List<ImageSetAnnotation.Image> images(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> folder.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(ImageDecoding::isImageName)
                    .sorted()
                    .map(name -> new ImageSetAnnotation.Image(name, () -> Files.readAllBytes(folder.resolve(name))))
                    .toList();
        }
    }
}
