package io.framewise.evaluator.core.bench;

import io.framewise.evaluator.core.CocoEvaluation;
import io.framewise.evaluator.core.EvaluationReport;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times {@link CocoEvaluation#evaluateFiles} (reading both files included) on given files; no assertion.
 *
 * <pre>
 * java -cp ... io.framewise.evaluator.core.bench.EvalBenchmark GT.json DETS.json [--iou 0.5] [--runs 5] [--json]
 * </pre>
 * Prints one line per run, the median, and the report (its twelve numbers, or all of it with --json).
 */
public final class EvalBenchmark {

    private EvalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EvalBenchmark GT.json DETS.json [--iou 0.5] [--runs 5] [--json]");
            System.exit(2);
        }
        Path gt = Path.of(args[0]);
        Path dets = Path.of(args[1]);
        double iou = CocoEvaluation.DEFAULT_IOU;
        int runs = 5;
        boolean json = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--iou" -> iou = Double.parseDouble(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long[] millis = new long[runs];
        EvaluationReport report = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            report = CocoEvaluation.evaluateFiles(gt, dets, iou);
            millis[run] = (System.nanoTime() - start) / 1_000_000;
            System.err.printf("run %d: %d ms%n", run + 1, millis[run]);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.err.printf("first %d ms, median %d ms, best %d ms over %d runs%n", millis[0], sorted[runs / 2],
                sorted[0], runs);
        System.out.println(json ? report.toJson() : report.coco().asMap().toString());
    }
}
