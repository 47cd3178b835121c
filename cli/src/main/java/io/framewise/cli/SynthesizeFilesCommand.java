package io.framewise.cli;

import io.framewise.datasetsynthesizer.core.AssessorSynthesis;
import io.framewise.datasetsynthesizer.core.BaseBoxes;
import io.framewise.datasetsynthesizer.core.CocoDirectorySink;
import io.framewise.datasetsynthesizer.core.DetectionSynthesis;
import io.framewise.datasetsynthesizer.core.DirectorySink;
import io.framewise.datasetsynthesizer.core.ImageLoader;
import io.framewise.datasetsynthesizer.core.LowIouRule;
import io.framewise.datasetsynthesizer.core.NamedImage;
import io.framewise.datasetsynthesizer.core.Size;
import io.framewise.datasetsynthesizer.core.SynthesisInputs;
import io.framewise.datasetsynthesizer.core.SynthesisOptions;
import io.framewise.datasetsynthesizer.core.SynthesisSummary;
import io.framewise.datasetsynthesizer.core.TemplateCategory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synthesize-files", mixinStandardHelpOptions = true,
        header = "Offline: a synthetic assessor or detection dataset from local templates and backgrounds.",
        description = {"Pastes RGBA templates (randomly flipped) on backgrounds and writes, for --kind assessor,",
            "crops labelled with their IoU (images/ and images.csv: path TAB IoU with 4 decimals, plus samples.tsv",
            "with the paste and crop boxes), or for --kind detection, images with every pasted box in a COCO",
            "instances.json (categories from the templates' folder names). Deterministic for a --seed, whatever",
            "--threads. Prints a JSON summary on its last line.",
            "Example: framewise synthesize-files --backgrounds bg/ --templates skater/ --out assessor/ \\",
            "           --num-samples 10000 --output-size 75 100 --zoom-mode"})
final class SynthesizeFilesCommand implements Callable<Integer> {

    @Option(names = "--backgrounds", required = true, paramLabel = "DIR", description = "Background images (JPEG/PNG).")
    Path backgrounds;

    @Option(names = "--templates", required = true, paramLabel = "DIR",
            description = "RGBA PNG cut-outs of the object; for detection, one sub-folder per category.")
    Path templates;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--num-samples", required = true, paramLabel = "N", description = "Samples (assessor) or images (detection).")
    int numSamples;

    @Option(names = "--output-size", required = true, arity = "2", paramLabel = "PX", description = "Width and height of each output crop or image.")
    int[] outputSize;

    @Option(names = "--zoom-mode", description = "Crop at IoU buckets 0.20 .. 1.00 (30%% naive zooms), as LoANs does.")
    boolean zoomMode;

    @Option(names = "--image-size", arity = "2", paramLabel = "PX",
            description = "Width and height backgrounds are resized to before pasting (default: 224 224).")
    int[] imageSize;

    @Option(names = "--base-bboxes", paramLabel = "FILE", description = "JSON of natural box sizes the templates are resized to.")
    Path baseBoxes;

    @Option(names = "--enlarge-region", arity = "4", paramLabel = "PX", description = "Margins left, top, right, bottom around the paste (pixels).")
    int[] enlargeRegion;

    @Option(names = "--kind", defaultValue = "assessor", description = "assessor or detection (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--max-templates", defaultValue = "3", description = "Detection: templates per image at most (default: ${DEFAULT-VALUE}).")
    int maxTemplates;

    @Option(names = "--low-iou-rule", defaultValue = "reachable", paramLabel = "RULE",
            description = {"How crops for the 0.20 and 0.25 IoU buckets are sized: reachable (default: sized to land in",
                "the bucket) or source (the LoANs script's rule, which rarely reaches them and skips the sample)."})
    String lowIouRule;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--format", defaultValue = "png", description = "Image format of the samples, png or jpg (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        ImageLoader loader = new ImageLoader();
        SynthesisInputs inputs = new SynthesisInputs(load(backgrounds, loader::background), load(templates, loader::template));
        inputs.templates().stream().filter(NamedImage::alphaMissing)
                .forEach(t -> System.err.println("warning: template " + t.name() + " has no alpha channel; pasted as opaque"));
        SynthesisOptions options = SynthesisOptions.assessor(numSamples, new Size(outputSize[0], outputSize[1]), zoomMode, seed)
                .withImageSize(imageSize == null ? new Size(224, 224) : new Size(imageSize[0], imageSize[1]));
        options = options.withLowIouRule(switch (lowIouRule.toLowerCase(Locale.ROOT)) {
            case "reachable" -> LowIouRule.REACHABLE;
            case "source" -> LowIouRule.SOURCE;
            default -> throw new IllegalArgumentException("--low-iou-rule is reachable or source, not '" + lowIouRule + "'");
        });
        if (baseBoxes != null) {
            try (InputStream in = Files.newInputStream(baseBoxes)) {
                options = options.withBaseBoxes(BaseBoxes.read(in));
            }
        }
        if (enlargeRegion != null) {
            options = options.withEnlargeRegion(enlargeRegion[0], enlargeRegion[1], enlargeRegion[2], enlargeRegion[3]);
        }
        long started = System.nanoTime();
        String summary;
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "assessor" -> {
                SynthesisSummary result;
                try (DirectorySink sink = new DirectorySink(out, format)) {
                    result = AssessorSynthesis.run(inputs, options, threads, sink, DirectorySink.resumeIndex(out));
                }
                summary = String.format(Locale.ROOT, "{\"kind\":\"assessor\",\"samples\":%d,\"skipped\":%d,\"buckets\":%s,\"labels\":\"%s\",\"seconds\":%.3f}",
                        result.samples(), result.skipped(), Arrays.toString(result.bucketHistogram()).replace(" ", ""),
                        out.resolve(DirectorySink.LABELS), (System.nanoTime() - started) / 1e9);
            }
            case "detection" -> {
                int images;
                try (CocoDirectorySink sink = new CocoDirectorySink(out, TemplateCategory.all(inputs))) {
                    images = DetectionSynthesis.run(inputs, options, maxTemplates, threads, sink, 0);
                }
                summary = String.format(Locale.ROOT, "{\"kind\":\"detection\",\"images\":%d,\"categories\":%s,\"annotations\":\"%s\",\"seconds\":%.3f}",
                        images, TemplateCategory.all(inputs).stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",", "[", "]")),
                        out.resolve(CocoDirectorySink.INSTANCES), (System.nanoTime() - started) / 1e9);
            }
            default -> throw new IllegalArgumentException("--kind is assessor or detection, not '" + kind + "'");
        }
        System.out.println(summary);
        return 0;
    }

    /** Every JPEG/PNG below {@code dir}, named by its path relative to {@code dir} (the folder is a template's category). */
    private static List<NamedImage> load(Path dir, BiFunction<String, byte[], NamedImage> loader) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> images = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$"))
                    .sorted().toList();
            List<NamedImage> loaded = new java.util.ArrayList<>();
            for (Path file : images) {
                loaded.add(loader.apply(dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
            }
            return loaded;
        }
    }
}
