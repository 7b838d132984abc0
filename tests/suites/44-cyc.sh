#!/usr/bin/env bash
# Cycle microbenchmarks (tests/firmware-ttemu/cyc_*.c): each firmware reads
# DWT.CYCCNT around a loop, prints cycles per iteration beside the figure
# the documented rules give (docs/timing.md), and exits 0 when all match.
set -u
BUILD=${1:-build}
status=0
shopt -s nullglob
imgs=("$BUILD"/firmware/ttemu-only/cyc_*.elf)
if [ ${#imgs[@]} -eq 0 ]; then echo "FAIL cyc: no $BUILD/firmware/ttemu-only/cyc_*.elf built"; exit 1; fi
for fw in "${imgs[@]}"; do
    name=$(basename "$fw" .elf)
    for board in mps2-an386 mps2-an500; do
        out=$(timeout 60 "$BUILD/ttemu" run --quiet --board $board "$fw" 2>&1); rc=$?
        if [ $rc -eq 0 ]; then
            echo "PASS $name-$board"
        else
            echo "FAIL $name-$board: exit $rc"; status=1
        fi
        sed 's/^/   /' <<<"$out"
    done
done
exit $status
