package io.framewise.cli;

import io.framewise.events.CocoFiltered;
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

@Command(name = "filter", mixinStandardHelpOptions = true,
        header = "Ask the coco-filter to filter a COCO file in the store.",
        description = {"Ask the coco-filter to filter a COCO instances file in the store.",
            "Objects are \"bucket/key\" (input defaults to the inputs bucket, output to datasets).",
            "With --wait, prints the coco.filtered result (counts before and after) or exits 1 with the reason.",
            "Example: framewise filter --input inputs/coco/instances_val2014.json \\",
            "           --output datasets/coco/person-ball.json --categories person \"sports ball\" \\",
            "           --balance keep-rarest --wait"})
final class FilterCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "BUCKET/KEY", description = "The COCO instances file in the store.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "BUCKET/KEY", description = "Where the filtered file goes.")
    String output;

    @Option(names = "--categories", required = true, arity = "1..*", paramLabel = "NAME", description = "Category names to keep.")
    List<String> categories;

    @Option(names = "--balance", paramLabel = "MODE", description = "none (default), require-all or keep-rarest.")
    String balance;

    @Option(names = "--masks", paramLabel = "KIND", description = "none (default), instance-ids or category-ids.")
    String masks;

    @Option(names = "--images-source", paramLabel = "BUCKET/PREFIX", description = "Copy the kept images from here ...")
    String imagesSource;

    @Option(names = "--images-target", paramLabel = "BUCKET/PREFIX", description = "... to here.")
    String imagesTarget;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--service-url", defaultValue = "${env:FRAMEWISE_COCO_FILTER_URL:-http://127.0.0.1:8083}",
            description = "The coco-filter (default: ${DEFAULT-VALUE}).")
    String serviceUrl;

    @Mixin
    StackConnection connection;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", input);
        body.put("output", output);
        body.put("categories", categories);
        ServiceRequest.putIfPresent(body, "balance", balance);
        ServiceRequest.putIfPresent(body, "masks", masks);
        if (imagesSource != null || imagesTarget != null) {
            body.put("imagesSource", imagesSource);
            body.put("imagesTarget", imagesTarget);
        }
        return ServiceRequest.send(new ServiceClient(serviceUrl), "/filters", body, wait, connection,
                List.of(Topic.COCO_FILTERED), "filter", "alreadyFiltered",
                accepted -> new ServiceRequest.AboutRequest(accepted) {
                    @Override
                    public Integer onEvent(SpecificRecord event, double seconds) {
                        if (!(event instanceof CocoFiltered done)) {
                            return null;
                        }
                        System.out.printf(Locale.ROOT, "{\"output\":\"%s/%s\",\"images\":{\"before\":%d,\"after\":%d},"
                                + "\"annotations\":{\"before\":%d,\"after\":%d},\"seconds\":%.3f}%n",
                                done.getOutput().getBucket(), done.getOutput().getKey(), done.getImagesBefore(),
                                done.getImagesAfter(), done.getAnnotationsBefore(), done.getAnnotationsAfter(), seconds);
                        return 0;
                    }
                });
    }
}
