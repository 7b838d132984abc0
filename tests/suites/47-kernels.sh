#!/usr/bin/env bash
# verifies: reference
# The ARMv7E-M int8 kernels (KERNELS=opt) against the reference kernels
# (docs/kernels.md). firmware/kbench runs seeded random layers of every kind
# through both and compares in the firmware; here, on the M4 (mps2-an386)
# and the M7 (mps2-an500):
#   - ttemu: exit 0, no output differs, the requantisation identity holds,
#     most cases really took the optimised path, and every timed layer
#     gave the same output both ways;
#   - qemu-system-arm (a peer we did not write): the same image runs to
#     exit 0 and its comparison lines equal ttemu's byte for byte.
# Then the whole built-in TinyTracker (kmodel.VARIANT[-ref].elf): the opt
# and ref images give the same output bytes on ttemu and on QEMU, equal to
# `ttemu model run` on the same input, and the MACs they count per layer
# sum to `ttemu model info`'s total.
#   bash tests/suites/47-kernels.sh BUILD_DIR
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
QEMU=${QEMU:-qemu-system-arm}
OUT=$BUILD/test-out/47-kernels
mkdir -p "$OUT"
status=0
fail() { echo "FAIL $1"; status=1; }

for pair in "m4 mps2-an386" "m7 mps2-an500"; do
    set -- $pair
    v=$1 board=$2 fw=$BUILD/firmware/kbench/kbench.$1.elf
    if [ ! -f "$fw" ]; then fail "kernels-$v: $fw not built (make firmware)"; continue; fi
    timeout -k 5 120 "$TTEMU" run --quiet --board "$board" "$fw" </dev/null >"$OUT/$v.ttemu.out" 2>&1
    rc=$?
    t=$OUT/$v.ttemu.out
    summary=$(grep '^summary:' "$t")
    if [ $rc -ne 0 ] || ! grep -q ' 0 differ$' <<<"$summary"; then
        fail "kernels-$v-ttemu: exit $rc: ${summary:-no summary}"
        grep -m3 'DIFFER' "$t" | sed 's/^/    /'
    else
        echo "PASS kernels-$v-ttemu ($summary)"
    fi
    if grep -q '^requant: [0-9]* operand triples, 0 differ$' "$t"; then
        echo "PASS kernels-$v-requant ($(grep '^requant:' "$t"))"
    else
        fail "kernels-$v-requant: $(grep '^requant:' "$t" || echo 'no requant line')"
    fi
    # The comparison means little if the optimised entry declined most layers.
    opt=$(sed -n 's/^summary: \([0-9]*\) cases, \([0-9]*\) on the opt path.*/\2/p' "$t")
    cases=$(sed -n 's/^summary: \([0-9]*\) cases.*/\1/p' "$t")
    if [ -n "$opt" ] && [ "$opt" -ge $((cases * 9 / 10)) ]; then
        echo "PASS kernels-$v-coverage ($opt of $cases cases on the optimised path)"
    else
        fail "kernels-$v-coverage: ${opt:-?} of ${cases:-?} cases on the optimised path (want >= 90%)"
    fi
    nt=$(grep -c '^time .* same$' "$t")
    if [ "$nt" -eq 10 ] && ! grep -q '^time .*DIFFER' "$t"; then
        echo "PASS kernels-$v-timed (10 layers timed with DWT.CYCCNT, outputs equal)"
    else
        fail "kernels-$v-timed: $nt of 10 timed layers with equal outputs"
    fi

    if ! command -v "$QEMU" >/dev/null; then
        echo "SKIP kernels-$v-qemu: $QEMU not found (scripts/install-deps.sh installs it)"
        continue
    fi
    timeout -k 5 120 "$QEMU" -M "$board" -nographic -semihosting-config enable=on,target=native \
        -kernel "$fw" </dev/null >"$OUT/$v.qemu.out" 2>"$OUT/$v.qemu.err"
    qrc=$?
    grep -E '^(requant|case|summary)' "$OUT/$v.qemu.out" >"$OUT/$v.qemu.cmp"
    grep -E '^(requant|case|summary)' "$t" >"$OUT/$v.ttemu.cmp"
    if [ $qrc -ne 0 ]; then
        fail "kernels-$v-qemu: QEMU run exited $qrc"
        sed -n 1,5p "$OUT/$v.qemu.err" | sed 's/^/    /'
    elif ! grep -q '^summary: .* 0 differ$' "$OUT/$v.qemu.cmp"; then
        fail "kernels-$v-qemu: outputs differ under QEMU: $(grep '^summary' "$OUT/$v.qemu.cmp")"
    elif ! cmp -s "$OUT/$v.qemu.cmp" "$OUT/$v.ttemu.cmp"; then
        fail "kernels-$v-qemu: QEMU's comparison lines differ from ttemu's"
        diff "$OUT/$v.qemu.cmp" "$OUT/$v.ttemu.cmp" | sed -n 1,6p | sed 's/^/    /'
    else
        echo "PASS kernels-$v-qemu (QEMU $board: $(wc -l <"$OUT/$v.qemu.cmp") lines equal to ttemu's, 0 differ)"
    fi
