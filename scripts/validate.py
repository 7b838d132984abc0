#!/usr/bin/env python3
"""make validate: Table II of the TinyTracker paper from ttemu runs.

Runs the TinyTracker firmware on spresense, coralusb, coralmicro and imx500
(the published model from ../shared when present, else the built-in one,
and says which), reads each run's report metrics and writes

  BUILD/validation.json   board x metric: the paper's value, ttemu's, error
  docs/validation.md      the same as a page, with the definitions, every
                          calibrated parameter and the paper's inconsistencies

and, with --table, prints the compact side-by-side table `make demo` shows.
Everything here is read from the runs and the board files; nothing is
entered by hand except the paper's own figures (../shared/PAPER.md).

  python3 scripts/validate.py --build build [--md docs/validation.md] [--table]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

BOARDS = ["spresense", "coralusb", "coralmicro", "imx500"]

# ../shared/PAPER.md, Table II (measured on real hardware). None: "-".
PAPER = {
    "spresense":  {"e2e_energy_mj": 234.1, "e2e_latency_ms": 522.5, "mac_per_cycle": 0.20,
                   "inference_latency_ms": 386.60, "uw_per_mhz": 530.13, "inference_energy_mj": 31.97},
    "coralusb":   {"e2e_energy_mj": None, "e2e_latency_ms": None, "mac_per_cycle": 73.23,
                   "inference_latency_ms": 0.87, "uw_per_mhz": 4436.40, "inference_energy_mj": 0.97},
    "coralmicro": {"e2e_energy_mj": 34.2, "e2e_latency_ms": 34.4, "mac_per_cycle": 8.69,
                   "inference_latency_ms": 5.43, "uw_per_mhz": 5553.20, "inference_energy_mj": 6.02},
    "imx500":     {"e2e_energy_mj": 4.9, "e2e_latency_ms": 19.0, "mac_per_cycle": 73.23,
                   "inference_latency_ms": 0.86, "uw_per_mhz": 274.58, "inference_energy_mj": 0.06},
}

METRICS = [  # key, heading, unit, report field, scale from the report's unit
    ("e2e_latency_ms", "end-to-end latency", "ms", "e2e_latency_ps", 1e-9),
    ("e2e_energy_mj", "end-to-end energy", "mJ", "e2e_energy_pj", 1e-9),
    ("inference_latency_ms", "inference latency", "ms", "inference_latency_ps", 1e-9),
    ("inference_energy_mj", "inference energy", "mJ", "inference_energy_pj", 1e-9),
    ("mac_per_cycle", "inference MAC/cycle", "", "mac_per_cycle", 1.0),
    ("uw_per_mhz", "inference power efficiency", "uW/MHz", "uw_per_mhz", 1.0),
]

# Table II cells that are not predictions: a board-file value marked
# `# calibrated:` was derived from the paper's figure in that cell (the
# baselines come from P_base x t_e2e + E_inf = E_e2e, PAPER.md), so the
# comparison there is a consistency check of the power model, not a test.
FITTED = {
    ("spresense", "e2e_latency_ms"): "startup_ms (end-to-end minus inference)",
    ("spresense", "e2e_energy_mj"): "board 'on' (the baseline from this column)",
    ("spresense", "inference_energy_mj"): "board 'on' and the core's uW/MHz",
    ("spresense", "uw_per_mhz"): "the core's uW/MHz is this cell's figure",
    ("coralmicro", "e2e_energy_mj"): "board 'on' (the baseline from this column)",
    ("coralmicro", "inference_energy_mj"): "board 'on' (the baseline from this column)",
    ("imx500", "e2e_energy_mj"): "the 255 mW baseline split (from this column)",
    ("imx500", "inference_energy_mj"): "dsp 'active' (the 70 mW increment) and the baseline",
    ("imx500", "uw_per_mhz"): "dsp 'active' (the 70 mW increment)",
}

PUBLISHED_MODEL = "../shared/models/TinyTracker.tflite"


def die(msg):
    print("validate: " + msg, file=sys.stderr)
    sys.exit(1)


# The Edge TPU driver's trace markers (firmware/bsp/common/edgetpu_drv.h):
# the core's time after each one belongs to that step.
ETPU_STEPS = {0x45545001: "driver: streamed parameters", 0x45545002: "driver: instructions",
              0x45545003: "driver: input (copy, int8 to uint8)", 0x45545004: "driver: RUN",
              0x45545005: "driver: output (copy, uint8 to int8)", 0x45545006: "driver: event",
              0x45545007: "CPU operators (after the TPU segment)"}
CORES = ("m7", "host")


def inference_breakdown(ttemu, trace):
    """The inference phase of an Edge TPU run as time per part: the USB link
    busy, the TPU running, and the core's own time per driver step (the
    core sleeps while it waits for the link or the TPU)."""
    p = subprocess.run([os.path.abspath(ttemu), "trace", "show", trace], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return None
    busy, since, step = {}, {}, "driver: set-up"
    t0 = t1 = None
    for line in p.stdout.splitlines():
        m = re.match(r"\s*([\d.]+)\s+(?:phase (\S+)|power (\S+) -> (\S+)|mark (0x[0-9a-f]+))", line)
        if not m:
            continue
        t = float(m.group(1))
        if m.group(2):
            if m.group(2) == "inference":
                t0 = t
                since = {c: t for c, v in since.items() if v is not None}
            elif t0 is not None and t1 is None:
                t1 = t
                for c, v in since.items():
                    if v is not None:
                        key = step if c in CORES else c
                        busy[key] = busy.get(key, 0.0) + t - v
            continue
        if t0 is None or t1 is not None:
            if m.group(3):
                since[m.group(3)] = t if m.group(4) in ("active", "run") else None
                if m.group(3) == "usb":
                    since["usb-wait"] = t if m.group(4) == "waiting" else None
            continue
        if m.group(5):
            c = next((c for c in CORES if since.get(c) is not None), None)
            if c:
                busy[step] = busy.get(step, 0.0) + t - since[c]
                since[c] = t
            step = ETPU_STEPS.get(int(m.group(5), 16), step)
            continue
        c, st = m.group(3), m.group(4)
        if c not in CORES and c not in ("usb", "tpu"):
            continue
        if since.get(c) is not None:
            key = step if c in CORES else c
            busy[key] = busy.get(key, 0.0) + t - since[c]
        if since.get("usb-wait") is not None and c == "usb":
            busy["usb-wait"] = busy.get("usb-wait", 0.0) + t - since["usb-wait"]
        since[c] = t if st in ("active", "run") else None
        if c == "usb":
            since["usb-wait"] = t if st == "waiting" else None
    if t0 is None or t1 is None:
        return None
    names = {"usb": "USB link busy (transfers, microframes, the link's per-transfer overhead)",
             "usb-wait": "USB host controller schedule (EHCI async sleep, NAK throttling)",
             "tpu": "TPU run (per-invoke cost + layers on the array)"}
    parts = [(names.get(k, k), v * 1e-6) for k, v in busy.items()]
    return {"total_ms": (t1 - t0) * 1e-6, "parts": parts}


def run_board(ttemu, build, board, model):
    fw = os.path.join(build, "firmware", board, "tinytracker.elf")
    if not os.path.exists(fw):
        die("%s is missing: run 'make firmware' (make validate builds it)" % fw)
    with tempfile.TemporaryDirectory() as tmp:
        rep = os.path.join(tmp, "report.json")
        trace = os.path.join(tmp, "run.ttt")
        cmd = [os.path.abspath(ttemu), "run", "--quiet", "--board", board, "--report", rep]
        if board in ("coralmicro", "coralusb"):
            cmd += ["--trace", trace]
        if model:
            cmd += ["--model", os.path.abspath(model)]
        # Run from the image's directory: the firmware's command line starts
        # with its path, and the same run must give the same page whatever
        # the build directory is called (build, build-san).
        cmd.append(os.path.basename(fw))
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           cwd=os.path.dirname(os.path.abspath(fw)))
        if p.returncode != 0:
            die("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()[-400:]))
        with open(rep) as f:
            report = json.load(f)
        if board in ("coralmicro", "coralusb"):
            report["edgetpu_breakdown"] = inference_breakdown(ttemu, trace)
    gaze = [l for l in p.stdout.splitlines() if l.startswith("gaze:")]
    return report, (gaze[0] if gaze else None), cmd


def board_row(board, report):
    m = report.get("metrics", {})
    row = {}
    for key, _, _, field, scale in METRICS:
        v = m.get(field)
        ours = None if v is None else v * scale
        paper = PAPER[board][key]
        err = None
        if ours is not None and paper:
            err = (ours - paper) / paper * 100.0
        row[key] = {"paper": paper, "ttemu": ours, "error_pct": err}
    row["clock"] = m.get("clock")
    row["clock_hz"] = m.get("clock_hz")
    row["macs"] = m.get("macs")
    row["e2e_phases"] = m.get("e2e_phases")
    row["breakdown"] = report.get("edgetpu_breakdown")
    row["phases"] = [{"name": ph["name"], "duration_ps": ph["duration_ps"],
                      "energy_pj": ph["energy_pj"]} for ph in report.get("phases", [])]
    return row


def calibrated_params(root):
    """Every `# calibrated:` comment in the board files, with the key it is on."""
    out = []
    bdir = os.path.join(root, "models", "boards")
    for name in sorted(os.listdir(bdir)):
        if not name.endswith(".yaml"):
            continue
        lines = open(os.path.join(bdir, name)).read().splitlines()
        for i, line in enumerate(lines):
            if "calibrated:" not in line:
                continue
            text = [line.split("calibrated:", 1)[1].strip()]
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith("#") and "calibrated:" not in lines[j]:
                text.append(lines[j].strip().lstrip("#").strip())
                j += 1
            code = line.split("#", 1)[0].strip()
            if not code and j < len(lines):
                code = lines[j].split("#", 1)[0].strip()
            key = re.sub(r"\s+", " ", code)[:70]
            out.append({"board": name[:-5], "line": i + 1, "setting": key,
                        "fitted_to": " ".join(t for t in text if t)})
    return out


def fmt(v, key):
    if v is None:
        return "-"
    if key == "mac_per_cycle":
        return "%.3f" % v
    if abs(v) >= 100:
        return "%.1f" % v
    if abs(v) >= 1:
        return "%.2f" % v
    return "%.3f" % v


def fmt_err(e):
    return "-" if e is None else "%+.0f%%" % e


def markdown(data):
    out = []
    w = out.append
    w("# Validation against the TinyTracker paper")
    w("")
    w("Generated by `make validate` (scripts/validate.py) from ttemu runs: do not edit;")
    w("tests/suites/63-validate.sh fails when this page is stale against a fresh run.")
    w("The paper's figures are Table II of Bonazzi et al., IEEE Sensors 2023, as copied")
    w("into PAPER.md in the shared reference folder beside the project (../shared).")
    w("")
    w("Model: %s." % data["model_note"])
    w("")
    w("## Table II: the paper and ttemu")
    w("")
    w("| metric | " + " | ".join(data["boards"]) + " |")
    w("|---|" + "---|" * len(data["boards"]))
    for key, head, unit, _, _ in METRICS:
        cells = []
        for b in data["boards"]:
            c = data["table"][b][key]
            mark = " *" if (b, key) in FITTED else ""
            cells.append("%s / %s (%s)%s" % (fmt(c["paper"], key), fmt(c["ttemu"], key),
                                             fmt_err(c["error_pct"]), mark))
        w("| %s%s | %s |" % (head, " [%s]" % unit if unit else "", " | ".join(cells)))
    w("")
    w("Each cell: paper / ttemu (error of ttemu against the paper). A cell marked * is not")
    w("a prediction: a calibrated board value (below) was derived from the paper's figure in")
    w("that cell, so there the comparison only checks the power model's arithmetic:")
    w("")
    for (b, key), why in sorted(FITTED.items()):
        if b in data["boards"]:
            w("- %s, %s: %s" % (b, next(m[1] for m in METRICS if m[0] == key), why))
    w("")
    w("## How ttemu reads each metric")
    w("")
    w("Every metric comes from the run's simulated timeline at the board's real clocks")
    w("(docs/report-format.md, `metrics`):")
    w("")
    w("- end-to-end: the phases each board's firmware counts as capture to result, per")
    w("  frame: " + "; ".join("%s: %s" % (b, ", ".join(data["table"][b]["e2e_phases"] or []))
                              for b in data["boards"]) + ".")
    w("- inference latency and energy: the `inference` phase per entry, all components")
    w("  (baseline included; the paper's inference energies read as increments above a")
    w("  baseline, see below).")
    w("- MAC/cycle: the model's MACs over the cycles of the clock that ran the inference;")
    w("  uW/MHz: inference power over that clock: " +
      "; ".join("%s: %s at %s MHz" % (b, data["table"][b]["clock"],
                                       ("%.1f" % (data["table"][b]["clock_hz"] / 1e6))
                                       if data["table"][b]["clock_hz"] else "-")
                for b in data["boards"]) + ".")
    w("")
    w("## Phases of each run")
    w("")
    for b in data["boards"]:
        ph = data["table"][b]["phases"]
        w("- %s: " % b + ", ".join("%s %.3f ms / %.3f mJ" % (p["name"], p["duration_ps"] * 1e-9,
                                                             p["energy_pj"] * 1e-9) for p in ph))
    w("")
    bds = [(b, data["table"][b].get("breakdown")) for b in data["boards"] if data["table"][b].get("breakdown")]
    if bds:
        w("## Edge TPU boards: what the inference time is")
        w("")
        w("The inference phase of each Edge TPU run, from its trace: the USB link's busy time, the")
        w("TPU's run, and the core's own time per driver step (the driver marks each step on the")
        w("trace device; the core sleeps while it waits for the link or the TPU, so the parts add")
        w("up to the phase). The paper blames Coral Micro's 5.43 ms against 0.87 ms on USB on")
        w("\"additional I/O processing\".")
        w("")
        for b, bd in bds:
            w("| %s: part | ms | share |" % b)
            w("|---|---|---|")
            small = [n for n, ms in bd["parts"] if ms < 0.0005]
            for name, ms in sorted(bd["parts"], key=lambda x: -x[1]):
                if ms >= 0.0005:
                    w("| %s | %.3f | %.0f%% |" % (name, ms, 100 * ms / bd["total_ms"] if bd["total_ms"] else 0))
            if small:
                w("| under 1 us each: %s | | |" % ", ".join(sorted(small)))
            w("| **inference phase** | **%.3f** | |" % bd["total_ms"])
            w("")
    if data.get("edgetpu"):
        w("## Edge TPU: held-out predictions")
        w("")
        w(data["edgetpu"].rstrip())
        w("")
    w("## Calibrated parameters")
    w("")
    w("Every board-file value marked `# calibrated:`, with what it was fitted to. The Edge")
    w("TPU and IMX500 timing values are fitted on other models than TinyTracker, so every")
    w("latency and MAC/cycle cell above is a prediction except Spresense's end-to-end latency;")
    w("the power baselines are derived from Table II itself (the cells marked * above).")
    w("")
    w("| board | line | setting | fitted to |")
    w("|---|---|---|---|")
    for c in data["calibrated"]:
        w("| %s | %d | `%s` | %s |" % (c["board"], c["line"], c["setting"].replace("|", "\\|"),
                                       c["fitted_to"].replace("|", "\\|")))
    w("")
    w("## Where the paper is inconsistent")
    w("")
    w("- Only Spresense's derived metrics agree with one clock (82.7 mW / 530.13 uW/MHz =")
    w("  156 MHz; 0.196 MAC/cycle). The Coral and IMX500 rows mix clocks: 73.23 MAC/cycle")
    w("  implies ~186 MHz, the uW/MHz figures ~250 MHz.")
    w("- The inference energies read as increments above a baseline (P_base x t_e2e +")
    w("  E_inf = E_e2e gives ~387 mW for Spresense, ~819 mW for Coral Micro, ~255 mW for")
    w("  IMX500); ttemu reports everything drawn during inference.")
    w("- The published model file is 128x128x5 (16.8M MACs), not the paper's 112x112")
    w("  (11.8M); ttemu reports the MACs of the model it ran.")
    w("")
    w("ttemu computes every metric from its own timeline at the real clocks and does not")
    w("bend the model to these figures.")
    w("")
    if data.get("notes"):
        w("---")
        w("")
        w("The explanations below are docs/validation-notes.md, written by hand and")
        w("included as they are.")
        w("")
        w(data["notes"].split("\n", 1)[1].strip())
        w("")
    return "\n".join(out)


def table(data):
    cols = [("board", 11)] + [(h.replace("inference ", "inf ").replace("end-to-end ", "e2e ")
                               .replace(" power efficiency", " uW/MHz"), 21) for _, h, _, _, _ in METRICS]
    lines = ["".join(n.ljust(w) for n, w in cols)]
    for b in data["boards"]:
        cells = [b.ljust(11)]
        for key, _, _, _, _ in METRICS:
            c = data["table"][b][key]
            cells.append(("%s (%s)" % (fmt(c["ttemu"], key), fmt(c["paper"], key))).ljust(21))
        lines.append("".join(cells))
    lines.append("each cell: ttemu (paper, Table II); units: ms, mJ, MAC/cycle, uW/MHz")
    for b in data["boards"]:
        bd = data["table"][b].get("breakdown")
        if not bd:
            continue
        big = sorted((p for p in bd["parts"] if p[1] >= 0.005), key=lambda p: -p[1])
        lines.append("%s inference %.2f ms (paper %s ms) = %s" % (
            b, bd["total_ms"], fmt(PAPER[b]["inference_latency_ms"], ""),
            " + ".join("%s %.2f" % (n.split(" (")[0], ms) for n, ms in big)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--json", help="default BUILD/validation.json")
    ap.add_argument("--md", help="write the page here (make validate: docs/validation.md)")
    ap.add_argument("--table", action="store_true", help="print the compact table")
    ap.add_argument("--model", help="model file (default: %s when present, else built-in)" % PUBLISHED_MODEL)
    ap.add_argument("--edgetpu-md", help="the Edge TPU prediction table (markdown) to include")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ttemu = os.path.join(a.build, "ttemu")
    if not os.access(ttemu, os.X_OK):
        die("%s is missing: run 'make'" % ttemu)
    model = a.model
    if model is None and os.path.exists(os.path.join(root, PUBLISHED_MODEL)):
        model = os.path.join(root, PUBLISHED_MODEL)
    note = ("the published TinyTracker.tflite (128x128x5) from ../shared" if model and model.endswith(
        "TinyTracker.tflite") else ("%s" % model if model else
                                    "the built-in synthetic TinyTracker (112x112x5; ../shared absent)"))
    data = {"schema": "ttemu-validation", "version": 1, "boards": BOARDS, "model_note": note,
            "table": {}, "gaze": {}}
    for b in BOARDS:
        report, gaze, _ = run_board(ttemu, a.build, b, model)
        data["table"][b] = board_row(b, report)
        data["gaze"][b] = gaze
    data["calibrated"] = calibrated_params(root)
    notes = os.path.join(root, "docs", "validation-notes.md")
    if os.path.exists(notes):
        data["notes"] = open(notes).read()
    if a.edgetpu_md and os.path.exists(a.edgetpu_md):
        data["edgetpu"] = open(a.edgetpu_md).read()
    out_json = a.json or os.path.join(a.build, "validation.json")
    with open(out_json, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    if a.md:
        with open(a.md, "w") as f:
            f.write(markdown(data))
    if a.table:
        print(table(data))


if __name__ == "__main__":
    main()
