#!/usr/bin/env bash
# Sweeps (docs/sweep.md): the plan's order and size; a 4-job sweep run by
# GNU parallel merges into a table whose rows equal four separate
# `ttemu run` reports; --resume reruns nothing; the Pareto picture draws;
# bad specs are one line naming file:line:column.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL sweep: $TTEMU not built"; exit 1; }
for tool in parallel python3 xmllint; do
  command -v $tool >/dev/null || { echo "FAIL sweep: $tool not installed (scripts/install-deps.sh installs it)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# ---- the plan: 3 boards x 2 models x 2 kernels = 12 jobs, last axis fastest
cat > plan.yaml <<'YAML'
name: plan-order
firmware: fw/{board}/tinytracker{kernels}.elf
out: results
axes:
  board: [spresense, coralmicro, imx500]
  model: [builtin, my.tflite]
  kernels: [opt, ref]
YAML
"$TTEMU" sweep plan plan.yaml > plan.txt 2>err.txt
n=$(wc -l < plan.txt)
order=$(sed -E 's/.*--board ([a-z0-9]+)( --model ([^ ]+))?.*tinytracker(-ref)?\.elf.*/\1 \3 \4/' plan.txt | tr -s ' ' | head -4 | tr '\n' '|')
[ "$n" -eq 12 ] && [ "$order" = "spresense |spresense -ref|spresense $tmp/my.tflite |spresense $tmp/my.tflite -ref|" ] \
  && pass sweep-plan-order || fail sweep-plan-order "$n lines, order $order"

# ---- 3 boards x 2 models x 3 clocks = 18 jobs; job k (1-based) is board
# (k-1)/6, model (k-1)/3 mod 2, clock (k-1) mod 3 (docs/sweep.md's order).
# The third board is a YAML file (a renamed copy of spresense.yaml), so it
# has the same three clock levels.
sed 's/^name: spresense/name: spresense-copy/' "$T/models/boards/spresense.yaml" > copy.yaml
cat > clocks.yaml <<'YAML'
name: plan-clocks
firmware: fw/{board}/tinytracker.elf
out: results
axes:
  board: [spresense, coralmicro, copy.yaml]
  model: [builtin, my.tflite]
  clock: [L0, L1, L2]
YAML
"$TTEMU" sweep plan clocks.yaml > clocks.txt 2>err.txt
got=$(sed -E 's/.*--board ([^ ]+)( --model [^ ]+)? --clock (L[0-9]).*--report runs\/([0-9]+)\.json.*/\4 \1\2 \3/' clocks.txt | tr '\n' '|')
want=""
boards=(spresense coralmicro "$tmp/copy.yaml"); models=("" " --model $tmp/my.tflite"); clocks=(L0 L1 L2)
for k in $(seq 1 18); do
  i=$((k - 1)); want="$want$k ${boards[i / 6]}${models[(i / 3) % 2]} ${clocks[i % 3]}|"
done
[ "$(wc -l < clocks.txt)" -eq 18 ] && [ "$got" = "$want" ] && pass sweep-plan-18-order \
  || fail sweep-plan-18-order "$(wc -l < clocks.txt) lines; got $got; want $want"
# exclude: the imx500 runs at one clock only; the jobs stay numbered 1..N
cat > excl.yaml <<'YAML'
name: plan-exclude
firmware: fw/{board}/tinytracker.elf
axes:
  board: [spresense, imx500]
  clock: [L0, L1, L2]
exclude:
  - {board: imx500, clock: [L1, L2]}
YAML
"$TTEMU" sweep plan excl.yaml > excl.txt 2>err.txt
got=$(sed -E 's/.*--board ([^ ]+) --clock (L[0-9]).*runs\/([0-9]+)\.json.*/\3 \1 \2/' excl.txt | tr '\n' '|')
[ "$got" = "1 spresense L0|2 spresense L1|3 spresense L2|4 imx500 L0|" ] && pass sweep-plan-exclude \
  || fail sweep-plan-exclude "$got $(cat err.txt)"
"$TTEMU" sweep plan plan.yaml | cmp -s - plan.txt && pass sweep-plan-deterministic || fail sweep-plan-deterministic
grep -c -- '--report runs/[0-9]*\.json' plan.txt | grep -qx 12 && pass sweep-plan-reports || fail sweep-plan-reports

# ---- a real sweep: four boards, one job each, through GNU parallel
boards=""
for b in spresense coralmicro imx500 coralusb; do
  [ -f "$T/$BUILD/firmware/boards/$b/boardtest.elf" ] && boards="$boards${boards:+, }$b"
done
if [ -z "$boards" ]; then
  echo "SKIP sweep-run: no board test firmware (make firmware)"
else
  cat > run.yaml <<YAML
name: four-boards
firmware: $T/$BUILD/firmware/boards/{board}/boardtest.elf
out: $tmp/four
axes:
  board: [$boards]
YAML
  if "$TTEMU" sweep run run.yaml -j 2 >run.out 2>run.err; then
    pass sweep-run-parallel
  else
    fail sweep-run-parallel "$(tail -3 run.err)"
  fi
  # the same runs one by one, outside the sweep
  k=0
  for b in ${boards//,/}; do
    k=$((k + 1))
    "$TTEMU" run --quiet --board $b --report solo-$k.json "$T/$BUILD/firmware/boards/$b/boardtest.elf" >/dev/null 2>&1
  done
  msg=$(python3 - four/table.json four/table.csv <<'PY'
import csv, json, sys
t = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
bad = []
if len(t["rows"]) != len(rows): bad.append("json %d rows, csv %d" % (len(t["rows"]), len(rows)))
for k, r in enumerate(t["rows"], 1):
    solo = json.load(open("solo-%d.json" % k))
    m, tot = solo["metrics"], solo["total"]
    want = {"duration_ms": tot["duration_ps"] * 1e-9, "energy_mj": tot["energy_pj"] * 1e-9,
            "e2e_latency_ms": m["e2e_latency_ps"] * 1e-9, "inference_energy_mj": m["inference_energy_pj"] * 1e-9,
            "mac_per_cycle": m["mac_per_cycle"], "macs": m["macs"], "clock_mhz": m["core_clock_hz"] * 1e-6}
    for key, v in want.items():
        for got in (r[key], float(rows[k - 1][key])):
            if abs(got - v) > 1e-8 * max(abs(v), 1e-9): bad.append("job %d %s: %r != %r" % (k, key, got, v))
    if r["status"] != "ok": bad.append("job %d status %s" % (k, r["status"]))
print("; ".join(bad[:5]))
PY
)
  rc=$?
  [ $rc -eq 0 ] && [ -z "$msg" ] && pass sweep-merge-equals-runs || fail sweep-merge-equals-runs "checker $rc: $msg"
  before=$(wc -l < four/joblog)
  cp four/table.json first.json
  "$TTEMU" sweep run run.yaml -j 2 --resume >/dev/null 2>&1
  [ "$(wc -l < four/joblog)" -eq "$before" ] && cmp -s first.json four/table.json \
    && pass sweep-resume-reruns-nothing || fail sweep-resume-reruns-nothing
  "$TTEMU" sweep merge four 2>/dev/null && cmp -s first.json four/table.json && pass sweep-merge-repeat || fail sweep-merge-repeat
  "$TTEMU" plot four/table.json --pareto -o pareto.svg 2>err.txt && xmllint --noout pareto.svg \
    && pass sweep-pareto-svg || fail sweep-pareto-svg "$(cat err.txt)"
  "$TTEMU" sweep slurm run.yaml >slurm.out 2>&1 && grep -q "^#SBATCH --array=1-$k$" four/sweep.sbatch \
    && grep -q "sbatch" slurm.out && pass sweep-slurm-script || fail sweep-slurm-script "$(cat slurm.out)"
fi

# ---- bad specs: one line, file:line:column, exit 65 (66: no file)
expect() { # expect NAME CODE WORD SPEC-TEXT
  printf '%s\n' "$4" > bad.yaml
  "$TTEMU" sweep plan bad.yaml >/dev/null 2>err.txt; local rc=$?
  [ $rc -eq "$2" ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q -- "$3" err.txt \
    && pass "$1" || fail "$1" "exit $rc, $(head -c 200 err.txt)"
}
expect sweep-bad-axis 65 "bad.yaml:4:3: expected an axis" $'name: x\nfirmware: f.elf\naxes:\n  clok: [1]'
expect sweep-bad-key 65 "bad.yaml:2:1: expected one of" $'name: x\nfirmwre: f.elf\naxes: {board: [a]}'
expect sweep-bad-kernels 65 "kernels to be opt or ref" $'name: x\nfirmware: f\naxes: {kernels: [fast]}'
expect sweep-empty-axis 65 "at least one entry" $'name: x\nfirmware: f\naxes: {board: []}'
expect sweep-not-yaml 65 "bad.yaml:3:1: expected YAML" $'name: [x,\nfirmware: f'
expect sweep-bad-board 65 "bad.yaml:4:22: expected a board ttemu can load (no built-in board 'sprsense'" \
  $'name: x\nfirmware: f\naxes:\n  board: [spresense, sprsense]'
# the clock axis: a level the board lacks names the board and its levels
expect sweep-bad-clock 65 "bad.yaml:5:16: expected a value board spresense takes (--clock 100M: board spresense's core 'cpu' runs at 156 MHz, 32 MHz, 8.2 MHz" \
  $'name: x\nfirmware: f\naxes:\n  board: [spresense]\n  clock: [32M, 100M]'
expect sweep-bad-level 65 "bad.yaml:5:11: expected a value board imx500 takes (--clock L1: board imx500's core 'host' has 1 clock level" \
  $'name: x\nfirmware: f\naxes:\n  board: [imx500]\n  clock: [L1]'
expect sweep-bad-set 65 "bad.yaml:5:20: expected a value board spresense takes (--set camera.fsp=30: a camera device has no parameter 'fsp'" \
  $'name: x\nfirmware: f\naxes:\n  board: [spresense]\n  set.camera.fsp: [30]'
expect sweep-repeated-value 65 "bad.yaml:4:34: expected each value of axis 'board' once ('coralmicro' is also at 4:11)" \
  $'name: x\nfirmware: f\naxes:\n  board: [coralmicro, spresense, coralmicro]'
expect sweep-bad-fps 65 "bad.yaml:4:12: expected fps to be frames a second" $'name: x\nfirmware: f\naxes:\n  fps: [1, -2]'
expect sweep-bad-exclude 65 "bad.yaml:6:13: expected a value of axis 'board' (not 'imx5000')" \
  $'name: x\nfirmware: f\naxes:\n  board: [imx500]\nexclude:\n  - {board: imx5000}'
"$TTEMU" sweep plan nonexistent.yaml >/dev/null 2>err.txt; rc=$?
[ $rc -eq 66 ] && [ "$(wc -l < err.txt)" -eq 1 ] && pass sweep-missing-spec || fail sweep-missing-spec "exit $rc"
"$TTEMU" sweep merge "$tmp/nowhere" >/dev/null 2>err.txt; rc=$?
[ $rc -eq 66 ] && pass sweep-merge-not-a-sweep || fail sweep-merge-not-a-sweep "exit $rc"
[ $fails -eq 0 ]
