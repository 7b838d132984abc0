#!/usr/bin/env bash
# verifies: consistency
# Pictures (ttemu plot, docs/plot.md): a traced run of the board test
# firmware on every camera board is drawn as SVG, PNG and PDF; the SVG
# parses (xmllint); the power steps the picture drew (--data) integrate to
# the report's state energy (components' energy minus their action energy)
# and cover the whole run; the layer picture's rows equal the trace's layer
# records; bad inputs are one-line errors with the documented exit codes.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL plot: $TTEMU not built"; exit 1; }
for tool in python3 xmllint; do
  command -v $tool >/dev/null || { echo "FAIL plot: $tool not installed (scripts/install-deps.sh installs it)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

for b in spresense coralmicro imx500; do
  fw="$T/$BUILD/firmware/boards/$b/boardtest.elf"
  [ -f "$fw" ] || { echo "SKIP plot-$b: $fw not built (make firmware)"; continue; }
  "$TTEMU" run --quiet --board $b --trace $b.ttt --report $b.json "$fw" >/dev/null 2>&1 \
    || { fail plot-run-$b "the run failed"; continue; }
  ok=1
  for ext in svg png pdf; do
    "$TTEMU" plot $b.ttt -o $b.$ext --data $b.csv 2>$b.err || { ok=0; fail plot-$ext-$b "$(cat $b.err)"; }
  done
  [ $ok = 1 ] && pass plot-formats-$b
  xmllint --noout $b.svg 2>/dev/null && grep -q '<path' $b.svg && pass plot-svg-parses-$b || fail plot-svg-parses-$b
  head -c 8 $b.png | od -An -tx1 | grep -q '89 50 4e 47' && pass plot-png-$b || fail plot-png-$b "not a PNG"
  head -c 5 $b.pdf | grep -q '%PDF-' && pass plot-pdf-$b || fail plot-pdf-$b "not a PDF"
  msg=$(python3 - $b.csv $b.json <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
rep = json.load(open(sys.argv[2]))
head, rows = rows[0], rows[1:]
drawn = sum((int(r[1]) - int(r[0])) * sum(float(x) for x in r[2:]) * 1e-3 for r in rows)
state = sum(c["energy_pj"] - c["action_energy_pj"] for c in rep["components"])
names = [h[:-3] for h in head[2:]]
want = [c["name"] for c in rep["components"]]
span = (int(rows[0][0]), int(rows[-1][1]))
bad = []
if names != want: bad.append("components %s != report %s" % (names, want))
if span != (0, rep["total"]["duration_ps"]): bad.append("steps cover %s, run is %d ps" % (span, rep["total"]["duration_ps"]))
if abs(drawn - state) > 1e-6 * max(state, 1): bad.append("drawn %.3f pJ != report %.3f pJ" % (drawn, state))
print("; ".join(bad))
PY
)
  rc=$?
  [ $rc -eq 0 ] && [ -z "$msg" ] && pass plot-energy-$b || fail plot-energy-$b "checker exit $rc: $msg"
  if "$TTEMU" plot $b.ttt --layers -o ${b}-layers.svg --data ${b}-layers.csv 2>$b.err; then
    # one row per layer index, 0 .. the largest index the trace names
    n_trace=$("$TTEMU" trace show $b.ttt | sed -n 's/.* layer \([0-9][0-9]*\)$/\1/p' | sort -n | tail -1)
    n_rows=$(($(wc -l < ${b}-layers.csv) - 1))
    xmllint --noout ${b}-layers.svg 2>/dev/null && [ -n "$n_trace" ] && [ "$n_rows" -eq $((n_trace + 1)) ] \
      && pass plot-layers-$b || fail plot-layers-$b "rows $n_rows, trace layer records $n_trace"
  else
    fail plot-layers-$b "$(cat $b.err)"
  fi
done

# make validate's table: a hand-made one (two boards, one metric missing
# on the paper's side) draws; a JSON of another shape is refused.
cat > v.json <<'JSON'
{"schema": "ttemu-validation", "version": 1, "boards": ["spresense", "coralusb"],
 "table": {"spresense": {"e2e_latency_ms": {"paper": 522.5, "ttemu": 300.0}},
           "coralusb": {"e2e_latency_ms": {"paper": null, "ttemu": 3.0},
                        "inference_latency_ms": {"paper": 0.87, "ttemu": 0.9}}}}
JSON
"$TTEMU" plot v.json -o v.svg 2>v.err && xmllint --noout v.svg 2>/dev/null \
  && pass plot-table2 || fail plot-table2 "$(cat v.err)"
echo '{"schema": "ttemu-report"}' > other.json
printf '{"schema": ' > cut.json

# Bad inputs: one line, documented exit codes, no crash.
expect() { # expect NAME CODE CMD...: exit CODE with one line on stderr
  local name=$1 code=$2; shift 2
  "$@" >/dev/null 2>err.txt; local rc=$?
  [ $rc -eq "$code" ] && [ "$(wc -l < err.txt)" -eq 1 ] && pass "$name" \
    || fail "$name" "exit $rc (want $code), $(wc -l < err.txt) stderr lines"
}
printf 'not a trace' > junk.ttt
expect plot-bad-trace 65 "$TTEMU" plot junk.ttt -o x.svg
expect plot-missing-trace 66 "$TTEMU" plot nonexistent.ttt -o x.svg
expect plot-bad-extension 64 "$TTEMU" plot junk.ttt -o x.gif
expect plot-no-output 64 "$TTEMU" plot junk.ttt
expect plot-table2-other-json 65 "$TTEMU" plot other.json -o x.svg
expect plot-table2-cut-json 65 "$TTEMU" plot cut.json -o x.svg
expect plot-unknown-option 64 "$TTEMU" plot --colour junk.ttt -o x.svg
if [ -f spresense.ttt ]; then
  expect plot-unwritable 66 "$TTEMU" plot spresense.ttt -o /nonexistent/dir/x.svg
fi
[ $fails -eq 0 ]