done
# ---- the whole model ----
macs_info=$("$TTEMU" model info tinytracker | sed -n 's/.* \([0-9]*\) MACs,.*/\1/p')
want=""
if command -v python3 >/dev/null; then
    # kmodel.c's input pattern, run on the host reference.
    python3 -c "
import sys
n = 112 * 112 * 5
sys.stdout.buffer.write(bytes(((i * 37 + (i >> 7) * 11) & 0xff) for i in range(n)))" >"$OUT/model-in.bin"
    "$TTEMU" model run tinytracker --input "$OUT/model-in.bin" --output "$OUT/model-host.txt"
    want=$(python3 -c "
import struct, sys
v = [float(l) for l in open(sys.argv[1])]
print('output ' + ' '.join('%02x' % b for b in struct.pack('<%df' % len(v), *v)))" "$OUT/model-host.txt")
fi
for pair in "m4 mps2-an386" "m7 mps2-an500"; do
    set -- $pair
    v=$1 board=$2
    for k in "" -ref; do
        fw=$BUILD/firmware/kbench/kmodel.$v$k.elf id=model-$v${k:--opt}
        if [ ! -f "$fw" ]; then fail "kernels-$id: $fw not built (make firmware)"; continue; fi
        timeout -k 5 120 "$TTEMU" run --quiet --board "$board" "$fw" </dev/null >"$OUT/$id.ttemu.out" 2>&1
        rc=$?
        got=$(grep '^output ' "$OUT/$id.ttemu.out")
        all=$(grep '^model all ' "$OUT/$id.ttemu.out")
        macs=$(awk '$1 == "model" && $2 == "all" {print $4}' "$OUT/$id.ttemu.out")
        if [ $rc -ne 0 ] || [ -z "$got" ]; then
            fail "kernels-$id-ttemu: exit $rc, no output line"
        elif [ -z "$want" ]; then
            echo "SKIP kernels-$id-host: python3 not found to build the input"
        elif [ "$got" != "$want" ]; then
            fail "kernels-$id-host: firmware '$got', ttemu model run '$want'"
        else
            echo "PASS kernels-$id-host (output equal to ttemu model run: $got)"
        fi
        if [ -n "$macs" ] && [ "$macs" = "$macs_info" ]; then
            echo "PASS kernels-$id-macs ($(tr -s ' ' <<<"${all#model all }"))"
        else
            fail "kernels-$id-macs: per-layer MACs sum to ${macs:-?}, model info says ${macs_info:-?}"
        fi
        [ -n "$got" ] && grep -E '^(output|activations) ' "$OUT/$id.ttemu.out" | tr '\n' ' ' >>"$OUT/model-$v.outputs" &&
            echo >>"$OUT/model-$v.outputs"
        if command -v "$QEMU" >/dev/null; then
            timeout -k 5 120 "$QEMU" -M "$board" -nographic -semihosting-config enable=on,target=native \
                -kernel "$fw" </dev/null >"$OUT/$id.qemu.out" 2>"$OUT/$id.qemu.err"
            qrc=$?
            q=$(grep -E '^(output|activations) ' "$OUT/$id.qemu.out")
            t=$(grep -E '^(output|activations) ' "$OUT/$id.ttemu.out")
            if [ $qrc -eq 0 ] && [ -n "$got" ] && [ "$q" = "$t" ]; then
                echo "PASS kernels-$id-qemu (QEMU $board prints the same output and activation hash)"
            else
                fail "kernels-$id-qemu: exit $qrc, QEMU '$q', ttemu '$got'"
            fi
        else
            echo "SKIP kernels-$id-qemu: $QEMU not found"
        fi
    done
    if [ -f "$OUT/model-$v.outputs" ] && [ "$(sort -u "$OUT/model-$v.outputs" | wc -l)" -eq 1 ] &&
       [ "$(wc -l <"$OUT/model-$v.outputs")" -eq 2 ]; then
        echo "PASS kernels-model-$v-ref-equals-opt (every layer's output: $(grep -o 'activations fnv1a [0-9a-f]*' "$OUT/model-$v.outputs" | head -1))"
    else
        fail "kernels-model-$v-ref-equals-opt: the ref and opt images' outputs or layer hashes differ or are missing"
    fi
    rm -f "$OUT/model-$v.outputs"
done
exit $status
