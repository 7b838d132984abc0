#!/usr/bin/env bash
# `make demo`: TinyTracker on the paper's four boards, Table II side by side
# with the paper, and the pictures (docs/plot.md). Builds nothing itself:
# `make demo` builds ttemu and the firmware first.
#
#   bash scripts/demo.sh BUILD_DIR
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
OUT=$BUILD/demo
BOARDS="spresense coralusb coralmicro imx500"
MODEL=../shared/models/TinyTracker.tflite
for b in $BOARDS; do
  f=$BUILD/firmware/$b/tinytracker.elf
  [ -e "$f" ] || { echo "demo: $f is missing; run 'make BUILD=$BUILD demo' (it builds ttemu and the firmware)" >&2; exit 1; }
done
mkdir -p "$OUT"
model_args=()
if [ -f "$MODEL" ]; then
  model_args=(--model "$MODEL")
  which="the authors' published TinyTracker.tflite (128x128x5, from ../shared)"
else
  which="the built-in synthetic TinyTracker (112x112x5; ../shared/models is absent)"
fi

cat <<TXT
ttemu demo: the TinyTracker gaze estimator on the paper's four boards
======================================================================
Each board runs the same unmodified firmware image
($BUILD/firmware/BOARD/tinytracker.elf): capture a frame, move it,
prepare the input tensor, run the int8 CNN (on the Cortex-M4F, on the
Edge TPU over USB, or inside the IMX500 sensor), print the gaze.
Model: $which.

TXT

rc=0
for b in $BOARDS; do
  if ! "$TTEMU" run --quiet --board $b "${model_args[@]}" --report "$OUT/$b.json" --trace "$OUT/$b.ttt" \
       "$BUILD/firmware/$b/tinytracker.elf" >"$OUT/$b.out" 2>&1; then
    echo "demo: the $b run failed (see $OUT/$b.out)" >&2
    rc=1
    continue
  fi
  printf '%-11s %s\n' "$b:" "$(grep -m1 '^gaze:' "$OUT/$b.out")"
  "$TTEMU" plot "$OUT/$b.ttt" -o "$OUT/$b-power.svg" || rc=1
  "$TTEMU" plot "$OUT/$b.ttt" --layers -o "$OUT/$b-layers.svg" 2>/dev/null
done
echo
echo "Table II, ttemu (paper) per board:"
python3 scripts/validate.py --build "$BUILD" --json "$OUT/validation.json" --table "${model_args[@]}" || rc=1
"$TTEMU" plot "$OUT/validation.json" -o "$OUT/table2.svg" || rc=1
cat <<TXT

Where to look next:
  $OUT/BOARD.json         the full report: time and energy per phase and component
  $OUT/BOARD-power.svg    power over time, stacked by component, phases shaded
  $OUT/BOARD-layers.svg   latency, energy and MAC/cycle per layer
  $OUT/table2.svg         ttemu against the paper, per metric and board
  $OUT/BOARD.ttt          the trace: ttemu trace show|export (GTKWave, Perfetto)
  make validate           regenerates docs/validation.md with the errors explained
TXT
exit $rc
