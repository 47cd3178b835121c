package io.framewise.cli;

import io.framewise.frameextractor.core.DirectorySink;
import io.framewise.frameextractor.core.ExtractionOptions;
import io.framewise.frameextractor.core.ExtractionSummary;
import io.framewise.frameextractor.core.FrameExtraction;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extract-file", mixinStandardHelpOptions = true,
        header = "Offline: a local video's frames into a folder.",
        description = {"Offline: extract a local video's frames into a folder (no broker or store).",
            "Writes one JPEG per frame (or per selected frame) and manifest.csv into DIR, and prints",
            "a JSON summary (frames, width, height, fps, seconds) on its last line.",
            "Example: framewise extract-file alina.mp4 --out frames/ --max-side 512"})
final class ExtractFileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "VIDEO", description = "Any video FFmpeg reads (mp4, webm, mkv, avi, mov ...).")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the frames and manifest.csv.")
    Path out;

    @Option(names = "--max-side", defaultValue = "512", paramLabel = "PX",
            description = "Longest side of a frame in pixels; smaller videos are not upscaled (default: ${DEFAULT-VALUE}).")
    int maxSide;

    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    static final class Selection {
        @Option(names = "--every-nth", paramLabel = "K", description = "Keep frames 0, K, 2K, ...")
        Integer everyNth;

        @Option(names = "--fps", paramLabel = "F", description = "Keep about F frames per second (by stream timestamps).")
        Double fps;
    }

    @Option(names = "--quality", defaultValue = "0.9", description = "JPEG quality, 0..1 (default: ${DEFAULT-VALUE}).")
    float quality;

    @Option(names = "--threads", defaultValue = "2", description = "JPEG encoder threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException("no such file: " + video);
        }
        ExtractionOptions options = new ExtractionOptions(maxSide, selection.everyNth, selection.fps, quality);
        ProgressBar bar = new ProgressBar("extracting " + video.getFileName());
        ExtractionSummary summary;
        try (Writer manifest = Files.newBufferedWriter(Files.createDirectories(out).resolve("manifest.csv"), StandardCharsets.UTF_8)) {
            summary = new FrameExtraction(options, threads).run(video, new DirectorySink(out), manifest, "",
                    (written, decoded, declared, seconds) -> bar.update(decoded, declared,
                            String.format(Locale.ROOT, "%.0f frames/s", decoded / Math.max(seconds, 1e-3))));
        } finally {
            bar.done();
        }
        System.out.println(summary.toJson());
        return 0;
    }
}
