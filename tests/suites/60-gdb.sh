#!/usr/bin/env bash
# The GDB server (docs/gdb.md) against gdb-multiarch in batch mode, on
# loopback only, with bounded timeouts; every ttemu started here is killed
# on exit. Target: tests/firmware/gdb_target.c built for the M7
# (mps2-an500, so the FP registers are there too).
#   - break at a function, continue, read core, FP and system registers
#   - stepi, then reverse-stepi across the instruction that changed r0
#     and see the old value; monitor cycles increasing, and back in time
#   - a watchpoint hit, reverse-continue to the write from after it
#   - the same session twice gives the same output; the firmware's output
#     appears once (replays are quiet)
#   - the raw protocol: Ctrl-C while running, malformed and oversized
#     packets (error replies or dropped, the server still answers)
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
FW="$T/$BUILD/firmware/tests/gdb_target.m7.elf"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL gdb: $TTEMU not built"; exit 1; }
command -v gdb-multiarch >/dev/null || { echo "SKIP gdb: gdb-multiarch not installed"; exit 0; }
[ -f "$FW" ] || { echo "SKIP gdb: $FW not built (make firmware)"; exit 0; }
command -v python3 >/dev/null || { echo "SKIP gdb: python3 not installed"; exit 0; }
tmp=$(mktemp -d)
pids=()
# Each server runs under timeout(1), which passes a TERM on to ttemu; the
# first ttemu process going away ends all the others (docs/gdb.md).
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_server NAME [ttemu run options...]: starts ttemu on a free loopback
# port; sets PORT (empty if it did not come up within 10 s).
start_server() {
  local name=$1; shift
  timeout 120 "$TTEMU" run --gdb 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  disown $!
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/$name.err")
    [ -n "$PORT" ] && return
    sleep 0.1
  done
}

session() { # session NAME: one gdb batch session; output in $tmp/NAME.gdb
  local name=$1
  start_server "$name" --board mps2-an500 "$FW"
  [ -n "$PORT" ] || { echo "server did not start"; return 1; }
  sed "s/@PORT@/$PORT/" >"$tmp/$name.cmds" <<'CMDS'
set pagination off
set confirm off
set width 0
target remote 127.0.0.1:@PORT@
monitor cycles
break add_step
continue
info registers r0 r1 pc
monitor cycles
p $s0
set $d1 = 2.5
p $d1
p $s3
info registers fpscr msp primask control
stepi
info registers r0
monitor cycles
reverse-stepi
info registers r0 pc
monitor cycles
delete
watch watched
continue
p watched
reverse-continue
p watched
info registers pc
continue
monitor phase
delete
continue
CMDS
  timeout 60 gdb-multiarch -batch -nx -x "$tmp/$name.cmds" "$FW" >"$tmp/$name.gdb" 2>&1
  # the server exits with the firmware's status once gdb is gone
  for _ in $(seq 50); do kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
}

session s1; rc1=$?
out=$(sed "s/127.0.0.1:[0-9]*/127.0.0.1:PORT/" "$tmp/s1.gdb")
[ $rc1 -eq 0 ] || fail gdb-session "$(cat "$tmp/s1.err")"
# value of register $1 in the Nth "info registers" line for it
regval() { grep -E "^$1 +0x" <<<"$out" | sed -n "${2}p" | awk '{print $2}'; }
cyc() { grep -E '^cycles: ' <<<"$out" | sed -n "${1}p" | awk '{print $2}'; }

if grep -q '^Breakpoint 1, add_step (x=x@entry=1, k=k@entry=0)' <<<"$out" && [ "$(regval r0 1)" = 0x1 ] \
   && [ "$(regval r1 1)" = 0x0 ] && [ "$(regval pc 1)" = 0x100 ]; then
  pass gdb-break-continue-registers
else
  fail gdb-break-continue-registers "$(head -20 <<<"$out")"
fi
if grep -q '^\$2 = 2.5$' <<<"$out" && grep -q '^\$1 = 0$' <<<"$out" && grep -Eq '^fpscr +0x0 ' <<<"$out" \
   && grep -Eq '^msp +0x2' <<<"$out" && grep -Eq '^control +0x0 ' <<<"$out"; then
  pass gdb-fp-and-system-registers
else
  fail gdb-fp-and-system-registers
fi
if [ "$(regval r0 2)" = 0x3 ] && [ "$(regval r0 3)" = 0x1 ] && [ "$(regval pc 2)" = 0x100 ]; then
  pass gdb-stepi-reverse-stepi-old-value
else
  fail gdb-stepi-reverse-stepi-old-value "r0: $(regval r0 2) then $(regval r0 3), pc $(regval pc 2)"
fi
c1=$(cyc 1); c2=$(cyc 2); c3=$(cyc 3); c4=$(cyc 4)
if [ -n "$c4" ] && [ "$c1" -lt "$c2" ] && [ "$c2" -lt "$c3" ] && [ "$c4" = "$c2" ]; then
  pass gdb-monitor-cycles
else
  fail gdb-monitor-cycles "cycles $c1 $c2 $c3 then $c4 after reverse-stepi"
