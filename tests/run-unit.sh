#!/usr/bin/env bash
# Runs every cmocka unit-test binary given; prints cmocka's own output and a
# closing count. A binary passes when it exits 0 with no skipped test; one
# that skipped tests is counted as skipped (and, in CI, fails). Exit status
# is non-zero when any binary fails.
set -u
pass=0; fail=0; skip=0; failed=()
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  echo "$out"
  if [ $rc -ne 0 ]; then
    fail=$((fail+1)); failed+=("$(basename "$t")")
  elif grep -q '^\[  SKIPPED \]' <<<"$out"; then
    if [ "${CI:-false}" = true ]; then
      fail=$((fail+1)); failed+=("$(basename "$t") (skipped tests in CI)")
    else
      skip=$((skip+1))
    fi
  else
    pass=$((pass+1))
  fi
done
[ $fail -gt 0 ] && echo "unit: failed binaries: ${failed[*]}"
echo "unit: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
