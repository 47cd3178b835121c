#!/usr/bin/env bash
# Benchmark for the pose family (issue 12): training steps/s of the stacked hourglass network (2 stacks, depth 4,
# 256 features, 256x256 input, batch 4, Adam, 4 parts) on 2 intra-op threads, measured in one run, one after the
# other:
#   pytorch   bench/reference/hourglass_torch.py, the same network, loss and optimizer in PyTorch from Python
#             (Debian's python3-torch), on tensors held in memory
#   framewise TrainingRun + PoseTraining.step on PoseScenes samples cropped and augmented once, held in memory
#             (io.framewise.trainer.bench.HourglassBenchmark)
# Warm-up iterations are excluded. Prints steps/s, the ratio framewise / PyTorch (target >= 0.9x), both sides'
# parameter counts (they must agree: the same network) and a row for docs/benchmarks.md.
# Each side also reports 1 / its median step time and the CPU other processes took while it ran: on a shared
# machine the median is the steadier figure.
# Usage: bench/train-keypoints.sh [ITERATIONS] [WARMUP]   (default 30 measured after 5 warm-up iterations)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT_ITERATIONS=30
DEFAULT_WARMUP=5
ITERATIONS="${1:-$DEFAULT_ITERATIONS}"
WARMUP="${2:-$DEFAULT_WARMUP}"
WORK="$ROOT/.framewise/bench/train-keypoints"
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

run() {  # name, command...: runs one side, keeps its JSON line
  local name="$1"; shift
  echo "$name ..." >&2
  "$@" >"$WORK/$name.json" 2>"$WORK/$name.log" || { tail -30 "$WORK/$name.log" >&2; echo "$name failed" >&2; exit 1; }
  grep -q steps_per_second "$WORK/$name.json" || { cat "$WORK/$name.json" "$WORK/$name.log" >&2; exit 1; }
}
# One after the other: the machine has 2 cores, and each side uses both.
run pytorch "$PY" "$ROOT/bench/reference/hourglass_torch.py" --warmup "$WARMUP" --iterations "$ITERATIONS" \
  --threads "$THREADS" --batch 4 --size 256 --stacks 2 --depth 4 --features 256 --parts 4
run framewise java -Xmx3g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dai.djl.pytorch.num_threads="$THREADS" -cp "$CP" io.framewise.trainer.bench.HourglassBenchmark \
  --work "$WORK/work" --warmup "$WARMUP" --iterations "$ITERATIONS" --threads "$THREADS" \
  --batch 4 --size 256 --stacks 2 --depth 4 --features 256

"$PY" - "$WORK" "$ITERATIONS" "$WARMUP" "$(date +%F)" "$DEFAULT_ITERATIONS" "$DEFAULT_WARMUP" <<'PYEOF'
import json, sys
work, iterations, warmup, date = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
default = (int(sys.argv[5]), int(sys.argv[6]))
r = {m: json.loads(open(f"{work}/{m}.json").read().strip().splitlines()[-1]) for m in ("pytorch", "framewise")}
sps = {m: r[m]["steps_per_second"] for m in r}                 # timed steps / their wall time
med = {m: 1 / r[m]["median_step_seconds"] for m in r}          # 1 / median step: robust to bursts of other load
ratio, ratio_med = sps["framewise"] / sps["pytorch"], med["framewise"] / med["pytorch"]
disturbed = {m: r[m]["other_processes_cpu_seconds"] / (2 * r[m]["seconds"]) for m in r}

print()
print(f"stacked hourglass, 2 stacks, depth 4, 256 features, batch 4, 256 px, Adam, "
      f"{r['pytorch']['intra_op_threads']} intra-op threads (framewise {r['framewise']['intra_op_threads']}); "
      f"{iterations} steps timed after {warmup} warm-up steps")
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
print()
cmd = "`bench/train-keypoints.sh" + ("" if (iterations, warmup) == default else f" {iterations} {warmup}") + "`"
print(f"| hourglass training: stacked hourglass, 2 stacks, depth 4, 256 features, batch 4, 256 px, Adam, 2 intra-op "
      f"threads, samples in memory; {iterations} steps after {warmup} warm-up (1/median step in brackets) | {cmd} | "
      f"{sps['framewise']:.2f} steps/s ({med['framewise']:.2f}) | {sps['pytorch']:.2f} steps/s ({med['pytorch']:.2f}) "
      f"(`bench/reference/hourglass_torch.py`, same network and loss, PyTorch {r['pytorch']['torch']}) | "
      f"{ratio:.2f}x ({ratio_med:.2f}x) | >= 0.9x | {date} |")
if not same:
    sys.exit(1)
PYEOF
