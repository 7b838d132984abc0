#!/usr/bin/env bash
# DWT.CYCCNT read by firmware equals ttemu's own cycle count for the same
# span (issue 4). The firmware compares and exits 0 when they agree.
set -u
BUILD=${1:-build}
FW=$BUILD/firmware/ttemu-only/cyccnt.elf
if [ ! -f "$FW" ]; then echo "FAIL cyccnt: $FW not built"; exit 1; fi
for board in mps2-an386 mps2-an500; do
    out=$("$BUILD/ttemu" run --quiet --board $board "$FW" 2>&1); rc=$?
    if [ $rc -eq 0 ] && grep -q ": equal$" <<<"$out"; then
        echo "PASS cyccnt-$board ($out)"
    else
        echo "FAIL cyccnt-$board: exit $rc: $out"; status=1
    fi
done
exit ${status:-0}
