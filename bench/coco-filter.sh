#!/usr/bin/env bash
# Benchmark for the coco-filter (issue 5). On a synthetic COCO instances file the size of COCO 2014 val
# (40,504 images, 291,875 annotations, the 80 real categories; generated once by make_coco.py and cached),
# or with SIZE "train" the size of COCO 2017 train (118,287 images, 860,001 annotations), it measures in
# one run:
#   reference   coco-manager's filter.py keeping person + "sports ball", local file to local file
#   framewise   the running coco-filter (embedded stack, warm) doing the same from the store to the store,
#               timed by `framewise filter --wait` from the request to the coco.filtered event, with its
#               peak heap; then the same request with
#               balance keep-rarest (coco-manager cannot balance, so that row has the same reference)
# and checks that the unbalanced output has the reference's image ids, annotation ids and remapped category
# ids, then prints the ratios and rows for docs/benchmarks.md.
#
# The reference is not part of this repository. Get it with
#   git clone https://github.com/immersive-limit/coco-manager /tmp/coco-manager
# and pass the checkout: bench/coco-filter.sh /tmp/coco-manager [val|train]
# (or COCO_MANAGER_DIR=/tmp/coco-manager bench/coco-filter.sh "" [val|train]).
# MAKE_COCO overrides the generator (default /work/shared/tools/make_coco.py), FRAMEWISE the launcher
# (default ./framewise, which builds what is stale first).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COCO_MANAGER_DIR="${1:-${COCO_MANAGER_DIR:-}}"
MAKE_COCO="${MAKE_COCO:-/work/shared/tools/make_coco.py}"
FW="${FRAMEWISE:-$ROOT/framewise}"
if [ -z "$COCO_MANAGER_DIR" ] || [ ! -f "$COCO_MANAGER_DIR/filter.py" ]; then
  echo "usage: bench/coco-filter.sh COCO_MANAGER_DIR [val|train]   (a checkout holding filter.py; see the header)" >&2
  exit 2
fi
case "${2:-val}" in
  val) IMAGES=40504; ANNOTATIONS=291875; SPLIT=val2014; NAME="COCO 2014 val"; BIG_NAME=big.json ;;
  train) IMAGES=118287; ANNOTATIONS=860001; SPLIT=train2017; NAME="COCO 2017 train"; BIG_NAME=big-train2017.json ;;
  *) echo "SIZE is val (default) or train, not '$2'" >&2; exit 2 ;;
esac
WORK="$ROOT/.framewise/bench/coco"
DATA="$WORK/stack"
BIG="$WORK/$BIG_NAME"
WARM="$WORK/warm.json"
S3="http://127.0.0.1:19000"
API="http://127.0.0.1:8083"
mkdir -p "$WORK"

if [ ! -f "$BIG" ]; then
  echo "generating $BIG ($NAME statistics) ..." >&2
  python3 "$MAKE_COCO" -o "$BIG.tmp" --images "$IMAGES" --annotations "$ANNOTATIONS" --split "$SPLIT" >&2
  mv "$BIG.tmp" "$BIG"
fi
if [ ! -f "$WARM" ]; then
  python3 "$MAKE_COCO" -o "$WARM.tmp" --images 2000 --annotations 15000 >&2 && mv "$WARM.tmp" "$WARM"
fi
BIG_MB=$(du -m "$BIG" | cut -f1)
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# Signed S3 requests with curl (AWS signature v4, path-style), for what the CLI has no command for.
s3() { curl -s -f --aws-sigv4 "aws:amz:us-east-1:s3" --user framewise:framewise-secret \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }

# Build first so no build lands inside a timing.
"$FW" --version >/dev/null

echo "reference: python3 filter.py --input_json big.json --output_json ref.json --categories person \"sports ball\"" >&2
rm -f "$WORK/ref.json"
TIME=(); REF_RSS=""
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -f "%M" -o "$WORK/ref.rss"); fi
t0=$(now)
"${TIME[@]}" python3 "$COCO_MANAGER_DIR/filter.py" --input_json "$BIG" --output_json "$WORK/ref.json" \
  --categories person "sports ball" </dev/null >"$WORK/ref.log"
t1=$(now)
REF=$(elapsed "$t0" "$t1")
[ -f "$WORK/ref.rss" ] && REF_RSS=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/ref.rss")
[ -s "$WORK/ref.json" ] || { echo "filter.py wrote no output; see $WORK/ref.log" >&2; exit 1; }

echo "framewise: coco-filter on the embedded stack, store to store" >&2
rm -rf "$DATA"
"$FW" up --data "$DATA" --kafka-port 19092 --s3-port 19000 --services coco-filter >"$WORK/up.log" 2>&1 &
UP=$!
SAMPLER=""
trap '[ -n "$SAMPLER" ] && kill $SAMPLER 2>/dev/null; kill $UP 2>/dev/null; wait $UP 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "Ctrl-C to stop" "$WORK/up.log" && break; kill -0 $UP || { cat "$WORK/up.log"; exit 1; }; sleep 0.5; done
grep -q "Ctrl-C to stop" "$WORK/up.log" || { echo "the stack did not start; see $WORK/up.log" >&2; exit 1; }
"$FW" upload inputs bench/big.json "$BIG" --data "$DATA" >/dev/null
"$FW" upload inputs bench/warm.json "$WARM" --data "$DATA" >/dev/null


