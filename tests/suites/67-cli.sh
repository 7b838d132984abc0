#!/usr/bin/env bash
# verifies: reference
# The command line (docs/cli.md, docs/ttemu.1, issue 18):
#   - the options each command's --help lists are exactly those its section
#     of docs/cli.md and of the manual page lists (both ways), and the
#     manual page renders without groff warnings
#   - the bad-argument matrix: --opt=value, prefixes, a bare --, several
#     errors at once, ttemu options after FIRMWARE (a warning), boards show
#     --help, -V (the version against emu/version.h and the git description
#     against the repository), outputs checked before the run (an unwritable
#     --report fails at once, not after the run), --report - on stdout
#   - the progress line: on a terminal (script(1)'s pty) after a second,
#     never when redirected or with --quiet
#   - --gdb-nowait: the firmware runs before gdb comes (registers show the
#     loop's work), the raw protocol stops it (? and Ctrl-C), and a firmware
#     that exits first ends the run with its status
#   - run --plot draws what 'ttemu plot' draws of the run's trace (whose
#     steps 62-plot checks against the report), as SVG (xmllint) and PNG
#   - docs/report-format.md's CSV example: every row kind is in a real
#     spresense report
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL cli: $TTEMU not built"; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1

# ---- images: one that exits 0 at once, one that counts in r0 for ever ----
cat > exit0.S <<'ASM'
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word 0x20001000
    .word reset + 1
    .text
    .thumb_func
reset:
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt 0xab
1:  b 1b
ASM
cat > spin.S <<'ASM'
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word 0x20001000
    .word reset + 1
    .text
    .thumb_func
reset:
    adds r0, r0, #1
    b reset
ASM
printf 'SECTIONS { . = 0x0; .vectors : { KEEP(*(.vectors)) } .text : { *(.text*) } }\n' > min.ld
for x in exit0 spin; do
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -nostartfiles -T min.ld -Wl,--no-warn-rwx-segments \
    -o $x.elf $x.S 2>>build.log || { echo "FAIL cli-inputs: cannot assemble $x.S"; exit 1; }
done

# ---- --help against docs/cli.md and docs/ttemu.1 ----------------------------
commands="run|model info|model convert|model run|trace show|trace export|replay|profile|plot|sweep"
IFS='|' read -r -a cmds <<<"$commands"
for c in "${cmds[@]}"; do
  # shellcheck disable=SC2086
  "$TTEMU" $c --help > "help-${c// /-}.txt" 2>&1 || fail "cli-help-exit:$c" "--help did not exit 0"
done
if python3 - "$T/docs/cli.md" "$T/docs/ttemu.1" "$commands" <<'PY'
import re, sys
cli, man, cmds = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3].split("|")
GLOBAL = {"help", "version"}   # documented once, for every command

def from_help(c):
    text = open("help-%s.txt" % c.replace(" ", "-")).read()
    opts = text.split("\noptions:\n", 1)[1].split("\n\n", 1)[0]
    return {m for m in re.findall(r"^  (?:-\w, )?\s*--([a-z0-9][a-z0-9-]*)", opts, re.M)} - GLOBAL

