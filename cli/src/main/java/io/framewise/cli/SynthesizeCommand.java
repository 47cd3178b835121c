package io.framewise.cli;

import io.framewise.events.DatasetSynthesized;
import io.framewise.schemas.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synthesize", mixinStandardHelpOptions = true,
        header = "Ask the dataset-synthesizer for a synthetic dataset from templates and backgrounds in the store.",
        description = {"Ask the dataset-synthesizer to paste the RGBA templates under one prefix on the backgrounds",
            "under another and write an assessor dataset (crops labelled with their IoU in images.csv) or a",
            "detection dataset (COCO instances.json, categories from the templates' folder names) under --output.",
            "Prefixes are \"bucket/prefix/\" (inputs default to the inputs bucket, the output to datasets).",
            "The same request gives the same dataset byte for byte (see synthesize-files for the offline run).",
            "With --wait, shows a progress bar and prints the dataset.synthesized result, or exits 1 with the reason.",
            "Example: framewise synthesize --backgrounds inputs/synth/backgrounds/ --templates inputs/synth/templates/ \\",
            "           --output datasets/synth/skater/ --num-samples 10000 --output-size 75 100 --zoom-mode --wait"})
final class SynthesizeCommand implements Callable<Integer> {

    @Option(names = "--backgrounds", required = true, paramLabel = "BUCKET/PREFIX", description = "Background JPEG/PNG images in the store.")
    String backgrounds;

    @Option(names = "--templates", required = true, paramLabel = "BUCKET/PREFIX",
            description = "RGBA PNG templates in the store; for detection, one sub-folder per category.")
    String templates;

    @Option(names = "--output", required = true, paramLabel = "BUCKET/PREFIX", description = "Where the dataset goes.")
    String output;

    @Option(names = "--num-samples", required = true, paramLabel = "N", description = "Samples (assessor) or images (detection).")
    int numSamples;

    @Option(names = "--output-size", required = true, arity = "2", paramLabel = "PX", description = "Width and height of each output crop.")
    int[] outputSize;

    @Option(names = "--zoom-mode", description = "Crop at IoU buckets 0.20 .. 1.00 (30%% naive zooms), as LoANs does.")
    boolean zoomMode;

    @Option(names = "--image-size", arity = "2", paramLabel = "PX",
            description = "Width and height backgrounds are resized to before pasting (default: 224 224).")
    int[] imageSize;

    @Option(names = "--base-bboxes", paramLabel = "BUCKET/KEY", description = "JSON of natural box sizes in the store.")
    String baseBoxes;

    @Option(names = "--enlarge-region", arity = "4", paramLabel = "PX", description = "Margins left, top, right, bottom around the paste (pixels).")
    int[] enlargeRegion;

    @Option(names = "--kind", description = "assessor (default) or detection.")
    String kind;

    @Option(names = "--seed", description = "Random seed (default: 0).")
    Long seed;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_DATASET_SYNTHESIZER_URL:-http://127.0.0.1:8082}",
            description = "The dataset-synthesizer (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backgrounds", backgrounds);
        body.put("templates", templates);
        body.put("output", output);
        body.put("numSamples", numSamples);
        body.put("outputSize", outputSize);
        body.put("zoomMode", zoomMode);
        body.put("imageSize", imageSize);
        body.put("baseBboxes", baseBoxes);
        body.put("enlargeRegion", enlargeRegion);
        body.put("kind", kind);
        body.put("seed", seed);
        ServiceClient service = new ServiceClient(serviceUrl);
        return ServiceRequest.send(service, "/syntheses", body, wait, connection, List.of(Topic.DATASET_SYNTHESIZED),
                "synthesis", "alreadySynthesized", accepted -> new ServiceRequest.AboutRequest(accepted) {
                    private final ProgressBar bar = new ProgressBar("synthesizing " + accepted.path("output").asText(output));

                    @Override
                    public Integer onEvent(SpecificRecord event, double seconds) {
                        if (!(event instanceof DatasetSynthesized done)) {
                            return null;
                        }
                        bar.done();
                        System.out.printf(Locale.ROOT, "{\"kind\":\"%s\",\"output\":\"%s/%s\",\"index\":\"%s/%s\",\"samples\":%d,"
                                + "\"skipped\":%d,\"seconds\":%.3f}%n", done.getKind().name().toLowerCase(Locale.ROOT),
                                done.getOutput().getBucket(), done.getOutput().getKey(), done.getIndex().getBucket(),
                                done.getIndex().getKey(), done.getSamples(), done.getSkipped(), seconds);
                        return 0;
                    }

                    @Override
                    public void onIdle(double seconds) {
                        double samples = service.metric("framewise_synthesizer_samples", "dataset", id).orElse(0);
                        bar.update((long) samples, numSamples, String.format(Locale.ROOT, "%.0f s", seconds));
                    }

                    @Override
                    public void finish() {
                        bar.done();
                    }
                });
    }
}
