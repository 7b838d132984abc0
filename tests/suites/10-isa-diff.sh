#!/usr/bin/env bash
# Differential ISA test: generated Thumb-2 instructions of every class run on
# ttemu and on Unicorn (Cortex-M4/M7, and its max CPU for the F64/FPv5
# instructions the M7 model refuses), one instruction at a time: registers,
# flags, EPSR.IT, touched memory and, for a fault, its kind, the exception
# taken, CFSR, HFSR and BFAR must agree after every instruction
# (tests/diff/README.md). ISA_DIFF_COUNT / ISA_DIFF_SEED override the
# defaults.
#
#   bash tests/suites/10-isa-diff.sh BUILD_DIR
#
# Three runs: seed 1 with ISA_DIFF_COUNT (default 200000) instructions, the
# same every time; a seed that changes with every run (ISA_DIFF_SEED2,
# default from the clock, printed with the command that replays it:
# `make fuzz-isa SEED=N FUZZ_COUNT=N FUZZ_ISA_ARGS=...`); and the integer
# classes again on ttemu's Cortex-M7 model against Unicorn's Cortex-M7
# (--model cortex-m7). Prints "PASS isa-diff:CLASS" or "FAIL isa-diff:CLASS
# (N mismatches)" per class, then the runner's report: per-form counts, one
# example per failing form (encoding, disassembly, register diffs), decoder
# pattern coverage. The full output stays in BUILD/test-out/10-isa-diff/.
set -u
BUILD=${1:-build}
BIN=$BUILD/tests/isa-diff
OUT=$BUILD/test-out/10-isa-diff
COUNT=${ISA_DIFF_COUNT:-200000}
SEED=${ISA_DIFF_SEED:-1}
SEED2=${ISA_DIFF_SEED2:-$(date +%s%N | cut -c1-15)}
mkdir -p "$OUT"
if [ ! -x "$BIN" ]; then
  echo "FAIL isa-diff: $BIN not built (make BUILD=$BUILD $BIN)"
  exit 1
fi
# The varying seed and the M7 integer run: one verdict line each.
extra() { # extra NAME COUNT ARGS...: PASS/FAIL NAME from the runner's closing line
  local name=$1 count=$2; shift 2
  "$BIN" --seed "$SEED2" --count "$count" "$@" --show 5 --examples 10 >"$OUT/$name.txt" 2>&1
  if grep -q "^isa-diff: PASS" "$OUT/$name.txt"; then
    echo "PASS isa-diff:$name ($(grep '^isa-diff: PASS' "$OUT/$name.txt" | cut -d: -f3-))"
  else
    echo "FAIL isa-diff:$name (replay: make fuzz-isa SEED=$SEED2 FUZZ_COUNT=$count FUZZ_ISA_ARGS=\"$*\"; $OUT/$name.txt)"
    sed -n '/^first mismatches/,/^per class/p' "$OUT/$name.txt" | head -40
    grep '^isa-diff:' "$OUT/$name.txt"
    extra_failed=1
  fi
}
extra_failed=0
echo "isa-diff: varying seed $SEED2 (ISA_DIFF_SEED2=$SEED2 repeats this run)"
extra varying-seed "$COUNT"
for cls in dp ls mul branch; do
  extra m7-$cls $((COUNT / 4)) --model cortex-m7 --class $cls
done
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
for f in "$OUT"/*.txt; do
  echo "  $(basename "$f" .txt): $(grep -h '^compared after every instruction' "$f")"
done
echo "(full output: $OUT/output.txt)"
grep -q "^isa-diff: PASS" "$OUT/output.txt" && [ $extra_failed -eq 0 ]
