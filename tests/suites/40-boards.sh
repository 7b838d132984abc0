#!/usr/bin/env bash
# `ttemu boards` and board files from the command line: listing, showing
# every built-in, a user's own file, the exit codes of bad input, and the
# built-ins still working from an installed copy away from the source tree.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL boards: $TTEMU not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

boards="coralmicro coralusb imx500 mps2-an386 mps2-an500 spresense"

# The list: every shipped board once, each with a description.
out=$("$TTEMU" boards); rc=$?
listed=$(awk '{print $1}' <<<"$out" | tr '\n' ' ' | sed 's/ $//')
if [ $rc -eq 0 ] && [ "$listed" = "$boards" ] && awk 'NF < 3 {bad = 1} END {exit bad}' <<<"$out"; then
  pass boards-list
else
  fail boards-list "rc $rc, listed '$listed'"
fi

# Every built-in shows its memory map and power model.
for b in $boards; do
  out=$("$TTEMU" boards show "$b" 2>&1); rc=$?
  if [ $rc -eq 0 ] && grep -q '^memory map:' <<<"$out" && grep -q '^power components:' <<<"$out" \
     && grep -q "^board $b: " <<<"$out"; then
    pass "boards-show-$b"
  else
    fail "boards-show-$b" "rc $rc"
  fi
done

# Built-ins are embedded: an installed copy run from elsewhere still has them.
mkdir -p "$tmp/bin" && cp "$TTEMU" "$tmp/bin/ttemu"
out=$(cd "$tmp" && ./bin/ttemu boards show imx500 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q 'source: builtin:imx500.yaml' <<<"$out"; then
  pass boards-embedded
else
  fail boards-embedded "rc $rc"
fi

# A user's own file, derived from a shipped one.
sed 's/^name: spresense/name: my-board/' "$T/models/boards/spresense.yaml" > "$tmp/my.yaml"
out=$("$TTEMU" boards show "$tmp/my.yaml" 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q "^board my-board: " <<<"$out" && grep -q "source: $tmp/my.yaml" <<<"$out"; then
  pass boards-user-file
else
  fail boards-user-file "rc $rc"
fi

# Each malformed file: exit 65 and one line naming file:line:col.
for f in "$T"/tests/data/boards/*.yaml; do
  rel=tests/data/boards/$(basename "$f")
  err=$(cd "$T" && "$TTEMU" boards show "$rel" 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 65 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && \
     grep -Eq "^ttemu: $rel:[0-9]+:[0-9]+: " <<<"$err"; then
    pass "boards-bad-$(basename "$f" .yaml)"
  else
    fail "boards-bad-$(basename "$f" .yaml)" "rc $rc: $err"
  fi
done

# Missing file and unknown name: 66; usage mistakes: 64; --help: 0.
check_rc() {  # name expected-rc args...
  local name=$1 want=$2; shift 2
  "$TTEMU" "$@" >/dev/null 2>&1; local rc=$?
  if [ $rc -eq "$want" ]; then pass "$name"; else fail "$name" "rc $rc, want $want"; fi
}
check_rc boards-missing-file 66 boards show "$tmp/none.yaml"
check_rc boards-unknown-name 66 boards show no-such-board
check_rc boards-show-no-arg 64 boards show
check_rc boards-bad-arg 64 boards frobnicate
check_rc boards-help 0 boards --help

# Not a crash on binary junk or a directory.
head -c 4096 "$TTEMU" > "$tmp/junk.yaml"   # ELF bytes: fixed, not YAML
check_rc boards-junk 65 boards show "$tmp/junk.yaml"
mkdir -p "$tmp/dir.yaml"
"$TTEMU" boards show "$tmp/dir.yaml" >/dev/null 2>&1; rc=$?
if [ $rc -eq 65 ] || [ $rc -eq 66 ]; then pass boards-directory; else fail boards-directory "rc $rc"; fi

[ $fails -eq 0 ]