fi
if grep -q '^Hardware watchpoint 2: watched' <<<"$out" \
   && [ "$(grep -A2 '^Hardware watchpoint 2: watched$' <<<"$out" | grep -c 'Old value = 5')" -ge 1 ] \
   && grep -q '^New value = 12' <<<"$out" && grep -q '^\$4 = 12$' <<<"$out"; then
  pass gdb-watchpoint
else
  fail gdb-watchpoint
fi
if grep -q '^Old value = 12' <<<"$out" && grep -q '^\$5 = 5$' <<<"$out"; then
  pass gdb-reverse-continue-watchpoint
else
  fail gdb-reverse-continue-watchpoint
fi
if grep -q 'exited normally' <<<"$out" && grep -q '^phase: ' <<<"$out" \
   && [ "$(grep -c '^gdb_target: acc=73806 counter=10 watched=12$' "$tmp/s1.out")" = 1 ]; then
  pass gdb-run-to-exit-output-once
else
  fail gdb-run-to-exit-output-once "$(cat "$tmp/s1.out")"
fi

session s2
if diff <(sed "s/127.0.0.1:[0-9]*/PORT/" "$tmp/s1.gdb") <(sed "s/127.0.0.1:[0-9]*/PORT/" "$tmp/s2.gdb") >"$tmp/diff" \
   && cmp -s "$tmp/s1.out" "$tmp/s2.out"; then
  pass gdb-same-session-same-output
else
  fail gdb-same-session-same-output "$(head -20 "$tmp/diff")"
fi

# Other ways to the same answers: replays from reset only (no snapshot
# processes), and snapshots every few instructions (many of them, thinned
# out) with a small run quantum. The gdb output must not change.
TTEMU_GDB_SNAPSHOTS=0 session s3
TTEMU_GDB_SNAPSHOT_INTERVAL=40 TTEMU_GDB_QUANTUM=50 session s4
for v in s3 s4; do
  if diff <(sed "s/127.0.0.1:[0-9]*/PORT/" "$tmp/s1.gdb") <(sed "s/127.0.0.1:[0-9]*/PORT/" "$tmp/$v.gdb") >"$tmp/diff" \
     && cmp -s "$tmp/s1.out" "$tmp/$v.out"; then
    pass "gdb-same-output-$([ $v = s3 ] && echo replay-from-reset || echo many-snapshots)"
  else
    fail "gdb-same-output-$v" "$(head -20 "$tmp/diff")"
  fi
done

# Read and access watchpoints, forwards and backwards: the read in bump()
# (stops with the PC after it once gdb has stepped over it), the write,
# the read in main's printf, and reverse-continue back to that read.
start_server rw --board mps2-an500 "$FW"
if [ -n "$PORT" ]; then
  timeout 60 gdb-multiarch -batch -nx -ex 'set pagination off' -ex "target remote 127.0.0.1:$PORT" \
    -ex 'break bump' -ex continue -ex delete -ex 'rwatch watched' -ex continue -ex 'info registers pc' \
    -ex delete -ex 'awatch watched' -ex continue -ex continue -ex 'reverse-continue' -ex 'info registers pc' \
    -ex kill "$FW" >"$tmp/rw.gdb" 2>&1
fi
if grep -q '^Hardware read watchpoint 2: watched' "$tmp/rw.gdb" && grep -q '^Value = 5' "$tmp/rw.gdb" \
   && grep -q '^Hardware access (read/write) watchpoint 3: watched' "$tmp/rw.gdb" \
   && grep -q '^New value = 12' "$tmp/rw.gdb" && [ "$(grep -c '^Value = 12' "$tmp/rw.gdb")" = 2 ] \
   && [ "$(grep -E '^pc ' "$tmp/rw.gdb" | awk '{print $2}' | tr '\n' ' ')" = "0x10c 0x13e " ]; then
  pass gdb-read-access-watchpoints
else
  fail gdb-read-access-watchpoints "$(tail -5 "$tmp/rw.gdb")"
fi

# The raw protocol: a python client (no gdb) sends what gdb never would.
start_server raw --board mps2-an500 "$FW"
if [ -n "$PORT" ] && timeout 60 python3 "$T/tests/gdb/raw_client.py" "$PORT" >"$tmp/raw.txt" 2>&1; then
  pass gdb-raw-protocol
else
  fail gdb-raw-protocol "$(tail -5 "$tmp/raw.txt")"
fi

# Only loopback unless asked: the listening socket is bound to 127.0.0.1.
start_server lo "$FW"
if [ -n "$PORT" ] && command -v ss >/dev/null; then
  if ss -ltn | grep -q "127.0.0.1:$PORT "; then pass gdb-loopback-only; else fail gdb-loopback-only "$(ss -ltn)"; fi
else
  echo "SKIP gdb-loopback-only: ss not available"
fi
"$TTEMU" run --gdb 70000 "$FW" 2>/dev/null; rc=$?
[ $rc -eq 64 ] && pass gdb-bad-port-usage || fail gdb-bad-port-usage "rc $rc"

[ $fails -eq 0 ]