# filter NAME OUTPUT_KEY ARGS...: asks the running coco-filter with `framewise filter --wait`, which times
# from sending the request to receiving coco.filtered (its own JVM start excluded); sets SECONDS_TAKEN,
# PEAK_MB and ID (the output key, which names the request's event).
filter() {
  local name=$1 output=$2
  shift 2
  rm -f "$WORK/peak-heap-$name"
  # Peak heap of the service while it works, sampled from its Prometheus metrics.
  ( max=0; while true; do
      h=$(curl -s "$API/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d", s }')
      [ -n "$h" ] && [ "$h" -gt "$max" ] && max=$h && echo "$max" >"$WORK/peak-heap-$name"
      sleep 0.5; done ) &
  SAMPLER=$!
  "$FW" filter --wait --output "datasets/$output" --data "$DATA" "$@" >"$WORK/result-$name.json"
  kill $SAMPLER; wait $SAMPLER 2>/dev/null || true; SAMPLER=""
  SECONDS_TAKEN=$(grep -o '"seconds":[0-9.]*' "$WORK/result-$name.json" | cut -d: -f2)
  PEAK_MB=$(awk '{ printf "%.0f", $1 / 1048576 }' "$WORK/peak-heap-$name" 2>/dev/null || echo "?")
}

# A long-running service is warm: filter a small file first so the JIT has compiled the hot paths.
filter warmup bench/warm.json --input inputs/bench/warm.json --categories person "sports ball"
filter plain bench/person-ball.json --input inputs/bench/big.json --categories person "sports ball"
OURS=$SECONDS_TAKEN; OURS_MB=$PEAK_MB
filter balanced bench/person-ball-balanced.json --input inputs/bench/big.json --categories person "sports ball" --balance keep-rarest
BAL=$SECONDS_TAKEN; BAL_MB=$PEAK_MB

# Each request was announced exactly once on coco.filtered.
"$FW" tail coco.filtered --from-beginning --max 3 --timeout 30 --data "$DATA" >"$WORK/events.jsonl"
python3 - "$WORK/events.jsonl" <<'EOF'
import json, sys
outputs = [json.loads(line)["value"]["output"]["key"] for line in open(sys.argv[1])]
for key in ("bench/person-ball.json", "bench/person-ball-balanced.json"):
    if outputs.count(key) != 1:
        sys.exit("expected one coco.filtered event for %s, got %d" % (key, outputs.count(key)))
EOF
BAL_COUNTS=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("%d images, %d annotations" % (r["images"]["after"], r["annotations"]["after"]))' "$WORK/result-balanced.json")

# Same images, annotations and remapped category ids as coco-manager.
s3 -o "$WORK/ours.json" "$S3/datasets/bench/person-ball.json"
COMPARE=$(python3 - "$WORK/ref.json" "$WORK/ours.json" <<'EOF'
import json, sys
ref, ours = (json.load(open(p)) for p in sys.argv[1:3])
def ids(d, k): return sorted(x["id"] for x in d[k])
def cats(d): return {a["id"]: a["category_id"] for a in d["annotations"]}
checks = {
    "image ids": ids(ref, "images") == ids(ours, "images"),
    "annotation ids": ids(ref, "annotations") == ids(ours, "annotations"),
    "remapped category ids": cats(ref) == cats(ours),
    "categories": ref["categories"] == ours["categories"],
}
bad = [k for k, ok in checks.items() if not ok]
if bad:
    print("DIFFERENT from filter.py: " + ", ".join(bad))
    sys.exit(1)
print("%d images, %d annotations, same ids and category ids as filter.py%s" % (len(ref["images"]),
      len(ref["annotations"]), "; identical JSON, order included" if ref == ours else " (order differs)"))
EOF
)

RATIO=$(awk -v a="$REF" -v b="$OURS" 'BEGIN { printf "%.2f", a / b }')
RATIO_BAL=$(awk -v a="$REF" -v b="$BAL" 'BEGIN { printf "%.2f", a / b }')
REF_MEM=${REF_RSS:+, peak RSS $REF_RSS MB}
echo
echo "input: $BIG_MB MB, $IMAGES images, $ANNOTATIONS annotations; output: $COMPARE"
echo "coco-manager filter.py, local files:        $REF s$REF_MEM"
echo "coco-filter, store to store:                $OURS s (peak heap ${OURS_MB} MB, service -Xmx512m)   ratio ${RATIO}x"
echo "coco-filter, balance keep-rarest:           $BAL s (peak heap ${BAL_MB} MB; kept $BAL_COUNTS)   ratio ${RATIO_BAL}x"
echo
echo "| COCO filter: ${BIG_MB} MB synthetic ${NAME} instances file (${IMAGES} images, ${ANNOTATIONS} annotations) to person + sports ball on a running coco-filter (warm), from the REST request to the coco.filtered event (download from and upload to the store included); same ids as the reference; peak heap ${OURS_MB} MB (service \`-Xmx512m\`) | \`bench/coco-filter.sh DIR ${2:-val}\` | ${OURS} s | ${REF} s (coco-manager \`python3 filter.py --input_json big.json --output_json ref.json --categories person \"sports ball\"\`, local files${REF_MEM}) | ${RATIO}x | - | $(date +%F) |"
echo "| COCO filter balanced: same file and categories with \`balance: keep-rarest\` (kept $BAL_COUNTS); peak heap ${BAL_MB} MB | \`bench/coco-filter.sh DIR ${2:-val}\` | ${BAL} s | ${REF} s (same filter.py run, which cannot balance) | ${RATIO_BAL}x | >= 4x | $(date +%F) |"
