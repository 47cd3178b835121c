#!/usr/bin/env bash
# Benchmark for the frame-extractor (issue 3). Generates a 1280x720 25 fps H.264 video (60 s by default)
# and measures, in one run on the same file:
#   reference   the FFmpeg command line writing every frame as a 512-px JPEG to a local folder
#   framewise   the running frame-extractor (embedded stack) extracting every frame into the store,
#               timed from the REST request to the frames.extracted event, with its peak heap
#   offline     ./framewise extract-file writing the same frames to a local folder
# and prints the ratios and a row for docs/benchmarks.md. Usage: bench/extract-frames.sh [SECONDS]
# The service is measured warm (after two passes over the same video) with the reference run just before it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-60}"
WORK="$ROOT/.framewise/bench/extract"
DATA="$WORK/stack"
VIDEO="$WORK/in-720p-${DURATION}s.mp4"
mkdir -p "$WORK"

if ! command -v ffmpeg >/dev/null; then
  echo "installing Debian's ffmpeg (the reference) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi
if [ ! -f "$VIDEO" ]; then
  ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=25" -t "$DURATION" \
    -c:v libx264 -pix_fmt yuv420p -preset veryfast "$VIDEO"
fi
FRAMES=$((DURATION * 25))
now() { date +%s.%N; }
rate() { awk -v f="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", f / (b - a) }'; }

# Build first so no build lands inside a timing, and extract a 1 s clip so that JavaCPP has unpacked FFmpeg's
# natives for this build (the first use after a build takes ~15 s more).
"$ROOT/framewise" --version >/dev/null
ffmpeg -loglevel error -y -i "$VIDEO" -t 1 -c copy "$WORK/first-use.mp4"
"$ROOT/framewise" extract-file "$WORK/first-use.mp4" --out "$WORK/first-use-out" >/dev/null 2>&1
rm -rf "$WORK/first-use-out"

# The FFmpeg command line doing the same to a local folder; prints its frames/s.
reference() {
  echo "reference: ffmpeg -i in.mp4 -vf scale=512:-2 -q:v 3 out/%06d.jpg" >&2
  rm -rf "$WORK/ffmpeg-out" && mkdir -p "$WORK/ffmpeg-out"
  local t0 t1
  t0=$(now); ffmpeg -loglevel error -i "$VIDEO" -vf scale=512:-2 -q:v 3 "$WORK/ffmpeg-out/%06d.jpg"; t1=$(now)
  [ "$(ls "$WORK/ffmpeg-out" | wc -l)" -eq "$FRAMES" ] || { echo "ffmpeg wrote $(ls "$WORK/ffmpeg-out" | wc -l) frames, expected $FRAMES" >&2; exit 1; }
  rate "$FRAMES" "$t0" "$t1"
}

REF_OFF=$(reference)
echo "offline: framewise extract-file" >&2
rm -rf "$WORK/offline-out"
t0=$(now); "$ROOT/framewise" extract-file "$VIDEO" --out "$WORK/offline-out" --max-side 512 2>/dev/null >"$WORK/offline.json"; t1=$(now)
OFFLINE=$(rate "$FRAMES" "$t0" "$t1")

echo "framewise: frame-extractor on the embedded stack, into the store" >&2
rm -rf "$DATA"
"$ROOT/framewise" up --data "$DATA" --kafka-port 19092 --s3-port 19000 --services frame-extractor >"$WORK/up.log" 2>&1 &
UP=$!
trap 'kill $UP 2>/dev/null; wait $UP 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "Ctrl-C to stop" "$WORK/up.log" && break; kill -0 $UP || { cat "$WORK/up.log"; exit 1; }; sleep 0.5; done
"$ROOT/framewise" upload videos "bench/in.mp4" "$VIDEO" --data "$DATA" >/dev/null
# A long-running service is warm: extract the same video twice first (as other datasets) so that the JIT of the
# service and of the S3 server has compiled the hot paths; the first pass of a cold stack is about 1.5x slower.
for pass in 1 2; do
  "$ROOT/framewise" upload videos "bench/warmup-$pass.mp4" "$VIDEO" --data "$DATA" >/dev/null
  "$ROOT/framewise" extract "bench/warmup-$pass.mp4" --dataset "warmup-$pass" --wait --data "$DATA" 2>/dev/null \
    >"$WORK/warmup-$pass.json"
done

# The reference right before the measured run, so both see the machine in the same state.
REF=$(reference)

# Peak heap of the service while it works, sampled from its Prometheus metrics.
( max=0; while true; do
    h=$(curl -s http://127.0.0.1:8081/q/metrics | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d", s }')
    [ -n "$h" ] && [ "$h" -gt "$max" ] && max=$h && echo "$max" >"$WORK/peak-heap"
    sleep 0.2; done ) &
SAMPLER=$!
"$ROOT/framewise" extract bench/in.mp4 --dataset bench --wait --data "$DATA" 2>/dev/null >"$WORK/service.json"
kill $SAMPLER
# The CLI times from sending the request to receiving frames.extracted (its own JVM start excluded).
SERVICE_SECONDS=$(grep -o '"seconds":[0-9.]*' "$WORK/service.json" | cut -d: -f2)
OURS=$(rate "$FRAMES" 0 "$SERVICE_SECONDS")
PEAK_MB=$(awk '{ printf "%.0f", $1 / 1048576 }' "$WORK/peak-heap")
STORED=$(grep -o '"frames":[0-9]*' "$WORK/service.json" | cut -d: -f2)
[ "$STORED" -eq "$FRAMES" ] || { echo "service extracted $STORED frames, expected $FRAMES" >&2; exit 1; }

RATIO=$(awk -v a="$OURS" -v b="$REF" 'BEGIN { printf "%.2f", a / b }')
RATIO_OFF=$(awk -v a="$OFFLINE" -v b="$REF_OFF" 'BEGIN { printf "%.2f", a / b }')
echo
echo "frames: $FRAMES (1280x720 H.264 -> 512x288 JPEG)"
echo "ffmpeg CLI to a folder:            $REF frames/s (run just before the service; $REF_OFF just before extract-file)"
echo "frame-extractor into the store:    $OURS frames/s (peak heap ${PEAK_MB} MB, service -Xmx512m)   ratio ${RATIO}x"
echo "framewise extract-file to a folder: $OFFLINE frames/s   ratio ${RATIO_OFF}x"
for pass in 1 2; do
  s=$(grep -o '"seconds":[0-9.]*' "$WORK/warmup-$pass.json" | cut -d: -f2)
  echo "warm-up pass $pass (same video, into the store): $(rate "$FRAMES" 0 "$s") frames/s"
done
echo
echo "| frame extraction, ${DURATION} s 720p25 H.264 to 512-px JPEGs in the store, warm service (request to frames.extracted; peak heap ${PEAK_MB} MB) | \`bench/extract-frames.sh ${DURATION}\` | ${OURS} frames/s | ${REF} frames/s (ffmpeg CLI to a folder) | ${RATIO}x | >= 1.0x | $(date +%F) |"
echo "| frame extraction offline, same video to a local folder | \`bench/extract-frames.sh ${DURATION}\` | ${OFFLINE} frames/s | ${REF_OFF} frames/s (ffmpeg CLI, run just before) | ${RATIO_OFF}x | - | $(date +%F) |"
