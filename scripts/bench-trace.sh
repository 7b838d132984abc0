#!/usr/bin/env bash
# The cost of tracing (docs/trace-format.md), run by scripts/bench.sh: the CPU
# benchmark image on mps2-an386 for a fixed budget of cycles, untraced, with
# --trace (events only) and with --trace --trace-insn (instruction records
# written to /dev/null, so the disk does not count), and the speed of each
# as a ratio to the untraced run (1.00 = no cost). Wall-clock: a benchmark,
# not a test.
#
#   bash scripts/bench-trace.sh BUILD_DIR
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
IMG=$BUILD/firmware/bench/bench.elf
OUT=$BUILD/bench-out
CYCLES=${BENCH_TRACE_CYCLES:-200000000}
mkdir -p "$OUT"
[ -f "$IMG" ] || { echo "   missing image $IMG (run make BUILD=$BUILD firmware)"; exit 1; }

now() { date +%s.%N; }
wall() {  # wall NAME ARGS...: runs ttemu, prints the wall seconds
  local name=$1; shift
  local t0
  t0=$(now)
  "$TTEMU" run --quiet --max-cycles "$CYCLES" "$@" "$IMG" >"$OUT/trace-$name.out" 2>"$OUT/trace-$name.err"
  awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.3f", a - b }'
}
plain=$(wall plain)
events=$(wall events --trace "$OUT/bench.ttt")
insns=$(wall insns --trace /dev/null --trace-insn)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "   $CYCLES cycles: untraced $plain s, --trace $events s, --trace-insn $insns s"
echo "   speed with --trace (events only):     $(ratio "$plain" "$events") of untraced"
echo "   speed with --trace --trace-insn:       $(ratio "$plain" "$insns") of untraced"
