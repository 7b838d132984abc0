#!/usr/bin/env bash
# Runs every suite script in tests/suites/ (in name order) with the build
# directory as argument. A suite prints lines "PASS name", "FAIL name" or
# "SKIP name: reason" and exits non-zero on any failure. Skips are reported
# as skips, never counted as passes.
set -u
BUILD=${1:-build}
pass=0; fail=0; skip=0; failed=()
for s in tests/suites/*.sh; do
  [ -e "$s" ] || continue
  echo "== $(basename "$s")"
  out=$(bash "$s" "$BUILD" 2>&1); rc=$?
  echo "$out"
  p=$(grep -c '^PASS ' <<<"$out"); f=$(grep -c '^FAIL ' <<<"$out"); k=$(grep -c '^SKIP ' <<<"$out")
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $(basename "$s"): exited $rc"; fi
  pass=$((pass+p)); fail=$((fail+f)); skip=$((skip+k))
  [ "$f" -gt 0 ] && failed+=("$(basename "$s")")
done
[ $fail -gt 0 ] && echo "failing suites: ${failed[*]}"
echo "check: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
