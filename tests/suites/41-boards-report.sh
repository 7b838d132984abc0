#!/usr/bin/env bash
# The energy report of a real run: --report in JSON, YAML and CSV read back
# with Python, the three agreeing, the run repeating byte for byte, and the
# integrated energy checked against the board's power model by hand:
# mps2-an386's core draws 530.13 uW/MHz x 25 MHz = 13.25325 mW running and
# 53 uW/MHz x 25 MHz = 1.325 mW asleep, so energy_pj must equal
# run_ps x 13.25325e-3 + sleep_ps x 1.325e-3.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v python3 >/dev/null || ! python3 -c 'import json, yaml, csv' 2>/dev/null; then
  echo "SKIP report-formats: python3 with the yaml module is needed to read reports back"
  exit 0
fi
FW=
for f in "$T/$BUILD/firmware/tests/hello.elf"; do
  [ -f "$f" ] && { FW=$f; break; }
done
if [ -z "$FW" ]; then
  echo "SKIP report-formats: no test firmware in $BUILD/firmware/tests (make firmware)"
  exit 0
fi

# The firmware's own exit status passes through (hello exits 7); what
# matters here is that the report is written and ttemu said nothing.
run() {  # report-file
  "$TTEMU" run --quiet --board mps2-an386 --report "$1" "$FW" >/dev/null 2>"$tmp/stderr"
  [ -s "$1" ] && ! grep -q '^ttemu' "$tmp/stderr"
}

for ext in json yaml csv; do
  if run "$tmp/r.$ext"; then pass "report-write-$ext"; else fail "report-write-$ext" "$(head -c 300 "$tmp/stderr")"; fi
done
run "$tmp/again.json"
if cmp -s "$tmp/r.json" "$tmp/again.json"; then pass report-deterministic; else fail report-deterministic; fi
if ! grep -q 'ttemu report' "$tmp/stderr"; then pass report-quiet; else fail report-quiet "the table was printed"; fi

check=$(python3 - "$tmp" <<'PY'
import csv, json, sys, yaml
d = sys.argv[1]
j = json.load(open(d + "/r.json"))
y = yaml.safe_load(open(d + "/r.yaml"))
rows = list(csv.DictReader(open(d + "/r.csv")))
out = []
def ok(name, cond):
    out.append(("PASS " if cond else "FAIL ") + name)
ok("report-schema", j["schema"] == "ttemu-report" and j["version"] == 1 and j["board"] == "mps2-an386")
ok("report-json-equals-yaml", j == y)
tot = [r for r in rows if r["record"] == "total" and r["quantity"] == "energy"]
ok("report-csv-total", len(tot) == 1 and abs(float(tot[0]["value"]) - j["total"]["energy_pj"]) < 0.01)
core = [c for c in j["components"] if c["name"] == "core"][0]
st = {s["name"]: s["time_ps"] for s in core["states"]}
want = st["run"] * 13.25325e-3 + st["sleep"] * 1.325e-3
ok("report-energy-by-hand", abs(core["energy_pj"] - want) <= 1e-9 * want + 0.01)
ok("report-time-adds-up", sum(st.values()) == j["total"]["duration_ps"]
   and sum(p["duration_ps"] for p in j["phases"]) == j["total"]["duration_ps"])
ok("report-phase-sum", abs(sum(p["energy_pj"] for p in j["phases"]) - j["total"]["energy_pj"]) < 0.01 * len(j["phases"]))
print("\n".join(out))
PY
)
checker_rc=$?
echo "$check"
fails=$((fails + $(grep -c '^FAIL' <<<"$check")))
# The checker's own failure (a missing key, an unreadable file) is a
# failure even when it printed nothing: its exit status decides, not words.
[ $checker_rc -eq 0 ] || fail report-checker "the Python checker exited $checker_rc"

# A report name with an unknown extension is refused before running.
"$TTEMU" run --board mps2-an386 --report "$tmp/r.txt" "$FW" >/dev/null 2>&1; rc=$?
if [ $rc -eq 64 ] && [ ! -e "$tmp/r.txt" ]; then pass report-bad-extension; else fail report-bad-extension "rc $rc"; fi

[ $fails -eq 0 ]
