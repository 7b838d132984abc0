#!/usr/bin/env bash
# The Edge TPU timing model (issue 12): the calibration is current (the
# board YAMLs hold what `make calibrate-edgetpu` fits now), the fit rows are
# reproduced, the held-out prediction table is printed with its errors
# (reported, not asserted: docs/edgetpu.md), and `ttemu model info
# --edgetpu` shows TinyTracker's split. Usage: tests/suites/48-edgetpu.sh BUILD_DIR
# verifies: reference
set -u
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
T=$B/ttemu
CAL=$B/tools/calibrate-edgetpu
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }

san=0
nm "$B/libttemu.a" 2>/dev/null | grep -q __asan_init && san=1
make -s BUILD="$B" SAN=$san "$CAL" >/dev/null 2>&1 || { fail edgetpu-build; exit 1; }

# The YAML blocks are exactly what the tool fits now.
want=$("$CAL" --yaml usb)
for board in coralusb coralmicro; do
    got=$(awk '/# calibrate-edgetpu: begin/{on=1;next} /# calibrate-edgetpu: end/{on=0} on' models/boards/$board.yaml)
    [ "$got" = "$want" ] && pass "edgetpu-calibration-current-$board" \
        || fail "edgetpu-calibration-current-$board" "run make calibrate-edgetpu"
done

# The fitted parameters are physical and the fit rows come back within 10%.
table=$("$CAL")
echo "$table" | sed 's/^/  /'
bad=$(echo "$table" | awk -F'|' '$3 ~ /fit/ { e=$6; gsub(/[ %+-]/, "", e); if (e + 0 > 10) print $2 }')
[ -z "$bad" ] && pass edgetpu-fit-rows || fail edgetpu-fit-rows "$bad"
echo "$table" | grep -q 'per_layer -' && fail edgetpu-fit-nonnegative || pass edgetpu-fit-nonnegative
n_held=$(echo "$table" | grep -c '| held out |')
[ "$n_held" -eq 13 ] && pass edgetpu-held-out-rows || fail edgetpu-held-out-rows "$n_held rows, 13 expected"

# docs/validation.md and docs/edgetpu.md show the table the tool prints now.
for doc in docs/validation.md docs/edgetpu.md; do
    missing=$(echo "$table" | grep '^| ' | while IFS= read -r line; do grep -qxF "$line" "$doc" || echo "$line"; done | head -1)
    [ -z "$missing" ] && pass "edgetpu-table-in-$(basename "$doc" .md)" \
        || fail "edgetpu-table-in-$(basename "$doc" .md)" "stale row: $missing"
done

# TinyTracker's split: everything but the final DEQUANTIZE on the TPU.
out=$("$T" model info tinytracker --edgetpu 2>&1)
echo "$out" | grep -q 'first CPU operator: 50 DEQUANTIZE' && pass edgetpu-split-tinytracker \
    || fail edgetpu-split-tinytracker "$(echo "$out" | grep -i 'split' | head -2)"
"$T" model info /nonexistent.tflite --edgetpu >/dev/null 2>&1
rc=$?
[ "$rc" -eq 66 ] && pass edgetpu-info-missing-file || fail edgetpu-info-missing-file "exit $rc, 66 expected"

[ "$fails" -eq 0 ]
