#!/usr/bin/env bash
# Benchmark for the frame-extractor (issue 3). Generates a 1280x720 25 fps H.264 video (60 s by default)
# and measures, in one run on the same file:
#   reference   the FFmpeg command line writing every frame as a 512-px JPEG to a local folder
#   framewise   the running frame-extractor (embedded stack) extracting every frame into the store,
#               timed from the REST request to the frames.extracted event, with its peak heap
#   offline     ./framewise extract-file writing the same frames to a local folder
# and prints the ratios and a row for docs/benchmarks.md. Usage: bench/extract-frames.sh [SECONDS]
# The service is measured warm (after six passes over the same video), five times, each time with the reference run
# just before it; the median pair is reported.
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
if ! command -v kcat >/dev/null; then
  echo "installing Debian's kcat (a light observer of the completion event) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null
fi
rm -rf "$DATA"
"$ROOT/framewise" up --data "$DATA" --kafka-port 19092 --s3-port 19000 --services frame-extractor >"$WORK/up.log" 2>&1 &
UP=$!
trap 'kill $UP 2>/dev/null; wait $UP 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "Ctrl-C to stop" "$WORK/up.log" && break; kill -0 $UP || { cat "$WORK/up.log"; exit 1; }; sleep 0.5; done
SERVICE_PID=$(pgrep -f "frame-extractor/target/quarkus-app")

# One extraction of the video as dataset $1, timed from the REST request to the frames.extracted event; prints
# frames/s. The observer is kcat (C, nearly idle while it waits) rather than `framewise extract --wait`, whose JVM
# would compete for the same two cores while it waits; the video is uploaded before the timing starts.
extract_once() {
  local ds="$1" t0 t1 kc
  "$ROOT/framewise" upload videos "bench/$ds.mp4" "$VIDEO" --data "$DATA" >/dev/null
  kcat -C -b 127.0.0.1:19092 -t frames.extracted -o end -c 1 -f '%k\n' >"$WORK/$ds.event" 2>"$WORK/kcat.log" &
  kc=$!
  sleep 2 # kcat has looked up the end offsets (this is a benchmark, not a test)
  # The same request again after the event is answered from the completion marker, with the frame count.
  request() {
    curl -sf -X POST -H 'Content-Type: application/json' -d "{\"key\":\"bench/$ds.mp4\",\"dataset\":\"$ds\"}" \
      http://127.0.0.1:8081/extractions
  }
  t0=$(now)
  request >/dev/null
  wait $kc
  t1=$(now)
  [ "$(cat "$WORK/$ds.event")" = "$ds" ] || { echo "unexpected completion event for $(cat "$WORK/$ds.event")" >&2; exit 1; }
  local frames
  frames=$(request | grep -o '"frameCount":[0-9]*' | cut -d: -f2)
  [ "$frames" = "$FRAMES" ] || { echo "the service extracted $frames frames, expected $FRAMES" >&2; exit 1; }
  rate "$FRAMES" "$t0" "$t1"
}

# A long-running service is warm: extract the same video (as other datasets) six times first, so that the JIT of the
# service and of the S3 server has compiled the hot paths (the S3 server's CPU per pass still falls until about the
# sixth pass).
WARMUP=()
for pass in 1 2 3 4 5 6; do
  r=$(extract_once "warmup-$pass")
  WARMUP+=("$r")
  echo "warm-up pass $pass: $r frames/s" >&2
done

# Peak heap of the service while it works, from its perf counters (jstat reads them without touching the service).
jstat -gc "$SERVICE_PID" 100 >"$WORK/jstat.log" 2>/dev/null &
JSTAT=$!
# Measured: the reference right before each of five service passes, so each pair sees the machine in one state
# (this VM's speed drifts by a third within minutes); the ratio reported is the median of the five pairs.
PAIRS=()
for pass in 1 2 3 4 5; do
  ref=$(reference)
  ours=$(extract_once "bench-$pass")
  PAIRS+=("$ours $ref $(awk -v a="$ours" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')")
  echo "pair $pass: framewise $ours frames/s, ffmpeg $ref frames/s" >&2
done
kill $JSTAT
PEAK_MB=$(awk '$1 ~ /^[0-9.]+$/ { h = $3 + $4 + $6 + $8; if (h > m) m = h } END { printf "%.0f", m / 1024 }' "$WORK/jstat.log")
# The pair with the median ratio.
MEDIAN=$(printf '%s\n' "${PAIRS[@]}" | sort -k3 -n | sed -n 3p)
OURS=$(echo "$MEDIAN" | cut -d' ' -f1)
REF=$(echo "$MEDIAN" | cut -d' ' -f2)
RATIO=$(echo "$MEDIAN" | cut -d' ' -f3)
RATIO_OFF=$(awk -v a="$OFFLINE" -v b="$REF_OFF" 'BEGIN { printf "%.2f", a / b }')
ALL=$(printf '%s\n' "${PAIRS[@]}" | awk '{ printf "%s%s/%s=%sx", (NR > 1 ? ", " : ""), $1, $2, $3 }')
echo
echo "frames: $FRAMES (1280x720 H.264 -> 512x288 JPEG)"
echo "warm-up passes (frames/s): ${WARMUP[*]}"
echo "pairs (framewise/ffmpeg frames/s): $ALL"
echo "frame-extractor into the store:    $OURS frames/s (median pair; peak heap ${PEAK_MB} MB, service -Xmx512m)"
echo "ffmpeg CLI to a folder:            $REF frames/s (run just before)   ratio ${RATIO}x"
echo "framewise extract-file to a folder: $OFFLINE frames/s vs ffmpeg $REF_OFF frames/s   ratio ${RATIO_OFF}x"
echo
echo "| frame extraction, ${DURATION} s 720p25 H.264 to 512-px JPEGs in the store, warm service (request to frames.extracted; median of 5 pairs: $ALL; peak heap ${PEAK_MB} MB) | \`bench/extract-frames.sh ${DURATION}\` | ${OURS} frames/s | ${REF} frames/s (ffmpeg CLI to a folder, run just before) | ${RATIO}x | >= 1.0x | $(date +%F) |"
echo "| frame extraction offline, same video to a local folder | \`bench/extract-frames.sh ${DURATION}\` | ${OFFLINE} frames/s | ${REF_OFF} frames/s (ffmpeg CLI, run just before) | ${RATIO_OFF}x | - | $(date +%F) |"
