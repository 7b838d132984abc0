#!/usr/bin/env bash
# make mutate-check: applies a few deliberate faults, one at a time, to a
# scratch copy of the committed tree and runs the unit tests and every
# suite on each, to show which suites catch which fault (docs/testing.md
# has the last results). Not part of CI: it builds and checks the tree
# once per fault (5 to 20 minutes each on the shared 2-core machine).
#
#   bash scripts/mutate-check.sh [NAME...]      default: every mutation below
#   MUTATE_SUITES="10 44" bash scripts/mutate-check.sh ...
#                                               only those suites (run-all's
#                                               SUITES), for a quicker look
#
# The scratch copy starts from this tree's build directory when the work
# tree is clean: the copy's sources are dated back, so make rebuilds only
# what the mutated file feeds. That assumes the build directory was made
# from HEAD (run `make check` first); MUTATE_FRESH=1 builds everything
# from nothing instead.
#
# A mutation is a file and a sed expression; one that no longer applies
# (the source moved on) is reported as such, never as caught. The unit
# tests and the suites both run even when the other fails (make check
# would stop at a failing unit test), so each line names everything that
# noticed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
declare -A FILE EXPR WHAT
add() { FILE[$1]=$2; EXPR[$1]=$3; WHAT[$1]=$4; }
add alu-carry isa/alu.h 's/\*cout = (uint8_t)(usum >> 32);/*cout = 0;/' \
    "AddWithCarry never sets the carry"
add f64-add isa/fp.c 's/^FP_BOTH(h_vadd, E_ADD)/FP_BOTH(h_vadd, E_SUB)/' \
    "VADD (single and double) subtracts"
add cycle-cost isa/timing.c 's/i->cyc = (uint8_t)cost;/i->cyc = (uint8_t)(3 * cost + 1);/' \
    "every M4 instruction costs 3x+1 cycles"
add power-state emu/power/power.c 's|\* (double)dt / 1000.0;|* (double)dt / 2000.0;|' \
    "state energy integrates at half the power"
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(alu-carry f64-add cycle-cost power-state)
summary=()
for n in "${names[@]}"; do
  [ -n "${FILE[$n]:-}" ] || { echo "mutate-check: no mutation named $n" >&2; exit 64; }
  dir=$(mktemp -d "$(dirname "$ROOT")/.mutate-$n.XXXX")
  git -C "$ROOT" archive HEAD | tar -x -C "$dir"
  if [ -z "${MUTATE_FRESH:-}" ] && [ -d "$ROOT/build" ] && [ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
    find "$dir" -type f -exec touch -d @946684800 {} +
    mkdir -p "$dir/build"
    tar -C "$ROOT/build" --exclude=./test-out --exclude='./mutate-*.log' -cf - . | tar -C "$dir/build" -xf -
  fi
  before=$(md5sum <"$dir/${FILE[$n]}")
  sed -i "${EXPR[$n]}" "$dir/${FILE[$n]}"
  if [ "$(md5sum <"$dir/${FILE[$n]}")" = "$before" ]; then
    summary+=("$n: did not apply (${FILE[$n]} changed): update scripts/mutate-check.sh")
    rm -rf "$dir"; continue
  fi
  echo "== $n: ${WHAT[$n]} (${FILE[$n]})"
  log="$ROOT/build/mutate-$n.log"
  mkdir -p "$ROOT/build"
  t0=$(date +%s)
  # make -k check builds everything the suites need even when a unit test
  # fails, but then skips run-all: run it by hand in that case.
  (cd "$dir" && SUITES="${MUTATE_SUITES:-}" make -k -j2 check >"$log" 2>&1)
  if ! grep -q "^check:" "$log" && [ -x "$dir/build/ttemu" ]; then
    (cd "$dir" && SUITES="${MUTATE_SUITES:-}" bash tests/run-all.sh build >>"$log" 2>&1)
  fi
  caught=$(sed -n 's/^failing suites: //p' "$log")
  units=$(sed -n 's/^unit: failed binaries: //p' "$log")
  [ -n "$units" ] && caught="${caught:+$caught, }unit: $units"
  grep -q "^check:" "$log" || caught="${caught:+$caught; }(no closing line: the build failed or the run was stopped, see $log)"
  summary+=("$n (${WHAT[$n]}): caught by ${caught:-NOTHING} [$(( $(date +%s) - t0 )) s]")
  echo "${summary[-1]}"
  rm -rf "$dir"
done
printf '%s\n' "${summary[@]}"
