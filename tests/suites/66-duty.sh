#!/usr/bin/env bash
# verifies: reference
# The sweep's run options (docs/sweep.md): --clock against the board
# YAML's clock levels and the core's uW/MHz; --set; the duty cycle
# (--frames N --fps F --battery mAh@V) against expectations derived here:
# the frames' window is N/F, the average power is the energy after boot
# over N/F, the battery life is mAh x V x 3.6 J over that power, and in
# the trace each frame starts 1/F after the one before.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL duty: $TTEMU not built"; exit 1; }
command -v python3 >/dev/null || { echo "FAIL duty: python3 not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
FW="$T/$BUILD/firmware"

# ---- bad values: one line, exit 64, naming the board and its levels
bad() { # bad NAME WORDS ARGS...
  local name=$1 words=$2; shift 2
  "$TTEMU" run --quiet "$@" "$FW/spresense/tinytracker.elf" >/dev/null 2>err.txt; local rc=$?
  [ $rc -eq 64 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -qF -- "$words" err.txt \
    && pass "$name" || fail "$name" "exit $rc, $(head -c 300 err.txt)"
}
bad clock-not-a-level "--clock 100M: board spresense's core 'cpu' runs at 156 MHz, 32 MHz, 8.2 MHz (its clock_levels_hz), not 100 MHz" --board spresense --clock 100M
bad clock-level-missing "board imx500's core 'host' has 1 clock level" --board imx500 --clock L1
bad clock-not-a-number "--clock fast: expected a frequency" --board spresense --clock fast
bad set-unknown-device "--set cam.fps=30: board spresense has no device 'cam'" --board spresense --set cam.fps=30
bad set-wrong-kind "--set camera.fps=abc: expected a number for 'fps' of camera" --board spresense --set camera.fps=abc
bad set-tpu-clock-not-a-level "--set tpu.clock_hz=300M: device 'tpu' of board coralusb runs at 500 MHz, 250 MHz, 125 MHz, 63 MHz" --board coralusb --set tpu.clock_hz=300M
bad fps-needs-frames "--fps needs --frames" --board spresense --fps 2
bad battery-form "--battery '1000mAh': expected MAH@VOLTS" --board spresense --frames 1 --battery 1000mAh
bad fps-decimals "--fps '0.0001'" --board spresense --frames 1 --fps 0.0001

if [ ! -f "$FW/spresense/tinytracker.elf" ] || [ ! -f "$FW/coralmicro/tinytracker.elf" ]; then
  echo "SKIP duty: no TinyTracker firmware (make firmware)"
  [ $fails -eq 0 ]; exit
fi

# ---- --clock: Spresense at its second level. Expected, from the board
# YAML: the clock is clock_levels_hz[1]; the core's run power is its
# uw_per_mhz x that clock; the inference takes the same cycles as at
# 156 MHz (no wait state depends on the clock), so its time scales by
# 156/32.
"$TTEMU" run --quiet --board spresense --report fast.json "$FW/spresense/tinytracker.elf" >/dev/null 2>&1
"$TTEMU" run --quiet --board spresense --clock L1 --report slow.json "$FW/spresense/tinytracker.elf" >/dev/null 2>&1
"$TTEMU" run --quiet --board spresense --clock 32M --report slow2.json "$FW/spresense/tinytracker.elf" >/dev/null 2>&1
msg=$(python3 - "$T/models/boards/spresense.yaml" <<'PY'
import json, sys, yaml
b = yaml.safe_load(open(sys.argv[1]))
def hz(v):
    v = str(v); m = {"k": 1e3, "M": 1e6, "G": 1e9}
    return float(v[:-1]) * m[v[-1]] if v[-1] in m else float(v)
levels = [hz(v) for v in b["cores"][0]["clock_levels_hz"]]
cpu = [c for c in b["power"] if c["name"] == b["cores"][0]["power"]][0]
uw_per_mhz = cpu["states"]["run"]["uw_per_mhz"]
fast, slow = json.load(open("fast.json")), json.load(open("slow.json"))
bad = []
if slow["metrics"]["clock_hz"] != levels[1]: bad.append("clock %r, YAML level 1 %r" % (slow["metrics"]["clock_hz"], levels[1]))
run = [s for c in slow["components"] if c["name"] == cpu["name"] for s in c["states"] if s["name"] == "run"][0]
mw = run["energy_pj"] / run["time_ps"] * 1e3
want = uw_per_mhz * levels[1] / 1e6 / 1e3
if abs(mw - want) > 1e-6 * want: bad.append("cpu run power %.6f mW, want %.6f" % (mw, want))
cyc_fast = fast["metrics"]["inference_latency_ps"] * 1e-12 * levels[0]
cyc_slow = slow["metrics"]["inference_latency_ps"] * 1e-12 * levels[1]
if abs(cyc_slow - cyc_fast) > 1e-4 * cyc_fast: bad.append("inference cycles %.0f at L1, %.0f at L0" % (cyc_slow, cyc_fast))
if json.load(open("slow2.json"))["total"] != slow["total"]: bad.append("--clock 32M and --clock L1 differ")
print("; ".join(bad))
PY
)
[ $? -eq 0 ] && [ -z "$msg" ] && pass clock-level-run || fail clock-level-run "$msg"

# ---- --set: the camera at a frame rate the YAML does not say; the
# capture waits for a frame, so it takes longer at 30 fps than at 120.
"$TTEMU" run --quiet --board spresense --set camera.fps=30 --set camera.line_time_ns=138889 \
  --report set.json "$FW/spresense/tinytracker.elf" >/dev/null 2>&1
msg=$(python3 - <<'PY'
import json
ph = lambda r, n: [p for p in r["phases"] if p["name"] == n][0]["duration_ps"]
a, b = json.load(open("fast.json")), json.load(open("set.json"))
# readout of 240 lines: 240 x line time; 4x the line time adds 3 x 240 x 34.722 us
d = (ph(b, "capture") - ph(a, "capture")) * 1e-12
want = 240 * (138889 - 34722) * 1e-9
print("" if abs(d - want) < 0.02 * want else "capture longer by %.6f s, want %.6f" % (d, want))
PY
)
[ -z "$msg" ] && pass set-camera-param || fail set-camera-param "$msg"

# ---- the duty cycle: Coral Dev Board Micro, 3 frames at 2 fps
N=3 F=2
"$TTEMU" run --quiet --board coralmicro --frames $N --fps $F --battery 1000@3.7 --report duty.json \
  --trace duty.bin "$FW/coralmicro/tinytracker.elf" > duty.out 2>duty.err; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^gaze:' duty.out)" -eq $N ] && pass duty-runs-n-frames \
  || fail duty-runs-n-frames "exit $rc, $(grep -c '^gaze:' duty.out) gaze lines; $(head -3 duty.err)"
"$TTEMU" trace show duty.bin 2>/dev/null | awk '$2 == "phase" && $3 == "capture" { print $1 }' > starts.txt
msg=$(python3 - $N $F 1000 3.7 <<'PY'
import json, sys
n, f, mah, v = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
r = json.load(open("duty.json")); d = r["duty_cycle"]
boot = [p for p in r["phases"] if p["name"] == "boot"][0]
bad = []
window_s = n / f                                   # N/F
got_window = (r["total"]["duration_ps"] - boot["duration_ps"]) * 1e-12
if abs(got_window - window_s) > 10e-6: bad.append("window %.9f s, N/F %.9f s" % (got_window, window_s))
p_mw = (r["total"]["energy_pj"] - boot["energy_pj"]) * 1e-12 / window_s * 1e3
if abs(d["average_power_mw"] - p_mw) > 1e-4 * p_mw: bad.append("average %.6f mW, derived %.6f" % (d["average_power_mw"], p_mw))
life_h = mah * v * 3.6 / (p_mw * 1e-3) / 3600
if abs(d["battery_life_h"] - life_h) > 1e-4 * life_h: bad.append("life %.6f h, derived %.6f" % (d["battery_life_h"], life_h))
if abs(d["battery_life_days"] - life_h / 24) > 1e-4 * life_h / 24: bad.append("days %r" % d["battery_life_days"])
# the core sleeps (WFI) through the idle time between frames
idle = [p for p in r["phases"] if p["name"] == "idle"][0]["duration_ps"]
m7 = [c for c in r["components"] if c["name"] == "m7"][0]
sleep = [s for s in m7["states"] if s["name"] == "sleep"][0]["time_ps"]
if sleep < 0.99 * idle: bad.append("core asleep %d ps of %d idle" % (sleep, idle))
# the trace: frame k starts 1/F after frame k-1
t = [float(x) * 1e-9 for x in open("starts.txt")]   # ns -> s
if len(t) != n: bad.append("%d frame starts in the trace" % len(t))
for a, b in zip(t, t[1:]):
    if abs((b - a) - 1 / f) > 1e-6: bad.append("frame period %.9f s, 1/F %.9f s" % (b - a, 1 / f))
print("; ".join(bad))
PY
)
[ $? -eq 0 ] && [ -z "$msg" ] && pass duty-average-power-battery || fail duty-average-power-battery "$msg"

# a frame slower than 1/F (Coral Micro's ~25 ms at 100 fps) makes the next
# start at the slot after: the window is a whole number of periods, more
# than N, and the firmware says how many frames overran
"$TTEMU" run --quiet --board coralmicro --frames 2 --fps 100 --report late.json "$FW/coralmicro/tinytracker.elf" > late.out 2>&1
msg=$(python3 - <<'PY'
import json
r = json.load(open("late.json"))
w = r["duty_cycle"]["window_ps"] * 1e-12 / 0.01     # in periods of 1/100 s
print("" if w > 2.5 and abs(w - round(w)) < 1e-3 else "window of %.6f periods" % w)
PY
)
grep -q "2 of 2 frames took longer than their period" late.out && [ -z "$msg" ] \
  && pass duty-late-frames || fail duty-late-frames "$msg $(tail -1 late.out)"
[ $fails -eq 0 ]
