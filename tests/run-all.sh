#!/usr/bin/env bash
# Runs every suite script in tests/suites/ (in name order) with the build
# directory as argument. A suite prints lines
#   PASS name        a check that held
#   FAIL name: why   a check that did not
#   SKIP name: why   a check that could not run (a missing tool, file or ../shared)
#   N/A name: why    a check that does not apply (a board without a camera)
# and exits non-zero on any failure (its exit status counts even when it
# printed no FAIL line).
#
# What a PASS verified (docs/testing.md):
#   reference    ttemu against something we did not write: Unicorn, QEMU,
#                LiteRT, gdb, or an expectation derived by hand in the test
#   consistency  ttemu against itself: determinism, round trips, exports
#                that must agree with the report
#   peer only    a check that never runs ttemu (QEMU's own runs of the
#                test firmware): counted apart, never as a pass
# A suite declares its category in a line "# verifies: reference" (or
# consistency); a PASS name starting "qemu:" is peer only, and one that
# names determinism ("deterministic", "determinism", "repeat") is
# consistency. In CI (CI=true) a skip is a failure: CI installs every
# dependency and has ../shared, so a skip there means a check was lost.
#
# SUITES="10 43-cyccnt" runs only the suites whose file names start with
# one of the words (scripts/mutate-check.sh uses it); each suite's wall
# time is printed after it ("-- NAME: N s").
set -u
BUILD=${1:-build}
ci=${CI:-false}
declare -A count=([reference]=0 [consistency]=0 [peer]=0)
pass=0; fail=0; skip=0; na=0; failed=()

category_of() { # category_of SUITE PASS-NAME
  case "$2" in
    qemu:*) echo peer; return ;;
    *determinis*|*repeat*) echo consistency; return ;;
  esac
  local c
  c=$(sed -n 's/^# verifies: *\([a-z]*\).*/\1/p' "$1" | head -1)
  echo "${c:-reference}"
}

selected() { # selected SUITE-FILE: in $SUITES (all when unset)
  [ -z "${SUITES:-}" ] && return 0
  local w
  for w in $SUITES; do
    case "$(basename "$1")" in "$w"*) return 0 ;; esac
  done
  return 1
}

for s in tests/suites/*.sh; do
  [ -e "$s" ] || continue
  selected "$s" || continue
  echo "== $(basename "$s")"
  t0=$(date +%s)
  out=$(bash "$s" "$BUILD" 2>&1); rc=$?
  echo "$out"
  echo "-- $(basename "$s"): $(( $(date +%s) - t0 )) s"
  f=$(grep -c '^FAIL ' <<<"$out"); k=$(grep -c '^SKIP ' <<<"$out")
  n=$(grep -c '^N/A ' <<<"$out")
  while read -r name; do
    [ -n "$name" ] || continue
    c=$(category_of "$s" "$name")
    count[$c]=$((count[$c] + 1))
    [ "$c" != peer ] && pass=$((pass + 1))
  done < <(sed -n 's/^PASS \([^ ]*\).*/\1/p' <<<"$out")
  if [ "$ci" = true ] && [ "$k" -gt 0 ]; then
    echo "FAIL $(basename "$s"): $k skipped check(s) in CI, where every dependency is installed"
    f=$((f + k)); k=0
  fi
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $(basename "$s"): exited $rc"; fi
  fail=$((fail+f)); skip=$((skip+k)); na=$((na+n))
  [ "$f" -gt 0 ] && failed+=("$(basename "$s")")
done
[ $fail -gt 0 ] && echo "failing suites: ${failed[*]}"
echo "verified against a reference: ${count[reference]}; consistency: ${count[consistency]};" \
     "peer only (QEMU alone, not counted): ${count[peer]}; not applicable: $na"
echo "check: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
