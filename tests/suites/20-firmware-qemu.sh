#!/usr/bin/env bash
# End-to-end firmware tests: every image `make firmware` built from
# tests/firmware/*.c runs under qemu-system-arm (the reference, a peer we
# did not write) and under ttemu; stdout, stderr and the exit status must be
# identical byte for byte. A few images also run as raw .bin on both.
#
#   bash tests/suites/20-firmware-qemu.sh BUILD_DIR
#
# Per image: "PASS qemu:NAME" when QEMU ran it to its own exit with every
# in-firmware check holding, and "PASS ttemu=qemu:NAME" when ttemu matched
# QEMU. The board follows the image's variant suffix (mk/firmware.mk):
# NAME.m7*.elf -> mps2-an500, any other -> mps2-an386. Outputs of every run
# are kept under BUILD/test-out/20-firmware-qemu/ for inspection.
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
IMG=$BUILD/firmware/tests
OUT=$BUILD/test-out/20-firmware-qemu
QEMU=${QEMU:-qemu-system-arm}
# QEMU's virtual clock follows the host's unless told otherwise, so on a
# loaded machine a timer test saw 11 SysTick interrupts where the firmware
# waits for 10 (a host stall let one more period pass inside the handler).
# With -icount QEMU's time is a function of the instructions it ran
# (shift 5: 32 ns each), and sleep=off jumps a WFI to the next timer event
# instead of waiting in host time: the peer is then deterministic.
QEMU_ICOUNT=${QEMU_ICOUNT--icount shift=5,align=off,sleep=off}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-30}
TTEMU_TIMEOUT=${TTEMU_TIMEOUT:-25}
JOBS=${JOBS:-2}
# Raw .bin images also compared (loaded at the board's boot address, 0x0).
BIN_IMAGES="hello crc_hash"

rm -rf "$OUT"
mkdir -p "$OUT"

# The images of the last `make firmware` (mk/firmware.mk writes the list,
# so stale images of other variants in the same dir are left alone).
shopt -s nullglob
if [ -f "$BUILD/firmware/tests.list" ]; then
    mapfile -t elfs <"$BUILD/firmware/tests.list"
else
    elfs=("$IMG"/*.elf)
fi
if [ ${#elfs[@]} -eq 0 ]; then
    echo "FAIL firmware-images: none in $IMG (run 'make BUILD=$BUILD firmware')"
    exit 1
fi
if ! command -v "$QEMU" >/dev/null 2>&1; then
    echo "FAIL qemu: $QEMU not found (scripts/install-deps.sh installs qemu-system-arm)"
    exit 1
fi
have_ttemu=1
[ -x "$TTEMU" ] || have_ttemu=0

board_of() {   # image file name -> board name
    case "$(basename "$1")" in
        *.m7*.elf | *.m7*.bin) echo mps2-an500 ;;
        *) echo mps2-an386 ;;
    esac
}

# Runs one image on both emulators; results land in $OUT/ID.{qemu,ttemu}.{out,err,rc}.
run_pair() {
    local img=$1 id=$2 board
    board=$(board_of "$img")
    timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M "$board" -nographic \
        -semihosting-config enable=on,target=native $QEMU_ICOUNT -kernel "$img" \
        </dev/null >"$OUT/$id.qemu.out" 2>"$OUT/$id.qemu.err"
    echo $? >"$OUT/$id.qemu.rc"
    if [ $have_ttemu = 1 ]; then
        timeout -k 5 "$TTEMU_TIMEOUT" "$TTEMU" run --quiet --board "$board" "$img" \
            </dev/null >"$OUT/$id.ttemu.out" 2>"$OUT/$id.ttemu.err"
        echo $? >"$OUT/$id.ttemu.rc"
    fi
}

ids=()
for elf in "${elfs[@]}"; do
    name=$(basename "$elf" .elf)
    ids+=("$name")
    run_pair "$elf" "$name" &
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
for name in $BIN_IMAGES; do
    [ -f "$IMG/$name.bin" ] || continue
    ids+=("bin:$name")
    run_pair "$IMG/$name.bin" "bin:$name" &
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
wait

fails=0
show() {   # indented excerpt of a file, so no line reads as a result line
    sed -n '1,8p' "$1" | sed 's/^/    /'
}
for id in "${ids[@]}"; do
    q="$OUT/$id.qemu" t="$OUT/$id.ttemu"
    qrc=$(cat "$q.rc")
    # QEMU's own warnings are not the firmware's output; its other own
    # lines (qemu-system-arm: ..., qemu: fatal: ...) mean QEMU failed.
    grep -v '^qemu-system-arm: warning: ' "$q.err" >"$q.err.fw"
    if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
        echo "FAIL qemu:$id: no exit within ${QEMU_TIMEOUT}s (status $qrc)"
        fails=$((fails + 1))
        continue
    elif [ "$qrc" -gt 124 ] || grep -q '^qemu' "$q.err.fw"; then
        echo "FAIL qemu:$id: QEMU itself failed (status $qrc)"
        show "$q.err"
        fails=$((fails + 1))
        continue
    elif [ ! -s "$q.out" ]; then
        echo "FAIL qemu:$id: no output from the firmware (status $qrc)"
        fails=$((fails + 1))
        continue
    elif grep -q '^CHECK FAILED' "$q.out" || grep -q ' checks, [1-9][0-9]* failed$' "$q.out"; then
        echo "FAIL qemu:$id: the firmware's own checks failed under QEMU (status $qrc)"
        show "$q.out"
        fails=$((fails + 1))
        continue
    fi
    echo "PASS qemu:$id (exit $qrc, $(wc -l <"$q.out") lines)"

    if [ $have_ttemu = 0 ]; then
        echo "FAIL ttemu=qemu:$id: $TTEMU not built"
        fails=$((fails + 1))
        continue
    fi
    trc=$(cat "$t.rc")
    why=""
    if [ "$trc" -ge 124 ] && [ "$trc" -le 137 ]; then
        why="ttemu did not exit within ${TTEMU_TIMEOUT}s (status $trc)"
    elif [ "$trc" != "$qrc" ]; then
        why="exit status ttemu $trc, qemu $qrc"
    elif ! cmp -s "$q.out" "$t.out"; then
        why="stdout differs ($(cmp "$q.out" "$t.out" 2>&1 | head -1))"
    elif ! cmp -s "$q.err.fw" "$t.err"; then
        why="stderr differs"
    fi
    if [ -z "$why" ]; then
        echo "PASS ttemu=qemu:$id"
    else
        echo "FAIL ttemu=qemu:$id: $why"
        if ! cmp -s "$q.err.fw" "$t.err"; then
            echo "  diff qemu ttemu (stderr):"
            diff "$q.err.fw" "$t.err" | sed -n '1,10p' | sed 's/^/    /'
        fi
        if ! cmp -s "$q.out" "$t.out"; then
            echo "  diff qemu ttemu (stdout):"
            diff "$q.out" "$t.out" | sed -n '1,10p' | sed 's/^/    /'
        fi
        fails=$((fails + 1))
    fi
done
[ $fails -eq 0 ]
