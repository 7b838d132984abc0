#!/usr/bin/env bash
# `make demo`: the TinyTracker application (firmware/app, built by `make
# firmware`) on the paper's Spresense with its report and the paper's
# Spresense column beside it, then the same image's build for the other
# boards, each running the network on its own core. Builds nothing itself.
#
#   bash scripts/demo.sh BUILD_DIR
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
FW=$BUILD/firmware/spresense/tinytracker.elf
MODEL=$(cd "$(dirname "$0")/.." && pwd)/../shared/models/TinyTracker.tflite

for f in "$TTEMU" "$FW"; do
    if [ ! -e "$f" ]; then
        echo "demo: $f is missing; run 'make BUILD=$BUILD demo' (it builds ttemu and the firmware)" >&2
        exit 1
    fi
done
model_args=()
model_name="the built-in synthetic TinyTracker (112x112x5, the paper's configuration)"
if [ -f "$MODEL" ]; then
    model_args=(--model "$MODEL")
    model_name="the published TinyTracker.tflite (128x128x5) from ../shared, placed at load time"
fi

cat <<TXT
ttemu demo: TinyTracker
=======================
Firmware: $FW
  One unmodified image: power the ISX012, stream 320x240 YUV frames into
  SRAM, DMA one to the working buffer, crop the face box (the centre
  square; --face X,Y,W,H among the firmware's arguments changes it),
  resize, add the two grid channels, quantise, run the int8 CNN layer by
  layer on the Cortex-M4F at 156 MHz, print the gaze. Each step is a phase
  of the report below; the camera stays streaming, as in the paper.
Model:    $model_name

TXT

run() {
    echo "\$ $*"
    "$@" 2>&1   # ttemu's report (stderr) in order with the firmware's output
}
run "$TTEMU" run --board spresense --stats "${model_args[@]}" "$FW"
rc=$?
echo

# The other boards: the same application, inference on each board's core
# (their accelerators come with their own drivers, firmware/bsp/BOARD/accel.c).
for board in coralmicro coralusb imx500 mps2-an386; do
    img=$BUILD/firmware/$board/tinytracker.elf
    [ -f "$img" ] || continue
    echo "---- $board ----"
    echo "\$ $TTEMU run --quiet --board $board $img"
    "$TTEMU" run --quiet --board "$board" "$img" 2>&1 || rc=$?
    echo
done
case $rc in
    0) echo "demo: the firmware exited with status 0 (its own exit code, through semihosting)" ;;
    64|65|66|70|80|81|82|83)
       echo "demo: ttemu stopped with its own status $rc (see docs/cli.md)" ;;
    *) echo "demo: the firmware exited with status $rc" ;;
esac
exit $rc
