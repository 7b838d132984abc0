#!/usr/bin/env bash
# The TinyTracker application (firmware/app, built by mk/app.mk into
# $BUILD/firmware/BOARD/tinytracker{,-ref}.elf) on every board:
#   run        exit 0, a "gaze: x y" line and the raw int8 outputs
#   dump       ttemu run --dump-tensors DIR writes input.bin and output.bin;
#              output.bin equals `ttemu model run` (the host runtime) on
#              input.bin, value for value
#   macs       the MACs the firmware reported through the trace device (the
#              report's counter) sum to `ttemu model info`'s total, and
#              layer by layer (ttemu run --trace, then trace show: each
#              "layer N" mark and its MACs) equal model info's rows
#   bin        the raw .bin (model partition included) prints what the ELF
#              does (not on the Coral boards, whose .bin has no partition)
#   ref-opt    tinytracker.elf (KERNELS=opt) and tinytracker-ref.elf print
#              the same bytes
#   qemu       on mps2-an386/an500 the images' stdout under
#              qemu-system-arm -semihosting equals ttemu's byte for byte
#              (default face box and --face X,Y,W,H)
#   published  ../shared/models/TinyTracker.tflite placed with --model:
#              output.bin equals `ttemu model run` on input.bin, and agrees
#              with the LiteRT oracle (../shared/tools/tflite-oracle) within
#              1 LSB of the int8 output (scale 1/128); skipped when absent
#   uint8      a Coral uint8 model: the raw line equals output.bin's bytes and
#              the gaze values are their dequantised values; skipped when absent
#   bad input  --face outside the frame (firmware exit 2), --model on an
#              image without a model partition (65), a missing model (66)
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) B=$BUILD ;; *) B=$T/$BUILD ;; esac
SHARED=$(cd "$T/.." && pwd)/shared
[ -d "$SHARED" ] || SHARED=/work/shared
TTEMU="$B/ttemu"
[ -x "$TTEMU" ] || { echo "FAIL tinytracker: $TTEMU not built"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP tinytracker: python3 is needed"; exit 0; }

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

python3 - "$TTEMU" "$B/firmware" "$MODEL" "$ORACLE" "$tmp" <<'PY'
import os, re, shutil, struct, subprocess, sys, json

ttemu, fwdir, model, oracle, tmp = sys.argv[1:6]
boards = ["spresense", "coralmicro", "coralusb", "imx500", "mps2-an386", "mps2-an500"]
fails = 0

def result(name, ok, why=""):
    global fails
    if ok:
        print("PASS " + name)
    else:
        fails += 1
        print("FAIL %s: %s" % (name, why))

def run(args, timeout=120):
    p = subprocess.run(args, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")

def floats(path):
    data = open(path, "rb").read()
    return list(struct.unpack("<%df" % (len(data) // 4), data))

def host_run(m, inp):
    rc, out, err = run([ttemu, "model", "run", m, "--input", inp])
    return rc, [float(v) for v in out.split()], err

def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]

def check_dump(name, m, d):
    if not (os.path.isfile(d + "/input.bin") and os.path.isfile(d + "/output.bin")):
        return result(name, False, "no input.bin/output.bin in " + d)
    rc, ref, err = host_run(m, d + "/input.bin")
    fw = floats(d + "/output.bin")
    result(name, rc == 0 and len(ref) == len(fw) and all(f32(a) == b for a, b in zip(ref, fw)),
           "firmware %s, ttemu model run %s %s" % (fw, ref, err.strip()))
    return fw

rc, info, _ = run([ttemu, "model", "info", "tinytracker"])
total = int(re.search(rb"totals: \d+ ops, \d+ params, (\d+) MACs", info).group(1))

for b in boards:
    elf = "%s/%s/tinytracker.elf" % (fwdir, b)
    if not os.path.isfile(elf):
        result("tinytracker-run-" + b, False, elf + " not built")
        continue
    d = "%s/%s" % (tmp, b)
    rep = d + ".json"
    rc, out, err = run([ttemu, "run", "--quiet", "--board", b, "--dump-tensors", d, "--report", rep, elf])
    result("tinytracker-run-" + b, rc == 0 and re.search(rb"^gaze: -?\d+\.\d{4} -?\d+\.\d{4}\nraw: -?\d+ -?\d+$", out, re.M),
           "exit %d, stdout %r %s" % (rc, out[-200:], err.strip()))
    if b"accelerator: imx500" in out:
        print("N/A tinytracker-dump-%s: the input tensor is built in the sensor (ISP), not by the firmware" % b)
    else:
        check_dump("tinytracker-dump-" + b, "tinytracker", d)
    macs = json.load(open(rep))["metrics"].get("macs") if os.path.isfile(rep) else None
    # on the IMX500 the sensor's DSP reports the MACs of the model it ran
    result("tinytracker-macs-" + b, macs == total, "trace device %s, model info %d" % (macs, total))
    if b not in ("coralmicro", "coralusb"): # their .bin leaves the SDRAM partition out (mk/app.mk)
        rc3, out3, _ = run([ttemu, "run", "--quiet", "--board", b, elf.replace(".elf", ".bin")])
        result("tinytracker-bin-" + b, rc3 == 0 and out3 == out, "exit %d %r" % (rc3, out3[-120:]))
    rc2, out2, err2 = run([ttemu, "run", "--quiet", "--board", b, elf.replace(".elf", "-ref.elf")])
    result("tinytracker-ref-opt-" + b, rc2 == 0 and out2 == out, "ref exit %d, stdout differs: %r vs %r" % (rc2, out2[-120:], out[-120:]))

# Layer by layer (trace: "layer N" then "macs M"), against model info's rows.
want = {int(m.group(1)): int(m.group(2)) for m in
        re.finditer(rb"^\s*(\d+)\s+[A-Z_0-9]+\s+\S+\s+\S+\s+\d+\s+(\d+)\s+\d+$", info, re.M)}
for b in ["spresense", "mps2-an386"]:
    tr = "%s/%s.trace" % (tmp, b)
    run([ttemu, "run", "--quiet", "--board", b, "--trace", tr, "%s/%s/tinytracker.elf" % (fwdir, b)])
    rc, show, err = run([ttemu, "trace", "show", tr])
    got, layer = {}, None
    for line in show.decode(errors="replace").splitlines():
        m = re.search(r"\s(layer|macs) (\d+)$", line)
        if m and m.group(1) == "layer":
            layer = int(m.group(2))
            got.setdefault(layer, 0)
        elif m and layer is not None:
            got[layer] += int(m.group(2))
    result("tinytracker-layer-macs-" + b, len(want) > 40 and got == want and sum(got.values()) == total,
           "%d layers marked, %d in model info; first differences %s" %
           (len(got), len(want), [(k, got.get(k), v) for k, v in want.items() if got.get(k) != v][:3]))

qemu = shutil.which("qemu-system-arm")
for b in ["mps2-an386", "mps2-an500"]:
    for img in ["tinytracker", "tinytracker-ref"]:
        for face in [[], ["--face", "10,20,64,80"]]:
            name = "tinytracker-qemu-%s-%s%s" % (b, img, "-face" if face else "")
            if not qemu:
                print("SKIP %s: qemu-system-arm not installed" % name)
                continue
            elf = "%s/%s/%s.elf" % (fwdir, b, img)
            sh = ",".join("arg=" + a.replace(",", ",,") for a in [elf] + face)
            q = run([qemu, "-M", b, "-nographic", "-monitor", "none", "-serial", "none",
                     "-semihosting-config", "enable=on,target=native," + sh, "-kernel", elf], 300)
            t = run([ttemu, "run", "--quiet", "--board", b, elf] + face)
            result(name, q[0] == t[0] == 0 and q[1] == t[1] and b"gaze:" in t[1],
                   "qemu exit %d %r, ttemu exit %d %r" % (q[0], q[1][-120:], t[0], t[1][-120:]))

if not os.path.isfile(model):
    print("SKIP tinytracker-published: %s not found" % model)
else:
    for b in ["spresense", "mps2-an386"]:
        d = "%s/pub-%s" % (tmp, b)
        rc, out, err = run([ttemu, "run", "--quiet", "--board", b, "--model", model, "--dump-tensors", d,
                            "%s/%s/tinytracker.elf" % (fwdir, b)])
        result("tinytracker-published-run-" + b, rc == 0 and b"input 128x128x5" in out and b"gaze:" in out,
               "exit %d %r %s" % (rc, out[-200:], err.strip()))
        fw = check_dump("tinytracker-published-dump-" + b, model, d)
        if not oracle:
            print("SKIP tinytracker-published-oracle-%s: node/npm or the oracle's packages missing" % b)
        elif fw:
            p = run(["node", oracle + "/oracle.mjs", model, d + "/input.bin", d + "/oracle.txt"])
            ref = [float(v) for v in open(d + "/oracle.txt").read().split()] if p[0] == 0 else []
            result("tinytracker-published-oracle-" + b,
                   len(ref) == len(fw) and all(abs(a - b) <= 1 / 128 + 1e-6 for a, b in zip(ref, fw)),
                   "firmware %s, oracle %s %s" % (fw, ref, p[2].strip()[-200:]))

# A uint8 model (Coral's): the raw line is the output tensor's bytes read as
# uint8 (they were read as int8, and not printed at all), and each gaze value
# is (raw - zero point) x scale for one scale and zero point.
coral = os.path.join(os.path.dirname(model), "coral", "mobilenet_v1_0.25_128_quant.tflite")
if not os.path.isfile(coral):
    print("SKIP tinytracker-uint8-readout: %s not found" % coral)
else:
    d = tmp + "/uint8"
    rc, out, err = run([ttemu, "run", "--quiet", "--board", "mps2-an386", "--model", coral, "--dump-tensors", d,
                        fwdir + "/mps2-an386/tinytracker.elf"])
    g = re.search(rb"^gaze:(.*)$", out, re.M)
    r = re.search(rb"^raw:(.*)$", out, re.M)
    gaze = [float(v) for v in g.group(1).split()] if g else []
    raw = [int(v) for v in r.group(1).split()] if r else []
    data = list(open(d + "/output.bin", "rb").read()) if os.path.isfile(d + "/output.bin") else []
    pairs = sorted(set(zip(raw, gaze)))
    ok = rc == 0 and len(data) == 1001 and raw == data and len(gaze) == len(raw) and pairs[0][0] != pairs[-1][0]
    if ok:
        (r0, g0), (r1, g1) = pairs[0], pairs[-1]
        scale = (g1 - g0) / (r1 - r0)
        ok = all(abs((q - r0) * scale + g0 - v) <= 1e-4 for q, v in zip(raw, gaze))
    result("tinytracker-uint8-readout", ok,
           "exit %d, %d raw values (output.bin %d, equal %s), %d gaze values %s" %
           (rc, len(raw), len(data), raw == data, len(gaze), err.strip()[-200:]))

elf = fwdir + "/mps2-an386/tinytracker.elf"
rc, out, err = run([ttemu, "run", "--quiet", "--board", "mps2-an386", elf, "--face", "150,0,40,40"])
result("tinytracker-bad-face", rc == 2 and b"--face '150,0,40,40': expected X,Y,W,H inside the 160x120 frame" in out,
       "exit %d %r" % (rc, out))
rc, out, err = run([ttemu, "run", "--quiet", "--board", "mps2-an386", "--model", "tinytracker",
                    fwdir + "/boards/mps2-an386/boardtest.elf"])
result("tinytracker-model-no-partition", rc == 65 and "no symbol 'tt_app_layout'" in err and err.count("\n") == 1,
       "exit %d %r" % (rc, err))
rc, out, err = run([ttemu, "run", "--quiet", "--board", "mps2-an386", "--model", tmp + "/none.ttm", elf])
result("tinytracker-model-missing", rc == 66 and "none.ttm" in err and err.count("\n") == 1, "exit %d %r" % (rc, err))
sys.exit(1 if fails else 0)
PY
