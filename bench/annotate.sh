#!/usr/bin/env bash
# Benchmark for the video-annotator (issue 9), in one run:
#   - frames/s of annotating a generated 720p video (25 fps) end to end: FFmpeg decode, batched inference of the
#     ResNet-18 one-stage detector at 512x512 input, drawing, H.264 encode (the pipeline of the service and of
#     annotate-file), beside that model's standalone inference frames/s on frames already decoded into memory
#     (same JVM, same batch, same threads). Target: pipeline >= 0.8x standalone.
#   - the latency from a video's bucket event to its first 'detections' message with a warm model, through the
#     real video-annotator service on the embedded stack (median of RUNS 2 s 720p videos). Target: under 2 s.
# Prints one JSON line and a row for docs/benchmarks.md.
# The model's weights are untrained (inference speed does not depend on them); they score about 60 boxes per
# frame above the service's default MIN_SCORE, more than a trained detector draws: a harsher load on drawing.
# Standalone inference: two passes over the decoded frames, the second timed.
# Usage: bench/annotate.sh [SECONDS] [BATCH] [STANDALONE_FRAMES] [RUNS] [MIN_SCORE]   (default 60, 4, 200, 5, 0.3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_OF_VIDEO="${1:-60}"
BATCH="${2:-4}"
STANDALONE="${3:-200}"
RUNS="${4:-5}"
MIN_SCORE="${5:-0.3}"
WORK="$ROOT/.framewise/bench/annotate"
mkdir -p "$WORK"

echo "building (the services and the CLI) ..." >&2
(cd "$ROOT" && mvn -q -o install -DskipTests >"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed" >&2; exit 1; }

# A private copy of the jars: a build during the run must not swap classes under it.
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib" && cp "$ROOT/cli/target/framewise-cli.jar" "$ROOT"/cli/target/lib/*.jar "$WORK/lib/"

echo "running (several minutes: $SECONDS_OF_VIDEO s of 720p through a ResNet-18 at 512 px on the CPU) ..." >&2
# The service child JVMs run with OMP_WAIT_POLICY=PASSIVE (see ServiceProcesses); the in-process measures do too.
OMP_WAIT_POLICY=PASSIVE java -Xmx6g -Dframewise.home="$ROOT" -cp "$WORK/lib/*" \
  io.framewise.cli.AnnotationBenchmark "$WORK" "$SECONDS_OF_VIDEO" "$BATCH" "$STANDALONE" "$RUNS" "$MIN_SCORE" \
  >"$WORK/result.json" 2> >(tee "$WORK/run.log" >&2) \
  || { echo "benchmark failed; see $WORK/run.log" >&2; exit 1; }
cat "$WORK/result.json"
python3 - "$WORK/result.json" "$(date +%F)" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("| video-annotator: annotate %s (%d frames, %.1f boxes drawn per frame) with the ResNet-18 one-stage detector at 512 px, batch %d; "
      "latency bucket event -> first detection, warm model, median of %d | `bench/annotate.sh` | "
      "%.2f frames/s whole pipeline; latency %d ms | %.2f frames/s standalone inference on decoded frames | %.2fx; "
      "%d ms | >= 0.8x; < 2000 ms | %s |" % (
        r["video"], r["frames"], r["detectionsPerFrame"], r["batch"], len(r["eventToFirstDetectionMs"]), r["pipelineFps"],
        r["eventToFirstDetectionMedianMs"], r["standaloneFps"], r["ratio"], r["eventToFirstDetectionMedianMs"], sys.argv[2]))
PYEOF
