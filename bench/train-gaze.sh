#!/usr/bin/env bash
# Benchmark for the gaze-target family (issue 13).
# 1. Speed: training steps/s of the spatial VTD network (ResNet-18 scene and head pathways of width 64, 224x224 frames
#    and head crops, batch 8, Adam, VTD's losses) on 2 intra-op threads, measured in one run, one after the other:
#      pytorch   bench/reference/gaze_torch.py, the same network, losses and optimizer in PyTorch from Python
#                (Debian's python3-torch), on tensors held in memory
#      framewise TrainingRun + GazeTraining.step on GazeScenes samples loaded and augmented once, held in memory
#                (io.framewise.trainer.bench.GazeBenchmark speed)
#    Warm-up iterations are excluded. Prints steps/s, the ratio framewise / PyTorch (target >= 0.9x) and both sides'
#    parameter counts (they must agree: the same network). Each side also reports 1 / its median step time and the
#    CPU other processes took while it ran: on a shared machine the median is the steadier figure.
# 2. Memory: a real run (GazeBenchmark memory: FolderData, GazeTraining.load, the normal Prefetcher) for one epoch over
#    a generated data set whose decoded frames are more than ten times the JVM's heap limit: by default 448 frames
#    of 1920x1080 (6.2 MB decoded each, 2.79 GB in all, about 1.2 GB of PNG on the disk) under -Xmx256m, with the
#    same network at batch 8: 56 steps, every frame read once. Prints whether it completed, the peak heap in use and
#    live after a collection against the limit, and the peak resident set (heap + libtorch + the rest). The data set
#    is generated once (a few minutes) and kept under .framewise/bench/train-gaze/memory-data.
# Prints a row for docs/benchmarks.md for each.
# Usage: bench/train-gaze.sh [ITERATIONS] [WARMUP]   (default 20 measured after 3 warm-up iterations)
# The memory run's sizes can be changed with GAZE_MEMORY_HEAP (256m), GAZE_MEMORY_TRACKS (56), GAZE_MEMORY_LENGTH (8),
# GAZE_MEMORY_FRAME_WIDTH (1920), GAZE_MEMORY_FRAME_HEIGHT (1080), GAZE_MEMORY_WIDTH (64, the network's).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT_ITERATIONS=20
DEFAULT_WARMUP=3
ITERATIONS="${1:-$DEFAULT_ITERATIONS}"
WARMUP="${2:-$DEFAULT_WARMUP}"
HEAP="${GAZE_MEMORY_HEAP:-256m}"
TRACKS="${GAZE_MEMORY_TRACKS:-56}"
LENGTH="${GAZE_MEMORY_LENGTH:-8}"
FRAME_WIDTH="${GAZE_MEMORY_FRAME_WIDTH:-1920}"
FRAME_HEIGHT="${GAZE_MEMORY_FRAME_HEIGHT:-1080}"
MEMORY_WIDTH="${GAZE_MEMORY_WIDTH:-64}"
WORK="$ROOT/.framewise/bench/train-gaze"
PY=/usr/bin/python3   # Debian's interpreter, where python3-torch installs
THREADS=2
mkdir -p "$WORK"

if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "installing Debian's python3-torch (the reference) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi

