#!/usr/bin/env bash
# Benchmark for the LoANs model family (issue 7), on a generated figure-skating-like set (a striped figure
# moving over a noisy rink, 224 px frames; assessor crops 75x100 labelled with their IoU):
#   - localizer+assessor iterations/s at batch 16, 224 px input, 75x100 target, ResNet-18 localizer
#     (width 64, the assessor a ResNet-18 of width 32), 2 intra-op threads, warm-up excluded;
#   - the mean IoU of the localizer's boxes on 64 held-out frames after a fixed budget: BUDGET iterations of
#     joint training (the assessor learns), then BUDGET iterations of a fresh localizer against that assessor.
# There is no reference implementation to run beside it here (the LoANs source is Chainer on a GPU); the
# initial centred crop's IoU is the baseline. Prints one JSON line and a row for docs/benchmarks.md.
# Usage: bench/loans.sh [WARMUP] [ITERATIONS] [BUDGET]   (default 5, 30, 150)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WARMUP="${1:-5}"
ITERATIONS="${2:-30}"
BUDGET="${3:-150}"
WORK="$ROOT/.framewise/bench/loans"
mkdir -p "$WORK"

echo "building services/trainer ..." >&2
(cd "$ROOT" && mvn -q -o -pl services/trainer -am install -DskipTests >"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed" >&2; exit 1; }
(cd "$ROOT" && mvn -q -o -pl services/trainer dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/deps.txt" >>"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "resolving the class path failed" >&2; exit 1; }
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
cp "$ROOT/services/trainer/target/trainer-0.1.0-SNAPSHOT.jar" "$WORK/lib/"
CP="$WORK/lib/trainer-0.1.0-SNAPSHOT.jar:$(cat "$WORK/deps.txt")"

echo "running (a few minutes: the budget trains twice at 224 px) ..." >&2
java -Xmx3g -Dai.djl.pytorch.num_threads=2 \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  io.framewise.trainer.bench.LoansBenchmark "$WORK" "$WARMUP" "$ITERATIONS" "$BUDGET" >"$WORK/result.json" 2>"$WORK/run.log" \
  || { tail -30 "$WORK/run.log" >&2; echo "benchmark failed" >&2; exit 1; }
cat "$WORK/result.json"
python3 - "$WORK/result.json" "$BUDGET" "$(date +%F)" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("| LoANs localizer+assessor: batch 16, 224 px input, 75x100 target, ResNet-18 localizer (width 64) and "
      "assessor (ResNet-18 width 32), 2 threads; mean IoU on 64 held-out generated skating frames after %s joint + %s "
      "frozen-assessor iterations | `bench/loans.sh` | %.2f iterations/s; mean IoU %.3f | initial centred crop: mean IoU "
      "%.3f | - | - | %s |" % (sys.argv[2], sys.argv[2], r["iterations_per_second"], r["mean_iou_after"],
                               r["mean_iou_initial"], sys.argv[3]))
PYEOF
