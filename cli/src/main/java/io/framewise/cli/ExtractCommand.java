package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.schemas.Topic;
import java.io.IOException;
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
        return ServiceRequest.send(service, "/extractions", body, wait, connection, List.of(Topic.FRAMES_EXTRACTED),
                "extraction", "alreadyExtracted", accepted -> new ServiceRequest.AboutRequest(accepted) {
                    private final ProgressBar bar = new ProgressBar("extracting " + key.substring(key.lastIndexOf('/') + 1));

                    @Override
                    public boolean isAbout(SpecificRecord event) {
                        return ExtractCommand.this.isAbout(event, id);
                    }

                    @Override
                    public Integer onEvent(SpecificRecord event, double seconds) {
                        if (!(event instanceof FramesExtracted done)) {
                            return null;
                        }
                        bar.done();
                        System.out.printf(Locale.ROOT, "{\"dataset\":\"%s\",\"frames\":%d,\"width\":%d,\"height\":%d,\"fps\":%.3f,"
                                + "\"framesPrefix\":\"%s/%s\",\"manifest\":\"%s/%s\",\"seconds\":%.3f}%n",
                                done.getDataset(), done.getFrameCount(), done.getWidth(), done.getHeight(), done.getFps(),
                                done.getFrames().getBucket(), done.getFrames().getKey(), done.getManifest().getBucket(),
                                done.getManifest().getKey(), seconds);
                        return 0;
                    }

                    @Override
                    public void onIdle(double seconds) {
                        // The service's progress of this dataset's running extraction; a 404 until it starts.
                        long frames = 0;
                        long expected = 0;
                        try {
                            for (JsonNode video : service.get("/extractions/" + id).path("running")) {
                                frames += video.path("frames").asLong();
                                expected += video.path("expectedFrames").asLong();
                            }
                        } catch (IOException | IllegalArgumentException | IllegalStateException notRunningYet) {
                            // nothing to show yet
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        bar.update(frames, expected, String.format(Locale.ROOT, "%.0f s", seconds));
                    }

                    @Override
                    public void finish() {
                        bar.done();
                    }
                });
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