# Build the network's module and the trainer; copy the jars so that a rebuild by someone else during the run
# does not change the classes under the benchmark.
echo "building services/common and services/trainer ..." >&2
(cd "$ROOT" && mvn -q -o -pl services/common,services/trainer install -DskipTests >"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed" >&2; exit 1; }
rm -f "$WORK/deps.txt"
(cd "$ROOT" && mvn -q -o -pl services/trainer dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/deps.txt" >>"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "resolving the class path failed" >&2; exit 1; }
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
cp "$ROOT/services/trainer/target/trainer-0.1.0-SNAPSHOT.jar" "$WORK/lib/"
CP="$WORK/lib/trainer-0.1.0-SNAPSHOT.jar"
for jar in $(tr ':' ' ' <"$WORK/deps.txt"); do
  case "$jar" in
    */io/framewise/*) cp "$jar" "$WORK/lib/"; CP="$CP:$WORK/lib/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
JAVA=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dai.djl.pytorch.num_threads="$THREADS")

run() {  # name, key, command...: runs one step, keeps its JSON line
  local name="$1" key="$2"; shift 2
  echo "$name ..." >&2
  "$@" >"$WORK/$name.json" 2>"$WORK/$name.log" || { tail -30 "$WORK/$name.log" >&2; echo "$name failed" >&2; exit 1; }
  grep -q "$key" "$WORK/$name.json" || { cat "$WORK/$name.json" "$WORK/$name.log" >&2; exit 1; }
}
# One after the other: the machine has 2 cores, and each side uses both.
run pytorch steps_per_second "$PY" "$ROOT/bench/reference/gaze_torch.py" --warmup "$WARMUP" \
  --iterations "$ITERATIONS" --threads "$THREADS" --batch 8 --size 224 --width 64
run framewise steps_per_second "${JAVA[@]}" -Xmx3g -cp "$CP" io.framewise.trainer.bench.GazeBenchmark speed \
  --work "$WORK/work" --warmup "$WARMUP" --iterations "$ITERATIONS" --threads "$THREADS" --batch 8 --size 224 --width 64
run generate decoded_bytes "${JAVA[@]}" -Xmx256m -cp "$CP" io.framewise.trainer.bench.GazeBenchmark generate \
  --data "$WORK/memory-data" --tracks "$TRACKS" --length "$LENGTH" --frame-width "$FRAME_WIDTH" \
  --frame-height "$FRAME_HEIGHT"
run memory peak_rss_bytes "${JAVA[@]}" -Xmx"$HEAP" -cp "$CP" io.framewise.trainer.bench.GazeBenchmark memory \
  --data "$WORK/memory-data" --work "$WORK/memory-work" --threads "$THREADS" --loader-threads 2 --batch 8 \
  --size 224 --width "$MEMORY_WIDTH"

"$PY" - "$WORK" "$ITERATIONS" "$WARMUP" "$(date +%F)" "$DEFAULT_ITERATIONS" "$DEFAULT_WARMUP" "$HEAP" <<'PYEOF'
import json, sys
work, iterations, warmup, date = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
default = (int(sys.argv[5]), int(sys.argv[6]))
heap_option = sys.argv[7]
load = lambda m: json.loads(open(f"{work}/{m}.json").read().strip().splitlines()[-1])
r = {m: load(m) for m in ("pytorch", "framewise")}
gen, mem = load("generate"), load("memory")
sps = {m: r[m]["steps_per_second"] for m in r}                 # timed steps / their wall time
med = {m: 1 / r[m]["median_step_seconds"] for m in r}          # 1 / median step: robust to bursts of other load
ratio, ratio_med = sps["framewise"] / sps["pytorch"], med["framewise"] / med["pytorch"]
disturbed = {m: r[m]["other_processes_cpu_seconds"] / (2 * r[m]["seconds"]) for m in r}
MB = 1 << 20

network = "spatial VTD gaze network, ResNet-18 scene and head pathways of width 64, 224 px frames and head crops"
print()
print(f"{network}, batch 8, Adam, {r['pytorch']['intra_op_threads']} intra-op threads "
      f"(framewise {r['framewise']['intra_op_threads']}); {iterations} steps timed after {warmup} warm-up steps")
print(f"{'':36s} {'steps/s':>8s} {'1/median':>9s} {'p90 step':>9s}  loss first -> last   other processes' CPU")
names = {"pytorch": f"PyTorch {r['pytorch']['torch']}, tensors in memory", "framewise": "framewise, samples in memory"}
for m in r:
    print(f"{names[m]:36s} {sps[m]:8.3f} {med[m]:9.3f} {r[m]['p90_step_seconds']:8.3f}s  "
          f"{r[m]['first_loss']:8.4f} -> {r[m]['last_loss']:.4f}   {disturbed[m] * 100:4.0f}% of 2 cores")
same = (r["pytorch"]["parameters"], r["pytorch"]["running_statistics"]) == \
       (r["framewise"]["parameters"], r["framewise"]["running_statistics"])
print(f"parameters: PyTorch {r['pytorch']['parameters']:,} trainable + {r['pytorch']['running_statistics']:,} "
      f"BatchNorm running statistics; framewise {r['framewise']['parameters']:,} + "
      f"{r['framewise']['running_statistics']:,}" + ("" if same else "   MISMATCH: not the same network"))
print(f"ratio framewise / PyTorch: {ratio:.2f}x (from the median step: {ratio_med:.2f}x)   target >= 0.9x")
if max(disturbed.values()) > 0.05:
    print("WARNING: other processes used the CPU during the run (column above); the steps/s figures are disturbed, "
          "the 1/median ones less so. Run again on a quiet machine.")

limit = mem["heap_limit_bytes"]
complete = mem["completed"] and mem["frames_read"] == mem["frames"]
print()
print(f"memory: one epoch of a real run from the disk (FolderData, GazeTraining.load, {mem['loader_threads']} loader "
      f"threads), network width {mem['width']}, batch {mem['batch']}, {mem['image_size']} px, -Xmx{heap_option}")
print(f"  data set        {mem['frames']:,} PNG frames of {mem['frame_width']}x{mem['frame_height']}: "
      f"{mem['decoded_bytes_read'] / MB:,.0f} MB decoded ({mem['decoded_over_heap_limit']:.1f}x the heap limit), "
      f"{mem['disk_bytes'] / MB:,.0f} MB on the disk" + (f" (generated in {gen['generate_seconds']:.0f} s)"
                                                            if gen["generated"] else " (kept from an earlier run)"))
print(f"  run             {mem['outcome']}, {mem['iterations']} steps in {mem['seconds']:.0f} s; "
      f"{mem['frames_read']:,} of {mem['frames']:,} frames read ({mem['reads']:,} reads), {mem['skipped']} skipped")
print(f"  heap limit      {limit / MB:8.0f} MB")
print(f"  peak heap used  {mem['peak_heap_used_bytes'] / MB:8.0f} MB ({mem['peak_heap_used_bytes'] / limit:.0%} of "
      f"the limit; {mem['collections']} collections)")
print(f"  peak live heap  {mem['peak_heap_live_after_gc_bytes'] / MB:8.0f} MB (after a collection)")
print(f"  peak RSS        {mem['peak_rss_bytes'] / MB:8.0f} MB (VmHWM: heap, libtorch's native memory, the rest)")
print("  bounded: " + ("yes, the run completed within the heap limit after reading every frame" if complete
                       else "NO: the run did not complete or did not read every frame"))
print()
cmd = "`bench/train-gaze.sh" + ("" if (iterations, warmup) == default else f" {iterations} {warmup}") + "`"
print(f"| gaze-target (VTD spatial) training: ResNet-18 scene and head pathways, width 64, 224 px, batch 8, Adam, "
      f"2 intra-op threads, samples in memory; {iterations} steps after {warmup} warm-up (1/median step in brackets) "
      f"| {cmd} | {sps['framewise']:.3f} steps/s ({med['framewise']:.3f}) | {sps['pytorch']:.3f} steps/s "
      f"({med['pytorch']:.3f}) (`bench/reference/gaze_torch.py`, same network and losses, PyTorch "
      f"{r['pytorch']['torch']}) | {ratio:.2f}x ({ratio_med:.2f}x) | >= 0.9x | {date} |")
print(f"| gaze-target training memory: one epoch from the disk over {mem['frames']:,} frames of "
      f"{mem['frame_width']}x{mem['frame_height']} ({mem['decoded_bytes_read'] / MB:,.0f} MB decoded, "
      f"{mem['decoded_over_heap_limit']:.1f}x the heap limit), network width {mem['width']}, batch {mem['batch']}, "
      f"-Xmx{heap_option} | {cmd} | {mem['outcome'].lower()}, every frame read; peak heap "
      f"{mem['peak_heap_used_bytes'] / MB:.0f} MB ({mem['peak_heap_live_after_gc_bytes'] / MB:.0f} MB live), peak RSS "
      f"{mem['peak_rss_bytes'] / MB:.0f} MB | heap limit {limit / MB:.0f} MB | "
      f"{mem['peak_heap_used_bytes'] / limit:.2f} of the limit | completes within the limit (bounded) | {date} |")
if not same or not complete:
    sys.exit(1)
PYEOF
