#!/usr/bin/env bash
# Differential ISA test: generated Thumb-2 instructions of every class run on
# ttemu and on Unicorn (Cortex-M4/M7); registers, flags and touched memory
# must agree after every case (tests/diff/README.md).
# ISA_DIFF_COUNT / ISA_DIFF_SEED override the defaults.
#
#   bash tests/suites/10-isa-diff.sh BUILD_DIR
#
# A fixed seed and ISA_DIFF_COUNT (default 200000) instructions, so the run
# is the same every time. Prints "PASS isa-diff:CLASS" or "FAIL isa-diff:CLASS
# (N mismatches)" per class, then the runner's report: per-form counts, one
# example per failing form (encoding, disassembly, register diffs), decoder
# pattern coverage. The full output stays in BUILD/test-out/10-isa-diff/.
set -u
BUILD=${1:-build}
BIN=$BUILD/tests/isa-diff
OUT=$BUILD/test-out/10-isa-diff
COUNT=${ISA_DIFF_COUNT:-200000}
SEED=${ISA_DIFF_SEED:-1}
mkdir -p "$OUT"
if [ ! -x "$BIN" ]; then
  echo "FAIL isa-diff: $BIN not built (make BUILD=$BUILD $BIN)"
  exit 1
fi
"$BIN" --seed "$SEED" --count "$COUNT" --show 10 --examples 60 >"$OUT/output.txt" 2>&1
rc=$?
if [ $rc -gt 1 ]; then
  cat "$OUT/output.txt"
  echo "FAIL isa-diff: the runner failed (exit $rc)"
  exit 1
fi
# Per-class verdicts from the class table.
awk '/^per class/{on=1; next} on && /^  class /{next} on && /^  \(/{exit}
     on && NF==8 { if ($5 > 0) printf "FAIL isa-diff:%s (%d mismatches: %d undefined in ttemu, %d fault differs, %d state differs; %d cases)\n", $1, $5, $6, $7, $5-$6-$7, $2;
                   else printf "PASS isa-diff:%s (%d cases, %d instructions, %d of them on the known-deviation list)\n", $1, $2, $3, $8 }' "$OUT/output.txt"
# The report itself: first mismatches in order, per-class and per-form
# counts, one example per failing form, decoder coverage, deviations.
cat "$OUT/output.txt"
echo "(full output: $OUT/output.txt)"
grep -q "^isa-diff: PASS" "$OUT/output.txt"
