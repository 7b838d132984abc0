#!/usr/bin/env bash
# The Edge TPU device and its drivers end to end (issue 12):
#   used       on coralmicro and coralusb the firmware says "accelerator:
#              edgetpu", the TPU's power component was active and bytes
#              crossed the USB link (the report)
#   published  ../shared/models/TinyTracker.tflite placed with --model:
#              output.bin (--dump-tensors) equals `ttemu model run` on
#              input.bin byte for byte, and the LiteRT oracle
#              (../shared/tools/tflite-oracle) within 1 LSB of the int8
#              output (scale 1/128); skipped with a message when absent
#   split      TinyTracker with a DEQUANTIZE + QUANTIZE pair spliced in
#              after the middle operator (tests/edgetpu/split_model.c): the
#              TPU runs the operators before it, the core the rest (the
#              firmware's per-operator layer marks start at the split);
#              output.bin equals `ttemu model run` of that model and of
#              TinyTracker itself on the same input
#   breakdown  the Coral Micro's inference phase is the sum of its USB
#              transfers, the host controller's schedule waits, the TPU's
#              run and the M7's work (trace: the link's active and waiting
#              states, the TPU's and the core's power states)
#   layers     the TPU's layers are layer events in the trace (Perfetto
#              nests them in the phase), in order, after the per-invoke cost
#   bad params malformed tpu and usb-host entries are refused with one
#              line naming the board file, line and column, exit 65
# Usage: tests/suites/68-edgetpu-run.sh BUILD_DIR
# verifies: reference
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) B=$BUILD ;; *) B=$T/$BUILD ;; esac
SHARED=$(cd "$T/.." && pwd)/shared
[ -d "$SHARED" ] || SHARED=/work/shared
TTEMU="$B/ttemu"
[ -x "$TTEMU" ] || { echo "FAIL edgetpu-run: $TTEMU not built"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP edgetpu-run: python3 is needed"; exit 0; }
san=0
nm "$B/libttemu.a" 2>/dev/null | grep -q __asan_init && san=1
make -s -C "$T" BUILD="$B" SAN=$san "$B/tools/split-model" >/dev/null 2>&1 || { echo "FAIL edgetpu-run: split-model not built"; exit 1; }

ORACLE=""
MODEL="$SHARED/models/TinyTracker.tflite"
if [ -f "$MODEL" ] && command -v node >/dev/null && command -v npm >/dev/null; then
    ORACLE=$B/oracle
    if [ ! -d "$ORACLE/node_modules" ]; then
        rm -rf "$ORACLE" && cp -r "$SHARED/tools/tflite-oracle" "$ORACLE" && chmod -R u+w "$ORACLE"
        (cd "$ORACLE" && npm ci --no-audit --no-fund >/dev/null 2>&1) || ORACLE=""
    fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$T" || exit 1

python3 - "$TTEMU" "$B" "$MODEL" "$ORACLE" "$tmp" <<'PY'
import json, os, re, struct, subprocess, sys

ttemu, build, model, oracle, tmp = sys.argv[1:6]
fw = lambda b: "%s/firmware/%s/tinytracker.elf" % (build, b)
fails = 0

def result(name, ok, why=""):
    global fails
    print(("PASS " + name) if ok else "FAIL %s: %s" % (name, why))
    fails += 0 if ok else 1

def run(args, timeout=300):
    p = subprocess.run(args, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

def floats(path):
    data = open(path, "rb").read()
    return list(struct.unpack("<%df" % (len(data) // 4), data))

def host_run(m, inp):
    rc, out, err = run([ttemu, "model", "run", m, "--input", inp])
    return [struct.unpack("<f", struct.pack("<f", float(v)))[0] for v in out.split()] if rc == 0 else None

def board_run(b, m, d, extra=(), image=None):
    args = [ttemu, "run", "--quiet", "--board", b, "--dump-tensors", d, "--report", d + ".json"]
    args += (["--model", m] if m else []) + list(extra) + [image or fw(b)]
    return run(args)

for b in ["coralmicro", "coralusb"]:
    d = "%s/%s" % (tmp, b)
    rc, out, err = board_run(b, None, d)
    rep = json.load(open(d + ".json")) if os.path.isfile(d + ".json") else {}
    comps = {c["name"]: c for c in rep.get("components", [])}
    states = {s["name"]: s for s in comps.get("tpu", {}).get("states", [])}
    usb_bytes = [a for a in comps.get("usb", {}).get("actions", []) if a["name"] == "byte"]
    result("edgetpu-used-" + b, rc == 0 and "accelerator: edgetpu" in out and
           states.get("active", {}).get("time_ps", 0) > 0 and usb_bytes and usb_bytes[0]["count"] > 0,
           "exit %d, %r; tpu states %s; usb %s %s" % (rc, out[-160:], states, usb_bytes, err.strip()[-200:]))

# The TPU clock is the board's (clock_hz, here through --set): the run's
# latency is t(f) = K + C/f, K the link and driver time (clock-free), C the
# array's cycles, so t(125 MHz) - t(250 MHz) = C/250M = 2 x (t(250) - t(500)).
lat = {}
for hz in ("500M", "250M", "125M"):
    d = "%s/clock-%s" % (tmp, hz)
    rc, out, err = board_run("coralusb", None, d, ["--set", "tpu.clock_hz=" + hz])
    rep = json.load(open(d + ".json")) if rc == 0 and os.path.isfile(d + ".json") else {}
    lat[hz] = rep.get("metrics", {}).get("inference_latency_ps")
if all(lat.values()):
    ratio = (lat["125M"] - lat["250M"]) / (lat["250M"] - lat["500M"])
    result("edgetpu-clock-scales-compute", lat["500M"] < lat["250M"] < lat["125M"] and abs(ratio - 2) < 1e-3,
           "latencies %s, ratio %.6f" % (lat, ratio))
else:
    result("edgetpu-clock-scales-compute", False, "a run failed: %s" % lat)

if not os.path.isfile(model):
    print("SKIP edgetpu-published: %s not found (the authors' model is test data outside the project)" % model)
else:
    for b in ["coralmicro", "coralusb"]:
        d = "%s/pub-%s" % (tmp, b)
        rc, out, err = board_run(b, model, d)
        ok = rc == 0 and "input 128x128x5" in out and "accelerator: edgetpu" in out
        result("edgetpu-published-run-" + b, ok, "exit %d %r %s" % (rc, out[-200:], err.strip()[-200:]))
        if not ok:
            continue
        got, ref = floats(d + "/output.bin"), host_run(model, d + "/input.bin")
        result("edgetpu-published-dump-" + b, ref is not None and got == ref, "device %s, model run %s" % (got, ref))
        if not oracle:
            print("SKIP edgetpu-published-oracle-%s: node/npm or the oracle's packages missing" % b)
            continue
        p = run(["node", oracle + "/oracle.mjs", model, d + "/input.bin", d + "/oracle.txt"])
        lite = [float(v) for v in open(d + "/oracle.txt").read().split()] if p[0] == 0 else []
        result("edgetpu-published-oracle-" + b,
               len(lite) == len(got) and all(abs(a - c) <= 1 / 128 + 1e-6 for a, c in zip(lite, got)),
               "device %s, LiteRT %s %s" % (got, lite, p[2].strip()[-200:]))

split = tmp + "/split.ttm"
rc, out, err = run([build + "/tools/split-model", split])
k = int(out) if rc == 0 and out.strip().isdigit() else -1
rc, info, _ = run([ttemu, "model", "info", split, "--edgetpu"])
result("edgetpu-split-plan", k > 0 and ("first CPU operator: %d DEQUANTIZE" % k) in info,
       "split at %d; %s" % (k, [l for l in info.splitlines() if "CPU" in l]))
for b in ["coralmicro", "coralusb"]:
    d = "%s/split-%s" % (tmp, b)
    rc, out, err = board_run(b, split, d, ["--trace", d + ".ttt"])
    if rc != 0:
        result("edgetpu-split-run-" + b, False, "exit %d %s" % (rc, err.strip()[-200:]))
        continue
    got = floats(d + "/output.bin")
    want, orig = host_run(split, d + "/input.bin"), host_run("tinytracker", d + "/input.bin")
    result("edgetpu-split-output-" + b, got == want == orig, "device %s, split model %s, tinytracker %s" % (got, want, orig))
    rc, show, _ = run([ttemu, "trace", "show", d + ".ttt"])
    # the core's layer marks: those outside the TPU's runs (the TPU marks its own)
    layers, tpu_run = [], False
    for m in re.finditer(r"\s(?:power tpu -> (\w+)|layer (\d+)$)", show, re.M):
        if m.group(1):
            tpu_run = m.group(1) == "active"
        elif not tpu_run:
            layers.append(int(m.group(2)))
    result("edgetpu-split-cpu-ops-" + b, layers and min(layers) == k and max(layers) == k + 26,
           "core marked layers %s..%s, want %d..%d" % (min(layers or [-1]), max(layers or [-1]), k, k + 26))

# Coral Micro: the inference phase, event by event.
d = tmp + "/bd"
rc, out, err = board_run("coralmicro", None, d, ["--trace", d + ".ttt"])
rc, show, _ = run([ttemu, "trace", "show", d + ".ttt"])
t0 = t1 = None
on = {}
busy = {"usb": 0.0, "usbwait": 0.0, "tpu": 0.0, "m7": 0.0}
# each component's state -> the part it counts in: the link's "waiting" is
# the host controller's schedule (async sleep, NAK throttling)
def part(c, st):
    if c == "usb" and st == "waiting":
        return "usbwait"
    return c if st in ("active", "run") and c in busy else None
for line in show.splitlines():
    m = re.match(r"\s*([\d.]+)\s+(?:phase (\w+)|power (\w+) -> (\w+))", line)
    if not m:
        continue
    t = float(m.group(1))
    if m.group(2):
        if m.group(2) == "inference":
            t0 = t
            on = {c: ((t, v[1]) if v is not None else None) for c, v in on.items()}
        elif t0 is not None and t1 is None:
            t1 = t
        continue
    c, st = m.group(3), m.group(4)
    k = part(c, st)
    if t0 is not None and t1 is None and on.get(c) is not None:
        busy[on[c][1]] += t - on[c][0]
    on[c] = (t, k) if k else None
total = (t1 - t0) if t0 is not None and t1 is not None else 0
parts = sum(busy.values())
result("edgetpu-breakdown-coralmicro", total > 0 and busy["usb"] > 0 and busy["tpu"] > 0 and abs(parts - total) / total < 0.02,
       "inference %.1f us; usb %.1f, schedule waits %.1f, tpu %.1f, m7 %.1f (sum %.1f)" %
       (total / 1e3, busy["usb"] / 1e3, busy["usbwait"] / 1e3, busy["tpu"] / 1e3, busy["m7"] / 1e3, parts / 1e3))
print("  coralmicro inference %.3f ms = usb %.3f + schedule waits %.3f + tpu %.3f + m7 %.3f ms" %
      (total / 1e6, busy["usb"] / 1e6, busy["usbwait"] / 1e6, busy["tpu"] / 1e6, busy["m7"] / 1e6))

# The TPU's layers are layer events: during the TPU's active state the
# layers 0..k-1 in order, the first one the per-invoke cost (coralmicro.yaml
# per_invoke_ns) after the run starts, "none" at its end; the core's first
# own layer mark after it is k (the operator after the TPU segment).
per_invoke_us = float(re.search(r"per_invoke_ns: (\d+)", open("models/boards/coralmicro.yaml").read()).group(1)) / 1e3
tpu_on, seen, after, first_at = None, [], None, None
for line in show.splitlines():
    m = re.match(r"\s*([\d.]+)\s+(?:power tpu -> (\w+)|layer (\S+))", line)
    if not m:
        continue
    t = float(m.group(1))
    if m.group(2):
        tpu_on = t if m.group(2) == "active" and not seen else (None if seen else tpu_on)
    elif tpu_on is not None:
        if not seen:
            first_at = t - tpu_on
        seen.append(m.group(3))
    elif seen and after is None and m.group(3).isdigit():
        after = int(m.group(3))
idx = [int(v) for v in seen if v.isdigit()]
k = len(idx)
result("edgetpu-layer-events", k > 0 and idx == list(range(k)) and seen[-1] != str(k - 1) and after == k and
       first_at is not None and abs(first_at - per_invoke_us * 1e3) < 1.0,
       "TPU layers %s..%s then %s, first %.3f us after the run began (want %.3f), core's next layer %s" %
       (idx[:1], idx[-1:], seen[-1:], (first_at or 0) / 1e3, per_invoke_us, after))

# A cache smaller than TinyTracker's parameters: the layers from the first
# one that does not fit stream every run (the driver sends them, the TPU
# checks they are the executable's bytes). Same output; the run's USB
# bytes grow by the streamed bytes plus their 8-byte header.
def usb_out(path):
    j = json.load(open(path))
    return [a["count"] for c in j["components"] if c["name"] == "usb" for a in c.get("actions", []) if a["name"] == "byte"][0]
src = open("models/boards/coralusb.yaml").read()
small = tmp + "/smallcache.yaml"
open(small, "w").write(re.sub(r"param_cache_bytes: \d+", "param_cache_bytes: 100000", src))
rc, info, _ = run([ttemu, "model", "info", "tinytracker", "--edgetpu"])
params = int(re.search(r"params (\d+) bytes", info).group(1))
d1, d2 = tmp + "/cache-big", tmp + "/cache-small"
rc1, out1, _ = board_run("coralusb", None, d1)
rc2, out2, err2 = board_run(small, None, d2, image=fw("coralusb"))
ok = rc1 == rc2 == 0 and floats(d1 + "/output.bin") == floats(d2 + "/output.bin")
extra = usb_out(d2 + ".json") - usb_out(d1 + ".json") if ok else -1
# streamed: the parameters of the layers from the first that overflows 100,000 bytes
result("edgetpu-streamed-params", ok and 8 + params - 100000 <= extra <= 8 + params,
       "exit %d/%d, %d more USB bytes for %d parameter bytes %s" % (rc1, rc2, extra, params, err2.strip()[-200:]))

# Malformed entries: each refused at its own file:line:column.
src = open("models/boards/coralusb.yaml").read().splitlines()
cases = [
    ("tpu-clock", "      clock_hz: 250M", "      clock_hz: 300M", "clock_hz: expected one of clock_levels_hz"),
    ("tpu-invoke", "      per_invoke_ns:", "      per_invoke_ns: -5", "per_invoke_ns: expected a time in ns"),
    ("tpu-rows", "      array_rows: 64", "      array_rows: 0", "array_rows, array_cols: expected"),
    ("tpu-cache", "      param_cache_bytes:", "      param_cache_bytes: many", "expected a number in bytes for 'param_cache_bytes'"),
    ("tpu-unknown", "      array_cols: 64", "      array_cols: 64\n      macs_per_cycle: 4096", "expected a parameter of a edgetpu device"),
    ("tpu-link", "      link: usb", "      link: nosuch", "link: expected the name of the usb2 or usb3 link"),
    ("tpu-pin", "      power_pin: 0", "      power_pin: 2", "power_pin: expected 1"),
    ("usbh-link", "      params: { link: usb } }", "      params: { link: wire } }", "link: expected the name of a usb2 or usb3 link"),
    ("usbh-usb3", "      params: { link: usb } }", "      params: { link: usb, async_sleep_ns: 10000 } }",
     "async_sleep_ns: an EHCI schedule parameter needs a usb2 link"),
    ("usbh-itc", "      interrupt_threshold_uframes: 0", "      interrupt_threshold_uframes: 3",
     "interrupt_threshold_uframes: expected 0, 1, 2, 4, 8, 16, 32 or 64", "coralmicro"),
    ("usbh-sleep", "      async_sleep_ns: 10000", "      async_sleep_ns: -10", "async_sleep_ns: expected a whole number", "coralmicro"),
]
srcs = {b: open("models/boards/%s.yaml" % b).read().splitlines() for b in ("coralusb", "coralmicro")}
for name, old, new, want, *board in cases:
    board = board[0] if board else "coralusb"
    src = srcs[board]
    lines = [new if l.startswith(old) else l for l in src]
    hit = [i + 1 for i, l in enumerate(src) if l.startswith(old)]
    path = "%s/%s.yaml" % (tmp, name)
    open(path, "w").write("\n".join(lines) + "\n")
    rc, out, err = run([ttemu, "run", "--quiet", "--board", path, fw(board)], 30)
    line = hit[0] + (1 if name == "tpu-unknown" else 0) if hit else -1
    m = re.match(r"ttemu: %s:(\d+):\d+: " % re.escape(path), err)
    result("edgetpu-bad-" + name, rc == 65 and want in err and err.count("\n") == 1 and m and int(m.group(1)) == line,
           "exit %d, line %d expected, stderr %r" % (rc, line, err))
sys.exit(1 if fails else 0)
PY
