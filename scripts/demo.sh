#!/usr/bin/env bash
# `make demo`: runs the sample firmware (tests/firmware/demo_tracker.c, built
# by `make firmware`) on ttemu's mps2-an386 board and shows what it does.
# Builds nothing itself.
#
#   bash scripts/demo.sh BUILD_DIR
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
BOARD=mps2-an386
FW=$BUILD/firmware/tests/demo_tracker.elf

for f in "$TTEMU" "$FW"; do
    if [ ! -e "$f" ]; then
        echo "demo: $f is missing; run 'make BUILD=$BUILD demo' (it builds ttemu and the firmware)" >&2
        exit 1
    fi
done

cat <<TXT
ttemu demo
==========
Firmware: $FW
  An unmodified newlib program for a Cortex-M4 (arm-none-eabi-gcc, soft
  float, linked for the MPS2 AN386 board: code at 0x0, RAM at 0x20000000).
  It synthesises twelve 64x48 camera frames with two moving bright blobs,
  blurs and thresholds each one, finds the blobs (connected components)
  and tracks their centroids; its printf goes out over ARM semihosting,
  and its exit code becomes ttemu's exit status.
Board:    $BOARD (ttemu's built-in board; QEMU's machine of the same name
  runs the same image, and tests/suites/20-firmware-qemu.sh compares them)

Then the board test firmware on three of the paper's boards (IMX500, Coral
Dev Board Micro, Spresense): capture, transfer, a stand-in inference and
idle, each a phase with its time and energy per component.

TXT

run() {
    echo "\$ $*"
    "$@" 2>&1   # ttemu's report (stderr) in order with the firmware's output
}
# --stats adds instructions and cycles to ttemu's report when this ttemu has it.
if "$TTEMU" run --help 2>&1 | grep -q -- '--stats'; then
    run "$TTEMU" run --board $BOARD --stats "$FW"
else
    run "$TTEMU" run --board $BOARD "$FW"
fi
rc=$?
echo

# The paper's boards: one frame captured, moved and processed by a stand-in
# inference (firmware/boardtest), with the energy per phase and component.
for board in imx500 coralmicro spresense; do
    img=$BUILD/firmware/boards/$board/boardtest.elf
    [ -f "$img" ] || continue
    echo "---- $board ----"
    run "$TTEMU" run --board "$board" "$img" || rc=$?
    echo
done
case $rc in
    0) echo "demo: the firmware exited with status 0 (its own exit code, through semihosting)" ;;
    64|65|66|70|80|81|82|83)
       echo "demo: ttemu stopped with its own status $rc (see docs/cli.md)" ;;
    *) echo "demo: the firmware exited with status $rc" ;;
esac
exit $rc
