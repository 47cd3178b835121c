package io.framewise.cli;

import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.schemas.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extract", mixinStandardHelpOptions = true,
        header = "Ask the frame-extractor to extract a video in the store.",
        description = {"Ask the frame-extractor to extract a video already in the store.",
            "Videos dropped under videos/train/<dataset>/ are extracted without asking; this is for",
            "other videos, other settings, or to wait for the result with a progress bar (--wait).",
            "Example: framewise extract train/skating/alina.mp4 --max-side 384 --wait"})
final class ExtractCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The video's key in its bucket.")
    String key;

    @Option(names = "--bucket", defaultValue = "videos", description = "Bucket of the video (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--dataset", description = "Dataset name; implied for videos under train/<dataset>/.")
    String dataset;

    @Option(names = "--max-side", paramLabel = "PX", description = "Longest side of a frame (default: the dataset's or the service's, 512).")
    Integer maxSide;

    @ArgGroup(exclusive = true)
    ExtractFileCommand.Selection selection = new ExtractFileCommand.Selection();

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_FRAME_EXTRACTOR_URL:-http://127.0.0.1:8081}",
            description = "The frame-extractor (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bucket", bucket);
        body.put("key", key);
        body.put("dataset", dataset);
        body.put("maxSide", maxSide);
        body.put("everyNth", selection.everyNth);
        body.put("fps", selection.fps);
        ServiceClient service = new ServiceClient(serviceUrl);
        if (!wait.await) {
            System.out.println(service.post("/extractions", body));
            return 0;
        }
        try (EventWaiter waiter = new EventWaiter(connection.bootstrapServers(), List.of(Topic.FRAMES_EXTRACTED, Topic.JOBS_FAILED))) {
            service.ready();
            long requested = System.nanoTime();
            var accepted = service.post("/extractions", body);
            if (accepted.path("alreadyExtracted").asBoolean(false)) {
                System.out.println(accepted.path("result"));
                return 0;
            }
            String correlationId = accepted.path("correlationId").asText();
            String video = key.substring(key.lastIndexOf('/') + 1);
            ProgressBar bar = new ProgressBar("extracting " + video);
            long started = requested;
            long deadline = wait.deadline(started);
            while (System.nanoTime() < deadline) {
                SpecificRecord event = waiter.poll(Duration.ofMillis(500), e -> isAbout(e, correlationId));
                if (event instanceof FramesExtracted done) {
                    bar.done();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf(Locale.ROOT, "{\"dataset\":\"%s\",\"frames\":%d,\"width\":%d,\"height\":%d,\"fps\":%.3f,"
                            + "\"framesPrefix\":\"%s/%s\",\"manifest\":\"%s/%s\",\"seconds\":%.3f}%n",
                            done.getDataset(), done.getFrameCount(), done.getWidth(), done.getHeight(), done.getFps(),
                            done.getFrames().getBucket(), done.getFrames().getKey(), done.getManifest().getBucket(),
                            done.getManifest().getKey(), seconds);
                    return 0;
                }
                if (event instanceof JobFailed failed) {
                    bar.done();
                    System.err.println("extraction failed: " + failed.getReason());
                    return 1;
                }
                double frames = service.metric("framewise_extractor_video_frames", "dataset", correlationId).orElse(0);
                double expected = service.metric("framewise_extractor_video_expected_frames", "dataset", correlationId).orElse(0);
                bar.update((long) frames, (long) expected, String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9));
            }
            bar.done();
            System.err.println("no result within " + wait.timeoutSeconds + " s");
            return 1;
        }
    }

    private boolean isAbout(SpecificRecord event, String correlationId) {
        if (event instanceof FramesExtracted done) {
            return done.getCorrelationId().equals(correlationId) && done.getVideo().getKey().equals(key)
                    && done.getVideo().getBucket().equals(bucket);
        }
        return event instanceof JobFailed failed && failed.getCorrelationId().equals(correlationId)
                && failed.getSubject() != null && failed.getSubject().getKey().equals(key);
    }
}
