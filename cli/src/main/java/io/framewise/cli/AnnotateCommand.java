package io.framewise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.events.FrameDetections;
import io.framewise.events.VideoAnnotated;
import io.framewise.schemas.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "annotate", mixinStandardHelpOptions = true,
        header = "Ask the video-annotator to annotate a video or a set of images in the store.",
        description = {"Videos dropped under videos/inference/ are annotated automatically with the promoted model; this",
            "annotates any video in the store, or every image below a prefix (a KEY ending in '/'), with the model",
            "promoted under --model-name or a pinned --checkpoint. The annotated mp4 (or images, below a prefix) and",
            "the COCO results JSON go to the annotated bucket; one 'detections' message per frame or image, then",
            "'video.annotated'. With --wait, shows progress and prints the result as one JSON line.",
            "Examples: framewise annotate inference/yuna.mp4 --model-name skater --wait",
            "          framewise annotate photos/rink/ --model-name skater --wait"})
final class AnnotateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The video's key, or a prefix ending in '/' for the images below it "
            + "(in the videos bucket unless --bucket).")
    String key;

    @Option(names = "--bucket", description = "The video's bucket (default: videos).")
    String bucket;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Use the model promoted under NAME (default: the service's).")
    String modelName;

    @Option(names = "--checkpoint", paramLabel = "BUCKET/PREFIX", description = "Pin a checkpoint folder instead, e.g. runs/r1/checkpoints/iter-00000500/.")
    String checkpoint;

    @Option(names = "--min-score", paramLabel = "S")
    Float minScore;

    @Option(names = "--nms-iou", paramLabel = "T")
    Double nmsIou;

    @Option(names = "--max-detections", paramLabel = "N")
    Integer maxDetections;

    @Option(names = "--classes", split = ",", paramLabel = "A,B")
    List<String> classes;

    @Option(names = "--max-side", paramLabel = "PX", description = "Longest side of the annotated video (0: source size).")
    Integer maxSide;

    @Option(names = "--assessor-threshold", paramLabel = "A", description = "LoANs: boxes below this assessor score are drawn dashed.")
    Float assessorThreshold;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_VIDEO_ANNOTATOR_URL:-http://127.0.0.1:8086}",
            description = "The video-annotator (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        ServiceRequest.putIfPresent(body, "bucket", bucket);
        ServiceRequest.putIfPresent(body, "modelName", modelName);
        ServiceRequest.putIfPresent(body, "checkpoint", checkpoint);
        ServiceRequest.putIfPresent(body, "minScore", minScore);
        ServiceRequest.putIfPresent(body, "nmsIou", nmsIou);
        ServiceRequest.putIfPresent(body, "maxDetections", maxDetections);
        ServiceRequest.putIfPresent(body, "classes", classes);
        ServiceRequest.putIfPresent(body, "maxSide", maxSide);
        ServiceRequest.putIfPresent(body, "assessorThreshold", assessorThreshold);
        return ServiceRequest.send(new ServiceClient(serviceUrl), "/annotations", body, wait, connection,
                List.of(Topic.DETECTIONS, Topic.VIDEO_ANNOTATED), "annotation", "alreadyAnnotated",
                accepted -> new ServiceRequest.AboutRequest(accepted) {
                    private final ProgressBar bar = new ProgressBar("annotating " + key);
                    private long frames;

                    @Override
                    public Integer onEvent(SpecificRecord event, double seconds) {
                        if (event instanceof FrameDetections) {
                            bar.update(++frames, 0, "frames");
                            return null;
                        }
                        if (!(event instanceof VideoAnnotated a)) {
                            return null;
                        }
                        bar.done();
                        ObjectNode out = new ObjectMapper().createObjectNode();
                        out.put(a.getSource().getKey().endsWith("/") ? "images" : "video",
                                a.getSource().getBucket() + "/" + a.getSource().getKey());
                        out.put("output", a.getOutput().getBucket() + "/" + a.getOutput().getKey());
                        out.put("detections", a.getDetectionsJson().getBucket() + "/" + a.getDetectionsJson().getKey());
                        out.put("frames", a.getFrames());
                        out.put("fps", a.getFps());
                        out.put("modelName", a.getModelName());
                        out.put("runId", a.getRunId());
                        System.out.println(out);
                        return 0;
                    }

                    @Override
                    public void finish() {
                        bar.done();
                    }
                });
    }
}
