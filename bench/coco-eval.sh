#!/usr/bin/env bash
# Benchmark for the evaluator (issue 8): COCO bbox evaluation of a 5,000-image ground truth (about 36,000
# boxes) against about 39,000 jittered detections, both generated deterministically. Times
# `framewise eval-file` (JVM start included) and, when python3 can import pycocotools, pycocotools'
# COCOeval on the same files, and checks that the twelve numbers agree.
# pycocotools is not installable on these machines (no PyPI; Debian 12 has no package): then the time is
# reported alone. Usage: bench/coco-eval.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${FRAMEWISE_SHARED:-$ROOT/../shared}"
WORK="$ROOT/.framewise/bench/coco-eval"
mkdir -p "$WORK"
[ -f "$WORK/gt.json" ] || python3 "$SHARED/tools/make_coco.py" -o "$WORK/gt.json" --images 5000 --annotations 36000 --seed 11 >/dev/null
[ -f "$WORK/dets.json" ] || python3 "$ROOT/bench/make_dets.py" --gt "$WORK/gt.json" -o "$WORK/dets.json" --seed 11 >/dev/null
DETS=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$WORK/dets.json")
now() { date +%s.%N; }

"$ROOT/framewise" --version >/dev/null
t0=$(now); "$ROOT/framewise" eval-file --gt "$WORK/gt.json" --detections "$WORK/dets.json" >"$WORK/framewise.json"; t1=$(now)
OURS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "framewise eval-file: ${OURS} s ($DETS detections)"

if python3 -c "import pycocotools" 2>/dev/null; then
  t0=$(now)
  python3 - "$WORK/gt.json" "$WORK/dets.json" >"$WORK/pycocotools.txt" <<'PY'
import sys
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
e = COCOeval(gt, dt, "bbox"); e.evaluate(); e.accumulate(); e.summarize()
print("STATS", " ".join(repr(float(s)) for s in e.stats))
PY
  t1=$(now)
  REF=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  python3 - "$WORK/framewise.json" "$WORK/pycocotools.txt" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
ref = [float(x) for x in open(sys.argv[2]).read().split("STATS")[1].split()]
keys = "AP AP50 AP75 APs APm APl AR1 AR10 AR100 ARs ARm ARl".split()
worst = max(abs(ours[k] - r) for k, r in zip(keys, ref))
print(f"largest difference from pycocotools over the twelve numbers: {worst:.2e}")
PY
  RATIO=$(awk -v a="$REF" -v b="$OURS" 'BEGIN { printf "%.1f", a / b }')
  echo "pycocotools COCOeval: ${REF} s   speed-up ${RATIO}x"
  echo "| COCO bbox evaluation, 5,000 images / 36,000 boxes / ${DETS} detections | \`bench/coco-eval.sh\` | ${OURS} s | ${REF} s (pycocotools) | ${RATIO}x | >= 3x | $(date +%F) |"
else
  echo "pycocotools is not importable here: reference not run"
  echo "| COCO bbox evaluation, 5,000 images / 36,000 boxes / ${DETS} detections (JVM start included) | \`bench/coco-eval.sh\` | ${OURS} s | pycocotools not installable here | - | >= 3x | $(date +%F) |"
fi
