package io.framewise.cli;

import io.framewise.evaluator.core.CocoEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval-file", mixinStandardHelpOptions = true,
        header = "Offline: COCO/VOC metrics of a results file against a ground truth.",
        description = {"Offline: evaluate a COCO results file against a COCO ground truth (no broker or store).",
            "Prints one JSON object on its last line: the twelve COCO bbox numbers exactly as pycocotools",
            "computes them (AP AP50 AP75 APs APm APl AR1 AR10 AR100 ARs ARm ARl), then VOC AP and the",
            "11-point VOC07 AP at --iou, the localization metrics (recall, precision, h-mean, mean IoU of",
            "misses), per-category AP, counts and warnings.",
            "Example: framewise eval-file --gt instances_val.json --detections results.json --iou 0.5"})
final class EvalFileCommand implements Callable<Integer> {

    @Option(names = "--gt", required = true, paramLabel = "GT.json", description = "COCO instances ground truth.")
    Path groundTruth;

    @Option(names = "--detections", required = true, paramLabel = "DETS.json",
            description = "COCO results: a list of {image_id, category_id, bbox, score}.")
    Path detections;

    @Option(names = "--iou", defaultValue = "0.5", description = "IoU threshold of the VOC and localization metrics (default: ${DEFAULT-VALUE}).")
    double iou;

    @Override
    public Integer call() throws Exception {
        for (Path file : new Path[] {groundTruth, detections}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("--iou must be in (0, 1], got " + iou);
        }
        System.out.println(CocoEvaluation.evaluateFiles(groundTruth, detections, iou).toJson());
        return 0;
    }
}
