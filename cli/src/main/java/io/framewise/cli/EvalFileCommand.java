package io.framewise.cli;

import io.framewise.evaluator.core.CocoEvaluation;
import io.framewise.evaluator.core.KeypointEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            "With --keypoints (never guessed from the files): COCO keypoint (OKS) evaluation as pycocotools'",
            "COCOeval(iouType='keypoints') computes it, of results {image_id, category_id, keypoints, score}",
            "against a COCO keypoints ground truth: AP AP50 AP75 APm APl AR AR50 AR75 ARm ARl at 20",
            "detections per image, per-category numbers (with the sigmas used), counts and warnings.",
            "Example: framewise eval-file --gt instances_val.json --detections results.json --iou 0.5",
            "Example: framewise eval-file --keypoints --gt person_keypoints_val.json --detections kps.json"})
final class EvalFileCommand implements Callable<Integer> {

    @Option(names = "--gt", required = true, paramLabel = "GT.json",
            description = "COCO instances ground truth (with --keypoints: a COCO keypoints ground truth).")
    Path groundTruth;

    @Option(names = "--detections", required = true, paramLabel = "DETS.json",
            description = "COCO results: a list of {image_id, category_id, bbox, score}"
                    + " (with --keypoints: {image_id, category_id, keypoints: [x, y, s, ...], score}).")
    Path detections;

    @Option(names = "--iou", defaultValue = "0.5", description = "IoU threshold of the VOC and localization metrics (default: ${DEFAULT-VALUE}).")
    double iou;

    @Option(names = "--keypoints", description = "Evaluate keypoints with OKS instead of boxes.")
    boolean keypoints;

    @Option(names = "--sigmas", split = ",", paramLabel = "s1,s2,...",
            description = {"With --keypoints: one OKS sigma per keypoint, in the category's keypoint order.",
                "Default: COCO's sigmas when a category's keypoints are the 17 COCO person keypoints;",
                "required otherwise."})
    List<Double> sigmas;

    @Override
    public Integer call() throws Exception {
        for (Path file : new Path[] {groundTruth, detections}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
        }
        if (keypoints) {
            double[] given = sigmas == null ? null : sigmas.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.println(KeypointEvaluation.evaluateFiles(groundTruth, detections, given).toJson());
            return 0;
        }
        if (sigmas != null) {
            throw new IllegalArgumentException("--sigmas applies to keypoint evaluation only: add --keypoints");
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("--iou must be in (0, 1], got " + iou);
        }
        System.out.println(CocoEvaluation.evaluateFiles(groundTruth, detections, iou).toJson());
        return 0;
    }
}
