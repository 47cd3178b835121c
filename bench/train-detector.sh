#!/usr/bin/env bash
# Benchmark for the trainer (issue 6): training steps/s of the one-stage detector (ResNet-18 basic blocks, width 64,
# 224x224 input, batch 8, Adam, 3 classes) on 2 intra-op threads, measured in one run, one after the other:
#   pytorch   bench/reference/detector_torch.py, the same network, losses and optimizer in PyTorch from Python
#             (Debian's python3-torch), on tensors held in memory
#   memory    framewise: TrainingRun + DetectorTraining.step on samples decoded and augmented once, held in memory
#   folder    framewise: the same loop on JPEGs (320x240) read from the local disk by the normal loader
#             (Prefetcher, 2 loader threads: decode + augmentation per step)
#   store     framewise: the same JPEGs uploaded to an s3proxy S3 server started in the benchmark's JVM and read
#             through StoreData with an empty disk cache, so every image of the run is streamed from the store
# Warm-up iterations are excluded. Prints steps/s, the ratio framewise-memory / PyTorch (target >= 0.9x), the
# loader gaps (folder and store vs memory, target < 10%) and rows for docs/benchmarks.md.
# Each mode also reports 1 / its median step time and the CPU other processes took while it ran: on a shared
# machine the median is the steadier figure.
# Usage: bench/train-detector.sh [ITERATIONS] [WARMUP]   (default 60 measured after 10 warm-up iterations)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT_ITERATIONS=60
DEFAULT_WARMUP=10
ITERATIONS="${1:-$DEFAULT_ITERATIONS}"
WARMUP="${2:-$DEFAULT_WARMUP}"
WORK="$ROOT/.framewise/bench/train-detector"
PY=/usr/bin/python3   # Debian's interpreter, where python3-torch installs
THREADS=2
# Enough images that the store mode never reads one twice (measured + warm-up + the 4 batches prefetched ahead).
IMAGES=$(( (ITERATIONS + WARMUP + 4) * 8 ))
mkdir -p "$WORK"

if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "installing Debian's python3-torch (the reference) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi

