#!/usr/bin/env bash
# firmware/bsp/BOARD agrees with models/boards/BOARD.yaml (bsp-yaml: device
# addresses, IRQs, timer clock, camera size in board.h; board.ld's regions
# inside the YAML's memory, the first at the boot address), and every
# shipped board runs the board test firmware (firmware/boardtest on
# firmware/bsp/BOARD, built by mk/boardfw.mk into
# $BUILD/firmware/boards/BOARD/boardtest.elf):
#   ttemu run --board BOARD --report OUT.json boardtest.elf
# and per board:
#   run       exit status 0 (the firmware's: 0 = all its own checks passed)
#             and its closing lines on stdout
#   output    what it printed: camera geometry and readout time as the
#             board YAML gives them (or "no camera"), the DMA done without
#             error and the copy matching, the stand-in's MAC count
#   phases    the report has capture, transfer, inference and idle, each
#             entered once with non-zero time; total energy > 0; the MAC
#             counter reached the report
#   capture   the capture phase lasts at least the sensor's start-up plus
#             its readout, computed here from the YAML's camera parameters
#             (height x line_time_ns, or height x line_length_pck /
#             pixel_clock_hz)
#   power     the components the firmware switched end in the states it
#             left them in (camera off, the PMU plan of its board.h)
#   idle      the idle phase (clock level down, WFI on the timer, parts
#             gated through the PMU) draws less average power than inference
#   determinism  a second run gives the same report and output byte for byte
#   bin       the raw .bin, loaded at the board's boot address, prints the same
# and on spresense:
#   polling   with no interrupts (its YAML with an NVIC of 0 IRQs) the BSP
#             polls instead of sleeping in WFI: still passes, and capture
#             costs more energy than with WFI
#   frame-file  --frame FILE.pgm puts other pixels in memory than the scene
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) B=$BUILD ;; *) B=$T/$BUILD ;; esac
TTEMU="$B/ttemu"
boards="spresense coralmicro coralusb imx500 mps2-an386 mps2-an500"

[ -x "$TTEMU" ] || { echo "FAIL boards-run: $TTEMU not built"; exit 1; }
if ! command -v python3 >/dev/null || ! python3 -c 'import json, yaml' 2>/dev/null; then
  echo "SKIP boards-run: python3 with the json and yaml modules is needed"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$TTEMU" "$B/firmware/boards" "$T/models/boards" "$tmp" $boards <<'PY'
import json, os, re, subprocess, sys, yaml

ttemu, fwdir, yamldir, tmp = sys.argv[1:5]
boards = sys.argv[5:]
fails = 0

def result(name, ok, why=""):
    global fails
    if ok:
        print("PASS " + name)
    else:
        fails += 1
        print("FAIL " + name + (": " + why if why else ""))