def from_cli(c):
    # the rows of the tables in the '### `ttemu CMD`' section, first column
    # only; `ttemu model` has one table per subcommand after a line naming it
    if c.startswith("model "):
        sec = cli.split("### `ttemu model`", 1)[1].split("\n### ", 1)[0]
        sec = sec.split("`ttemu %s" % c, 1)[1].split("\n`ttemu model", 1)[0]
    else:
        sec = cli.split("### `ttemu %s`" % c, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    rows = [l.split("|")[1] for l in sec.splitlines() if l.startswith("| `-")]
    return {m for r in rows for m in re.findall(r"--([a-z0-9][a-z0-9-]*)", r)}

def from_man(c):
    sec = man.split('.SS "ttemu %s"' % c, 1)[1].split("\n.SS ", 1)[0].split("\n.SH ", 1)[0]
    lines = sec.splitlines()
    tags = [lines[k + 1].replace("\\-", "-") for k in range(len(lines) - 1) if lines[k] == ".TP"]
    return {m for t in tags for m in re.findall(r"--([a-z0-9][a-z0-9-]*)", t)}

bad = []
for c in cmds:
    h, d, m = from_help(c), from_cli(c), from_man(c)
    if not h:
        bad.append("%s: no options found in --help" % c)
    for name, other in (("docs/cli.md", d), ("docs/ttemu.1", m)):
        if h - other: bad.append("%s: in --help, not in %s: %s" % (c, name, sorted(h - other)))
        if other - h: bad.append("%s: in %s, not in --help: %s" % (c, name, sorted(other - h)))
for b in bad: print(b)
sys.exit(1 if bad else 0)
PY
then pass cli-help-docs-man-agree; else fail cli-help-docs-man-agree; fi
if groff -man -ww -z "$T/docs/ttemu.1" 2> groff.err && [ ! -s groff.err ]; then
  pass cli-man-renders
else
  fail cli-man-renders "$(head -2 groff.err)"
fi
grep -q 'docs/ttemu.1.*share/man/man1/ttemu.1' "$T/Makefile" && pass cli-man-installed \
  || fail cli-man-installed "make install does not install docs/ttemu.1"

# ---- the bad-argument matrix --------------------------------------------------
# want NAME STATUS LINES CMD...: exit STATUS and exactly LINES stderr lines
want() {
  local name=$1 code=$2 lines=$3; shift 3
  timeout -k 5 30 "$@" > "$name.out" 2> "$name.err"; local rc=$?
  local n; n=$(wc -l < "$name.err")
  if [ $rc -eq "$code" ] && [ "$n" -eq "$lines" ]; then pass "cli-$name"; return 0; fi
  fail "cli-$name" "exit $rc (want $code), $n stderr lines (want $lines): $(head -3 "$name.err" | tr '\n' '|')"
  return 1
}
want board-equals 66 1 "$TTEMU" run --board=no-such-board exit0.elf \
  && { grep -q "no-such-board" board-equals.err && ! grep -q "unknown option" board-equals.err \
       || fail cli-board-equals-message "$(cat board-equals.err)"; }
want max-cycles-equals 81 1 "$TTEMU" run --quiet --max-cycles=100 spin.elf
want max-cycles-prefix 81 1 "$TTEMU" run --quiet --max-c 100 spin.elf
want prefix-ambiguous 64 1 "$TTEMU" run --max 100 spin.elf \
  && { grep -q -- "--max-cycles" prefix-ambiguous.err && grep -q -- "--max-time" prefix-ambiguous.err \
       || fail cli-prefix-ambiguous-names "$(cat prefix-ambiguous.err)"; }
want flag-with-value 64 1 "$TTEMU" run --quiet=yes exit0.elf
want bare-dashes-only 64 1 "$TTEMU" run --
want bare-dashes-then-firmware 0 0 "$TTEMU" run --quiet -- exit0.elf
cp exit0.elf ./-dash.elf
want dash-firmware-after-dashes 0 0 "$TTEMU" run --quiet -- -dash.elf
want missing-value 64 1 "$TTEMU" run --board
want many-errors 64 3 "$TTEMU" run --no-such --max-cycles=abc --trace-insn exit0.elf
want unknown-short 64 1 "$TTEMU" run -z exit0.elf
# A ttemu option after FIRMWARE goes to the firmware, with a warning; after
# an explicit -- it is the firmware's, silently. Both run on the default
# board (the firmware exits 0).
"$TTEMU" run exit0.elf --board coralmicro > after.out 2> after.err; rc=$?
if [ $rc -eq 0 ] && grep -q "warning: run: '--board' comes after FIRMWARE" after.err \
   && grep -q "board mps2-an386" after.err; then
  pass cli-option-after-firmware-warns
else
  fail cli-option-after-firmware-warns "exit $rc: $(grep ttemu: after.err | head -2 | tr '\n' '|')"
fi
"$TTEMU" run exit0.elf -- --board coralmicro > after2.out 2> after2.err; rc=$?
[ $rc -eq 0 ] && ! grep -q warning after2.err && pass cli-firmware-args-after-dashes-silent \
  || fail cli-firmware-args-after-dashes-silent "exit $rc"
# boards show --help is help, not a board named --help
want boards-show-help 0 0 "$TTEMU" boards show --help \
  && { grep -q "^usage: ttemu boards show" boards-show-help.out || fail cli-boards-show-help-text; }
# -V: the version is emu/version.h's; the git description names a commit
# of this repository (or says unknown outside a checkout)
ver=$(sed -n 's/.*TTEMU_VERSION "\(.*\)".*/\1/p' "$T/emu/version.h")
for c in "" run boards "boards show" plot "trace show"; do
  # shellcheck disable=SC2086
  out=$("$TTEMU" $c -V 2>&1); rc=$?
  desc=$(sed -n 's/^ttemu \([^ ]*\) (git \(.*\))$/\2/p' <<<"$out")
  got=$(sed -n 's/^ttemu \([^ ]*\) (git .*)$/\1/p' <<<"$out")
  commit=$(sed -n 's/.*\(g\|^\)\([0-9a-f]\{7,40\}\)\(-dirty\)\{0,1\}$/\2/p' <<<"$desc")
  if [ $rc -eq 0 ] && [ "$got" = "$ver" ] && { [ "$desc" = unknown ] || git -C "$T" cat-file -e "$commit^{commit}" 2>/dev/null; }; then
    pass "cli-version:${c:-ttemu}"
  else
    fail "cli-version:${c:-ttemu}" "exit $rc, '$out' (version.h: $ver)"
  fi
done
"$TTEMU" run --help > run-help.txt
grep -q "70 internal error" run-help.txt && pass cli-run-help-exit-70 || fail cli-run-help-exit-70
want report-ext 64 1 "$TTEMU" run --report r.txt exit0.elf \
  && { grep -q "\.yml" report-ext.err || fail cli-report-ext-mentions-yml "$(cat report-ext.err)"; }
want plot-ext 64 1 "$TTEMU" run --plot p.gif exit0.elf

# Outputs are checked before the run: the spinning image with no time bound
# and a 20 s wall limit would end 84 after 20 s if it ran.
start=$(date +%s)
want report-before-run 74 1 "$TTEMU" run --quiet --max-time 0 --timeout 20 --report /nonexistent/x.json spin.elf
[ $(( $(date +%s) - start )) -lt 10 ] && pass cli-report-checked-first || fail cli-report-checked-first "took too long: it ran"
want outputs-all-reported 74 3 "$TTEMU" run --quiet --max-time 0 --timeout 20 --report /nonexistent/x.json \
  --trace /nonexistent/t.ttt --plot /nonexistent/p.svg spin.elf
mkdir -p adir.json
want report-is-dir 74 1 "$TTEMU" run --quiet --report adir.json exit0.elf
want dump-not-dir 74 1 "$TTEMU" run --quiet --dump-tensors exit0.elf exit0.elf
# --report - : the JSON report on stdout, nothing else there
"$TTEMU" run --quiet --report - exit0.elf > rep.json 2> rep.err; rc=$?
python3 -c 'import json,sys; r=json.load(open("rep.json")); sys.exit(0 if r["board"] == "mps2-an386" and r["total"]["duration_ps"] > 0 else 1)' 2>/dev/null
prc=$?
[ $rc -eq 0 ] && [ $prc -eq 0 ] && [ ! -s rep.err ] && pass cli-report-stdout \
  || fail cli-report-stdout "exit $rc, check $prc: $(head -c 200 rep.json)"

# ---- the progress line ----------------------------------------------------------
if command -v script > /dev/null; then
  script -qec "$TTEMU run --max-time 0 --timeout 2.5 $tmp/spin.elf" /dev/null > pty.txt 2>&1
  grep -aq "s simulated, phase boot, .* MIPS" pty.txt && pass cli-progress-on-terminal \
    || fail cli-progress-on-terminal "$(tail -c 300 pty.txt)"
  script -qec "$TTEMU run --quiet --max-time 0 --timeout 2.5 $tmp/spin.elf" /dev/null > ptyq.txt 2>&1
  ! grep -aq "s simulated, phase" ptyq.txt && pass cli-progress-quiet || fail cli-progress-quiet
else
  echo "SKIP cli-progress-on-terminal: no script(1)"
fi
"$TTEMU" run --max-time 0 --timeout 2.5 spin.elf > /dev/null 2> redirected.err
! grep -q "s simulated, phase" redirected.err && pass cli-progress-not-when-redirected \
  || fail cli-progress-not-when-redirected

# ---- --gdb-nowait ------------------------------------------------------------------
start_nowait() { # start_nowait NAME ARGS...: sets PORT
  local name=$1; shift
  timeout 60 "$TTEMU" run --gdb-nowait 127.0.0.1:0 "$@" > "$name.out" 2> "$name.err" &
  pids+=($!)
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$name.err")
    [ -n "$PORT" ] && return
    sleep 0.1
  done
}
start_nowait nowait --max-time 0 spin.elf
if [ -n "$PORT" ]; then
  sleep 0.5 # it runs meanwhile
  if python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
def send(p): s.sendall(b"$%s#%02x" % (p, sum(p) % 256))
def reply():
    buf = b""
    while True:
        buf += s.recv(4096)
        if b"#" in buf.lstrip(b"+") and len(buf.split(b"#", 1)[1]) >= 2:
            return buf.lstrip(b"+").split(b"$", 1)[1].split(b"#", 1)[0]
def r0():
    send(b"p0"); v = reply(); s.sendall(b"+")
    return int.from_bytes(bytes.fromhex(v.decode()), "little")
send(b"?"); stop = reply(); s.sendall(b"+")
a = r0()                          # the loop has counted before gdb came
send(b"c"); time.sleep(0.3); s.sendall(b"\x03")
intr = reply(); s.sendall(b"+")
b = r0()
send(b"k")
ok = stop.startswith(b"T05") and a > 1000 and intr.startswith(b"T02") and b > a
print("stop %s r0 at attach %d, interrupt %s, r0 after %d" % (stop, a, intr, b))
sys.exit(0 if ok else 1)
PY
  then pass cli-gdb-nowait-runs-and-interrupts; else fail cli-gdb-nowait-runs-and-interrupts; fi
else
  fail cli-gdb-nowait-runs-and-interrupts "the server did not start: $(cat nowait.err)"
fi
timeout 20 "$TTEMU" run --gdb-nowait 127.0.0.1:0 exit0.elf > early.out 2> early.err; rc=$?
[ $rc -eq 0 ] && pass cli-gdb-nowait-firmware-exits-first || fail cli-gdb-nowait-firmware-exits-first "exit $rc"

# ---- run --plot ----------------------------------------------------------------------
fw="$T/$BUILD/firmware/boards/spresense/boardtest.elf"
if [ -f "$fw" ] && command -v xmllint > /dev/null; then
  "$TTEMU" run --quiet --board spresense --plot direct.svg --report direct.json "$fw" > /dev/null 2> plot.err \
    && "$TTEMU" run --quiet --board spresense --trace run.ttt "$fw" > /dev/null 2>> plot.err \
    && "$TTEMU" plot run.ttt -o traced.svg --data traced.csv 2>> plot.err; rc=$?
  if [ $rc -eq 0 ] && xmllint --noout direct.svg 2>/dev/null && cmp -s direct.svg traced.svg; then
    pass cli-run-plot-svg
  else
    fail cli-run-plot-svg "exit $rc, $(head -2 plot.err | tr '\n' '|')"
  fi
  msg=$(python3 - traced.csv direct.json <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
rep = json.load(open(sys.argv[2]))
drawn = sum((int(r[1]) - int(r[0])) * sum(float(x) for x in r[2:]) * 1e-3 for r in rows)
state = sum(c["energy_pj"] - c["action_energy_pj"] for c in rep["components"])
if abs(drawn - state) > 1e-6 * max(state, 1) or int(rows[-1][1]) != rep["total"]["duration_ps"]:
    print("drawn %.3f pJ over %s ps, report %.3f pJ over %d ps" % (drawn, rows[-1][1], state, rep["total"]["duration_ps"]))
PY
)
  [ -z "$msg" ] && pass cli-run-plot-matches-report || fail cli-run-plot-matches-report "$msg"
  "$TTEMU" run --quiet --board spresense --plot direct.png "$fw" > /dev/null 2>&1
  head -c 8 direct.png 2>/dev/null | od -An -tx1 | grep -q '89 50 4e 47' && pass cli-run-plot-png || fail cli-run-plot-png
  ls /tmp/ttemu-plot-* > /dev/null 2>&1 && fail cli-run-plot-temp-removed "$(ls /tmp/ttemu-plot-*)" \
    || pass cli-run-plot-temp-removed
else
  echo "SKIP cli-run-plot: $fw not built (make firmware) or no xmllint"
fi

# ---- docs/report-format.md's CSV example against a real report -----------------------------
tfw="$T/$BUILD/firmware/spresense/tinytracker.elf"
if [ -f "$tfw" ]; then
  "$TTEMU" run --quiet --board spresense --report real.csv "$tfw" > /dev/null 2>&1
  if python3 - "$T/docs/report-format.md" real.csv <<'PY'
import csv, sys
doc = open(sys.argv[1]).read().split("## CSV", 1)[1].split("\n## ", 1)[0]
ex = [l.strip() for l in doc.splitlines() if l.startswith("    ") and "," in l]
real = {tuple(r[:5] + r[6:]) for r in csv.reader(open(sys.argv[2]))}
miss = [l for l in ex if tuple((r := next(csv.reader([l])))[:5] + r[6:]) not in real]
for m in miss: print("not in a real spresense report:", m)
sys.exit(1 if miss or len(ex) < 10 else 0)
PY
  then pass cli-report-csv-example-real; else fail cli-report-csv-example-real; fi
else
  echo "SKIP cli-report-csv-example-real: $tfw not built (make firmware)"
fi

# ---- README: the synopsis has every run option; its first run example succeeds ----
if python3 - "$T/README.md" help-run.txt <<'PY'
import re, sys
readme = open(sys.argv[1]).read()
using = readme.split("## Using it", 1)[1].split("\n## ", 1)[0]
synopsis = "\n".join(l for l in using.splitlines() if l.startswith("    "))
opts = open(sys.argv[2]).read().split("\noptions:\n", 1)[1].split("\n\n", 1)[0]
names = set(re.findall(r"^  (?:-\w, )?\s*--([a-z0-9][a-z0-9-]*)", opts, re.M)) - {"help", "version", "expect-hash"}
missing = sorted(n for n in names if "--" + n not in synopsis)
if missing: print("README synopsis lacks:", missing)
sys.exit(1 if missing else 0)
PY
then pass cli-readme-synopsis; else fail cli-readme-synopsis; fi
first=$(sed -n 's/^    build\/ttemu run \(.*[^\\]\)$/\1/p' "$T/README.md" | head -1)
first=${first//build\//$BUILD/}   # the README's paths are under the default build directory
fwfile=${first##* }
if [ -n "$first" ] && [ ! -f "$T/$fwfile" ]; then
  echo "SKIP cli-readme-first-run-succeeds: $fwfile not built (make firmware)"
elif [ -n "$first" ]; then
  # shellcheck disable=SC2086
  (cd "$T" && timeout 120 "$TTEMU" run --quiet $first > "$tmp/readme.out" 2> "$tmp/readme.err"); rc=$?
  [ $rc -eq 0 ] && pass cli-readme-first-run-succeeds || fail cli-readme-first-run-succeeds "run $first: exit $rc"
else
  fail cli-readme-first-run-succeeds "no 'build/ttemu run' example in README.md"
fi

[ $fails -eq 0 ]