# Build the trainer and the local stack (s3proxy for the store mode); copy the jars so that a rebuild by
# someone else during the run does not change the classes under the benchmark.
echo "building services/trainer and deploy/local-stack ..." >&2
(cd "$ROOT" && mvn -q -o -pl services/trainer,deploy/local-stack -am install -DskipTests >"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed" >&2; exit 1; }
rm -f "$WORK/deps.txt"
(cd "$ROOT" && mvn -q -o -pl services/trainer,deploy/local-stack dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/deps.txt" -Dmdep.appendOutput=true >>"$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "resolving the class path failed" >&2; exit 1; }
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
cp "$ROOT/services/trainer/target/trainer-0.1.0-SNAPSHOT.jar" "$ROOT/deploy/local-stack/target/framewise-local-stack-0.1.0-SNAPSHOT.jar" "$WORK/lib/"
CP="$WORK/lib/trainer-0.1.0-SNAPSHOT.jar:$WORK/lib/framewise-local-stack-0.1.0-SNAPSHOT.jar"
for jar in $(tr ':' ' ' <"$WORK/deps.txt"); do
  case "$jar" in
    */io/framewise/*) cp "$jar" "$WORK/lib/"; CP="$CP:$WORK/lib/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
bench() { java -Xmx3g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  io.framewise.trainer.bench.TrainingBenchmark "$@"; }

DATA="$WORK/data"
if [ "$(cat "$DATA/.done" 2>/dev/null)" != "$IMAGES" ]; then
  echo "generating $IMAGES JPEGs (320x240, shapes on noise, COCO) ..." >&2
  rm -rf "$DATA"
  bench generate --out "$DATA" --count "$IMAGES" --width 320 --height 240 --seed 11 >/dev/null 2>"$WORK/generate.log"
  echo "$IMAGES" >"$DATA/.done"
fi

run() {  # name, command...: runs one mode, keeps its JSON line
  local name="$1"; shift
  echo "$name ..." >&2
  "$@" >"$WORK/$name.json" 2>"$WORK/$name.log" || { tail -30 "$WORK/$name.log" >&2; echo "$name failed" >&2; exit 1; }
  grep -q steps_per_second "$WORK/$name.json" || { cat "$WORK/$name.json" "$WORK/$name.log" >&2; exit 1; }
}
# One after the other: the machine has 2 cores, and each side uses both.
run pytorch "$PY" "$ROOT/bench/reference/detector_torch.py" --warmup "$WARMUP" --iterations "$ITERATIONS" --threads "$THREADS"
for mode in memory folder store; do
  run "$mode" bench run --mode "$mode" --data "$DATA" --work "$WORK/work-$mode" --warmup "$WARMUP" \
    --iterations "$ITERATIONS" --threads "$THREADS" --loader-threads 2
done

"$PY" - "$WORK" "$ITERATIONS" "$WARMUP" "$(date +%F)" "$DEFAULT_ITERATIONS" "$DEFAULT_WARMUP" <<'PYEOF'
import json, sys
work, iterations, warmup, date = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
default = (int(sys.argv[5]), int(sys.argv[6]))
r = {m: json.loads(open(f"{work}/{m}.json").read().strip().splitlines()[-1])
     for m in ("pytorch", "memory", "folder", "store")}
sps = {m: r[m]["steps_per_second"] for m in r}                 # timed steps / their wall time
med = {m: 1 / r[m]["median_step_seconds"] for m in r}          # 1 / median step: robust to bursts of other load
ratio, ratio_med = sps["memory"] / sps["pytorch"], med["memory"] / med["pytorch"]
gap = {m: 1 - sps[m] / sps["memory"] for m in ("folder", "store")}
gap_med = {m: 1 - med[m] / med["memory"] for m in ("folder", "store")}
disturbed = {m: r[m]["other_processes_cpu_seconds"] / (2 * r[m]["seconds"]) for m in r}

def loader_cpu(m):
    c = r[m]["cpu_seconds_by_thread"]
    loader = c.get("loader threads (decode, augmentation, download)", 0.0)
    s3 = sum(v for k, v in c.items() if k.startswith("S3Proxy") or k.startswith("qtp") or "jetty" in k.lower())
    return loader / iterations * 1000, s3 / iterations * 1000

print()
print(f"ResNet-18 detector, batch 8, 224 px, Adam, {r['pytorch']['intra_op_threads']} intra-op threads; "
      f"{iterations} steps timed after {warmup} warm-up steps")
print(f"{'':44s} {'steps/s':>8s} {'1/median':>9s} {'p90 step':>9s}  other processes' CPU")
names = {"pytorch": f"PyTorch {r['pytorch']['torch']}, tensors in memory", "memory": "framewise, samples in memory",
         "folder": "framewise, JPEGs from a local folder", "store": "framewise, JPEGs streamed from the store"}
for m in r:
    print(f"{names[m]:44s} {sps[m]:8.3f} {med[m]:9.3f} {r[m]['p90_step_seconds']:8.3f}s  "
          f"{disturbed[m] * 100:4.0f}% of 2 cores")
for m in ("folder", "store"):
    l, s3 = loader_cpu(m)
    print(f"  {m}: data wait {r[m]['data_wait_seconds']:.2f} s in {r[m]['seconds']:.0f} s; loader threads {l:.0f} ms CPU/step"
          + (f", s3proxy {s3:.0f} ms CPU/step, {r[m]['images_downloaded']} images downloaded" if m == "store" else ""))
print(f"ratio framewise (memory) / PyTorch: {ratio:.2f}x (from the median step: {ratio_med:.2f}x)   target >= 0.9x")
print(f"loader gap vs memory: store {gap['store'] * 100:.1f}% (median {gap_med['store'] * 100:.1f}%), "
      f"folder {gap['folder'] * 100:.1f}% (median {gap_med['folder'] * 100:.1f}%)   target < 10%")
if max(disturbed.values()) > 0.05:
    print("WARNING: other processes used the CPU during the run (column above); the steps/s figures are disturbed, "
          "the 1/median ones less so. Run again on a quiet machine.")
print()
cmd = "`bench/train-detector.sh" + ("" if (iterations, warmup) == default else f" {iterations} {warmup}") + "`"
print(f"| detector training: ResNet-18 one-stage detector, batch 8, 224 px, Adam, 2 intra-op threads, samples in "
      f"memory; {iterations} steps after {warmup} warm-up (1/median step in brackets) | {cmd} | {sps['memory']:.2f} "
      f"steps/s ({med['memory']:.2f}) | {sps['pytorch']:.2f} steps/s ({med['pytorch']:.2f}) "
      f"(`bench/reference/detector_torch.py`, same network and losses, PyTorch {r['pytorch']['torch']}) | "
      f"{ratio:.2f}x ({ratio_med:.2f}x) | >= 0.9x | {date} |")
print(f"| detector training from the store: same, 320x240 JPEGs streamed from s3proxy (in the same JVM) through "
      f"StoreData with an empty cache, 2 loader threads | {cmd} | {sps['store']:.2f} steps/s ({med['store']:.2f}) | "
      f"{sps['memory']:.2f} steps/s ({med['memory']:.2f}) (framewise, samples in memory) | "
      f"{sps['store'] / sps['memory']:.2f}x ({med['store'] / med['memory']:.2f}x) | >= 0.9x (gap < 10%) | {date} |")
print(f"| detector training from a folder: same JPEGs from the local disk | {cmd} | {sps['folder']:.2f} steps/s "
      f"({med['folder']:.2f}) | {sps['memory']:.2f} steps/s ({med['memory']:.2f}) (framewise, samples in memory) | "
      f"{sps['folder'] / sps['memory']:.2f}x ({med['folder'] / med['memory']:.2f}x) | - | {date} |")
PYEOF
