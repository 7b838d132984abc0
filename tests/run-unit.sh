#!/usr/bin/env bash
# Runs every cmocka unit-test binary given; prints cmocka's own output and a
# closing count. Exit status is non-zero when any binary fails.
set -u
pass=0; fail=0; failed=()
for t in "$@"; do
  if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); failed+=("$(basename "$t")"); fi
done
[ $fail -gt 0 ] && echo "unit: failed binaries: ${failed[*]}"
echo "unit: $pass passed, $fail failed"
[ $fail -eq 0 ]