def num(v):
    """A board-file number: 156M, 6.09M, 1536Ki, 0x1000 or plain."""
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"([0-9.eE+-]+|0x[0-9a-fA-F]+)(k|M|G|Ki|Mi|Gi)?", str(v).strip())
    if not m:
        raise ValueError("not a number: %r" % v)
    base = float(int(m.group(1), 16)) if m.group(1).startswith("0x") else float(m.group(1))
    scale = {None: 1, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return base * scale[m.group(2)]

def camera_of(board):
    """(height, line time ns, start-up ns) of the board's camera, or None."""
    with open(os.path.join(yamldir, board + ".yaml")) as f:
        y = yaml.safe_load(f)
    for d in y.get("devices") or []:
        if d.get("type") == "camera":
            p = d.get("params") or {}
            h = num(p["height"])
            if "line_time_ns" in p:
                line = num(p["line_time_ns"])
            else:
                line = num(p["line_length_pck"]) / num(p["pixel_clock_hz"]) * 1e9
                bpp = num(p.get("bytes_per_pixel", 1))
                bus = num(p.get("bus_width_bits", 0))
                if 0 < bus < 8 * bpp:   # a narrow bus needs more pixel clocks
                    line *= 8 * bpp / bus
            return {"w": int(num(p["width"])), "h": int(h), "line_ns": line,
                    "startup_ns": num(p.get("startup_ms", 0)) * 1e6}
    return None

def run(board, image, report):
    p = subprocess.run([ttemu, "run", "--board", board, "--report", report, image],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

def board_macros(bsp):
    """The BSP_* macros board.h defines, as the firmware's compiler sees them
    (following its includes), one '#define NAME VALUE' a line."""
    out = subprocess.run(["arm-none-eabi-gcc", "-E", "-dM", "-x", "c", "-I", bsp,
                          "-I", os.path.join(os.path.dirname(bsp), "common"),
                          os.path.join(bsp, "board.h")],
                         capture_output=True, text=True, check=True).stdout
    return "\n".join(l for l in out.splitlines() if l.startswith("#define BSP_"))

def bsp_matches_yaml(b):
    """Differences between firmware/bsp/B (board.h, board.ld) and the YAML."""
    bsp = os.path.join(os.path.dirname(os.path.dirname(yamldir)), "firmware", "bsp", b)
    with open(os.path.join(yamldir, b + ".yaml")) as f:
        y = yaml.safe_load(f)
    text = board_macros(bsp)
    h = dict(re.findall(r"^#define (BSP_\w+)\s+\(?(-?(?:0x)?[0-9a-fA-F]+)u?\)?\s*$", text, re.M))
    with open(os.path.join(bsp, "board.ld")) as f:
        ld = re.findall(r"ORIGIN = (0x[0-9a-fA-F]+), LENGTH = (\d+)([KM]?)", f.read())
    devs = {}
    for d in y.get("devices") or []:
        t = d["type"].replace("cmsdk-", "")
        devs.setdefault(t, d)          # the first of a type (uart0, timer0)
    bad = []
    def same(key, want):
        if key not in h:
            bad.append("board.h has no " + key)
        elif int(h[key], 0) != round(want):
            bad.append("%s %s, YAML %s" % (key, h[key], hex(int(want)) if "BASE" in key else want))
    for t, key in (("uart", "UART"), ("timer", "TIMER"), ("dma", "DMA"), ("pmu", "PMU"),
                   ("trace", "TRACE"), ("camera", "CAMERA")):
        d = devs.get(t)
        if not d:
            if t == "camera" and h.get("BSP_HAS_CAMERA") != "0":
                bad.append("board.h has a camera, the YAML none")
            continue
        same("BSP_%s_BASE" % key, num(d["base"]))
        if key in ("TIMER", "DMA", "CAMERA"):
            same("BSP_%s_IRQ" % key, d["irq"])
    if "timer" in devs:
        same("BSP_TIMER_HZ", num(devs["timer"]["params"]["clock_hz"]))
    if "camera" in devs:
        same("BSP_FRAME_W", num(devs["camera"]["params"]["width"]))
        same("BSP_FRAME_H", num(devs["camera"]["params"]["height"]))
    same("BSP_CORE_HZ", num(y["cores"][0]["clock_hz"]))
    m = re.search(r"#define BSP_CLOCK_LEVELS_HZ\s+\{([^}]*)\}", text)
    levels = [round(num(v)) for v in y["cores"][0].get("clock_levels_hz") or []]
    got = [int(v.strip().rstrip("u"), 0) for v in m.group(1).split(",")] if m else []
    if len(levels) > 1 and got != levels:
        bad.append("BSP_CLOCK_LEVELS_HZ %s, YAML %s" % (got, levels))
    if len(levels) <= 1 and (got or int(h.get("BSP_IDLE_CLOCK_LEVEL", "-1")) >= 0):
        bad.append("board.h has clock levels, the YAML none")
    mem = [(num(m["base"]), num(m["base"]) + num(m["size"])) for m in y["memory"]]
    for org, ln, unit in ld:
        lo = int(org, 16)
        hi = lo + int(ln) * {"": 1, "K": 1024, "M": 1 << 20}[unit]
        if not any(a <= lo and hi <= e for a, e in mem):
            bad.append("board.ld region 0x%x..0x%x is not inside one YAML memory region" % (lo, hi))
    if ld and int(ld[0][0], 16) != num(y.get("boot", y["memory"][0]["base"])):
        bad.append("the first board.ld region does not start at the boot address")
    return bad

for b in boards:
    bad = bsp_matches_yaml(b)
    result("boards-bsp-yaml-" + b, not bad, "; ".join(bad))

for b in boards:
    elf = os.path.join(fwdir, b, "boardtest.elf")
    if not os.path.exists(elf):
        print("SKIP boards-run-%s: no %s (make firmware)" % (b, elf))
        continue
    r1, r2 = os.path.join(tmp, b + ".1.json"), os.path.join(tmp, b + ".2.json")
    rc, out, err = run(b, elf, r1)
    result("boards-run-" + b, rc == 0 and "boardtest: passed" in out
           and ("boardtest %s: exit 0" % b) in out,
           "rc %d: %s" % (rc, (out[-300:] + err[-300:]).replace("\n", " | ")))

    # What the firmware printed.
    cam = camera_of(b)
    why = []
    if "CHECK FAILED" in out:
        why.append("a firmware check failed")
    if cam:
        m = re.search(r"camera: (\d+)x(\d+), .* readout (\d+) ns", out)
        want = cam["h"] * cam["line_ns"]
        if not m:
            why.append("no camera line")
        elif (int(m.group(1)), int(m.group(2))) != (cam["w"], cam["h"]) or abs(int(m.group(3)) - want) > 1000:
            why.append("camera %s, want %dx%d readout %.0f ns" % (m.group(0), cam["w"], cam["h"], want))
        if "waited by irq+wfi" not in out:
            why.append("the capture did not sleep on the camera interrupt")
    elif "no camera on this board" not in out:
        why.append("no camera, but the firmware did not say so")
    if not re.search(r"transfer: dma \d+ bytes .* status 0x2\b", out):
        why.append("no clean DMA completion")
    if "dma copy matches" not in out:
        why.append("DMA copy not confirmed")
    if "inference: 64832 MACs" not in out:
        why.append("MAC count")
    result("boards-output-" + b, not why, "; ".join(why))

    try:
        with open(r1) as f:
            j = json.load(f)
    except (OSError, ValueError) as e:
        result("boards-report-" + b, False, "report unreadable: %s" % e)
        continue
    ph = {p["name"]: p for p in j["phases"]}
    why = []
    for name in ("capture", "transfer", "inference", "idle"):
        p = ph.get(name)
        if not p:
            why.append("no phase " + name)
        elif p["entries"] != 1 or p["duration_ps"] <= 0:
            why.append("%s: %d entries, %d ps" % (name, p["entries"], p["duration_ps"]))
    if not j["total"]["energy_pj"] > 0:
        why.append("total energy %r" % j["total"]["energy_pj"])
    if j["metrics"].get("macs") != 64832:
        why.append("metrics.macs %r" % j["metrics"].get("macs"))
    result("boards-phases-" + b, not why, "; ".join(why))

    # The power switches the firmware made, as the report's final states:
    # camera POWER off through CTRL, the board's PMU plan (board.h).
    final = {c["name"]: c["final_state"] for c in j["components"]}
    want = {"spresense": {"camera": "off"},
            "coralmicro": {"camera": "off", "tpu": "off"},
            "coralusb": {"tpu": "off"},
            "imx500": {"sensor": "standby", "isp": "off", "csi2": "idle"}}.get(b, {"core": "run"})
    wrong = ["%s %s (want %s)" % (c, final.get(c), st) for c, st in want.items() if final.get(c) != st]
    result("boards-power-" + b, not wrong, "; ".join(wrong))

    if cam and "capture" in ph:
        need_ps = (cam["startup_ns"] + cam["h"] * cam["line_ns"]) * 1000 - cam["h"]  # ps rounding per line
        got = ph["capture"]["duration_ps"]
        result("boards-capture-" + b, got >= need_ps,
               "capture %d ps < start-up + readout %.0f ps" % (got, need_ps))
    elif not cam:
        print("N/A boards-capture-%s: the board has no camera" % b)

    if "idle" in ph and "inference" in ph:
        def mw(p):
            return p["energy_pj"] / p["duration_ps"] * 1e3 if p["duration_ps"] else 0.0
        result("boards-idle-" + b, mw(ph["idle"]) < mw(ph["inference"]),
               "idle %.3f mW, inference %.3f mW" % (mw(ph["idle"]), mw(ph["inference"])))

    rc2, out2, _ = run(b, elf, r2)
    with open(r2, "rb") as f2, open(r1, "rb") as f1:
        same = f1.read() == f2.read()
    result("boards-deterministic-" + b, rc2 == rc and out2 == out and same,
           "second run differs (rc %d/%d, output %s, report %s)" % (rc, rc2, out == out2, same))

    binf = elf[:-4] + ".bin"
    if os.path.exists(binf):
        rc3, out3, _ = run(b, binf, os.path.join(tmp, b + ".bin.json"))
        result("boards-bin-" + b, rc3 == rc and out3 == out, "rc %d, output %s" % (rc3, out3 == out))
    else:
        print("SKIP boards-bin-%s: no %s" % (b, binf))

def fingerprint(out):
    m = re.search(r"frame fingerprint (0x[0-9a-f]+)", out)
    return m.group(1) if m else None

# Without interrupts (a copy of spresense.yaml whose NVIC has none) the
# BSP's drivers poll instead of sleeping: same result, and the core, awake
# through the sensor's start-up, spends more energy in the capture phase.
elf = os.path.join(fwdir, "spresense", "boardtest.elf")
if os.path.exists(elf):
    with open(os.path.join(yamldir, "spresense.yaml")) as f:
        text = f.read()
    text = text.replace("name: spresense\n", "name: spresense-noirq\n", 1)
    text = text.replace("devices:\n", "devices:\n  - { name: nvic, type: nvic, params: { num_irq: 0 } }\n", 1)
    noirq = os.path.join(tmp, "spresense-noirq.yaml")
    with open(noirq, "w") as f:
        f.write(text)
    rc, out, err = run(noirq, elf, os.path.join(tmp, "noirq.json"))
    ok = rc == 0 and "waited by polling" in out and "boardtest: passed" in out
    why = "rc %d: %s" % (rc, (out[-300:] + err[-300:]).replace("\n", " | "))
    if ok:
        with open(os.path.join(tmp, "noirq.json")) as f, open(os.path.join(tmp, "spresense.1.json")) as g:
            poll, wfi = json.load(f), json.load(g)
        cap = lambda j: [p for p in j["phases"] if p["name"] == "capture"][0]["energy_pj"]
        ok = cap(poll) > cap(wfi)
        why = "capture energy polling %.0f pJ, wfi %.0f pJ" % (cap(poll), cap(wfi))
    result("boards-polling-spresense", ok, why)

    # Frames from a file (--frame): a 64x48 gradient PGM; the frame that
    # lands in memory is another one than the built-in scene's.
    pgm = os.path.join(tmp, "grad.pgm")
    with open(pgm, "wb") as f:
        f.write(b"P5\n64 48\n255\n" + bytes((x * 4 + y) & 255 for y in range(48) for x in range(64)))
    p = subprocess.run([ttemu, "run", "--quiet", "--board", "spresense", "--frame", pgm, elf],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    out = p.stdout.decode(errors="replace")
    base = subprocess.run([ttemu, "run", "--quiet", "--board", "spresense", elf],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60).stdout.decode()
    result("boards-frame-file-spresense",
           p.returncode == 0 and fingerprint(out) and fingerprint(out) != fingerprint(base),
           "rc %d, fingerprint %s (scene %s)" % (p.returncode, fingerprint(out), fingerprint(base)))

sys.exit(1 if fails else 0)
PY
