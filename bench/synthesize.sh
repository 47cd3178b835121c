#!/usr/bin/env bash
# Benchmark for the dataset-synthesizer (issue 4). Generates 8 backgrounds (640x480 JPEG) and 8 RGBA templates
# (PNG, 60-160 px, transparent corners and holes) once, deterministically, and measures on the same inputs:
#   reference   bench/reference/loans_assessor_pil.py, a port of the LoANs assessor dataset creation (zoom mode)
#               on Debian's python3-pil and python3-numpy, single process as the source is
#   framewise   ./framewise synthesize-files --zoom-mode --low-iou-rule source, the source's crop rule like the
#               reference, on 2 threads (the default; the reference is one process), JVM start included
# both writing N zoom-mode samples at 75x100 as PNGs plus images.csv to a local folder, and prints samples/s,
# the ratio and a row for docs/benchmarks.md. Usage: bench/synthesize.sh [N]   (default 10000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-10000}"
WORK="$ROOT/.framewise/bench/synth"
INPUTS="$WORK/inputs"
PY=/usr/bin/python3   # Debian's interpreter, where python3-pil and python3-numpy install
mkdir -p "$WORK"

if ! "$PY" -c "import PIL, numpy" 2>/dev/null; then
  echo "installing Debian's python3-pil and python3-numpy (the reference) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pil python3-numpy >/dev/null
fi

if [ ! -f "$INPUTS/.done" ]; then
  rm -rf "$INPUTS" && mkdir -p "$INPUTS/backgrounds" "$INPUTS/templates"
  "$PY" - "$INPUTS" <<'PYEOF'
import random, sys
from PIL import Image, ImageDraw, ImageFilter
out = sys.argv[1]
rng = random.Random(4)
for i in range(8):
    img = Image.new("RGB", (640, 480), tuple(rng.randrange(256) for _ in range(3)))
    d = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randrange(640), rng.randrange(480)
        w, h = rng.randrange(10, 200), rng.randrange(10, 150)
        fill = tuple(rng.randrange(256) for _ in range(3))
        (d.ellipse if rng.random() < 0.5 else d.rectangle)([x, y, x + w, y + h], fill=fill)
    img.filter(ImageFilter.GaussianBlur(1)).save(f"{out}/backgrounds/bg{i}.jpg", quality=90)
for i in range(8):
    w, h = rng.randrange(60, 161), rng.randrange(60, 161)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    body = tuple(rng.randrange(256) for _ in range(3)) + (255,)
    d.ellipse([w * 0.1, h * 0.15, w * 0.9, h * 0.85], fill=body)
    d.ellipse([w * 0.6, h * 0.05, w * 0.95, h * 0.4], fill=tuple(rng.randrange(256) for _ in range(3)) + (255,))
    d.rectangle([w * 0.25, h * 0.7, w * 0.35, h * 0.98], fill=body)
    d.rectangle([w * 0.65, h * 0.7, w * 0.75, h * 0.98], fill=body)
    d.ellipse([w * 0.35, h * 0.4, w * 0.5, h * 0.55], fill=(0, 0, 0, 0))  # a hole
    d.ellipse([w * 0.2, h * 0.3, w * 0.3, h * 0.4], fill=(255, 255, 255, 128))  # half transparent
    img.save(f"{out}/templates/t{i}.png")
PYEOF
  touch "$INPUTS/.done"
fi

now() { date +%s.%N; }
rate() { awk -v f="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", f / (b - a) }'; }
check() {  # folder, name: images/ count equals images.csv lines
  local dir="$1" name="$2" imgs rows
  [ -f "$dir/images.csv" ] || { echo "$name wrote no images.csv" >&2; exit 1; }
  imgs=$(find "$dir/images" -name '*.png' | wc -l); rows=$(wc -l <"$dir/images.csv")
  [ "$imgs" -eq "$rows" ] && [ "$imgs" -gt 0 ] && [ "$imgs" -le "$N" ] \
    || { echo "$name wrote $imgs images and $rows csv rows for N=$N" >&2; exit 1; }
  echo "$imgs"
}

# Build/start once so no build lands inside a timing.
"$ROOT/framewise" --version >/dev/null

echo "reference: python3 bench/reference/loans_assessor_pil.py (PIL $("$PY" -c 'import PIL; print(PIL.__version__)'))" >&2
rm -rf "$WORK/python-out"
t0=$(now)
"$PY" "$ROOT/bench/reference/loans_assessor_pil.py" --backgrounds "$INPUTS/backgrounds" --templates "$INPUTS/templates" \
  --out "$WORK/python-out" --num-samples "$N" --output-size 75 100 --seed 1 >"$WORK/python.json"
t1=$(now)
PY_N=$(check "$WORK/python-out" reference)
REF=$(rate "$PY_N" "$t0" "$t1")

echo "framewise: ./framewise synthesize-files --zoom-mode --low-iou-rule source (the script's own rule, like the reference; JVM start included)" >&2
rm -rf "$WORK/framewise-out"
t0=$(now)
"$ROOT/framewise" synthesize-files --backgrounds "$INPUTS/backgrounds" --templates "$INPUTS/templates" \
  --out "$WORK/framewise-out" --num-samples "$N" --output-size 75 100 --zoom-mode --low-iou-rule source --seed 1 \
  2>/dev/null >"$WORK/framewise.json"
t1=$(now)
FW_N=$(check "$WORK/framewise-out" framewise)
OURS=$(rate "$FW_N" "$t0" "$t1")

RATIO=$(awk -v a="$OURS" -v b="$REF" 'BEGIN { printf "%.2f", a / b }')
echo
echo "samples requested: $N (zoom mode, 224x224 canvas, 75x100 PNG crops; 8 backgrounds, 8 templates)"
echo "python/PIL reference:        $REF samples/s ($PY_N written, $((N - PY_N)) dropped as the source drops them)"
echo "framewise synthesize-files:  $OURS samples/s ($FW_N written; JVM start included)   ratio ${RATIO}x"
echo
echo "| assessor synthesis, ${N} zoom-mode samples at 75x100 PNG from 8 backgrounds and 8 templates (JVM start included; samples/s counts written samples) | \`bench/synthesize.sh ${N}\` | ${OURS} samples/s | ${REF} samples/s (Python/PIL port of LoANs, single process) | ${RATIO}x | >= 3x | $(date +%F) |"
