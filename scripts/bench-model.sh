#!/usr/bin/env bash
# Host inference throughput of TinyTracker on ttemu's int8 runtime and on
# the official LiteRT runtime (XNNPack, WebAssembly, the tflite-oracle), in
# the same run on the same machine, and their ratio.
#   scripts/bench-model.sh BUILD_DIR        (make bench calls it)
# Environment: BENCH_RUNS (default 200) inferences per measurement.
# The oracle is timed by a copy of oracle.mjs in BUILD_DIR/oracle whose
# single cm.run() call is wrapped in a timed loop (made here with sed; the
# shared tool itself is never modified). Both sides run one thread. Rates
# are per second of process CPU time (user + system), so a busy machine
# does not skew the ratio; wall time is printed beside it by each side.
# The oracle gets 20 untimed warm-up runs first (its WebAssembly is compiled
# by tiers, so early runs are slower); ttemu's C needs none.
set -u
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
N=${BENCH_RUNS:-200}
MODEL=$ROOT/../shared/models/TinyTracker.tflite
T=$B/ttemu
[ -x "$T" ] || { echo "bench-model: $T not built" >&2; exit 1; }

rate() { sed -n 's/.* \([0-9.]*\) inferences\/s$/\1/p' | tail -1; }

ours_builtin=$("$T" model run tinytracker --pattern 1 --repeat "$N" 2>&1 >/dev/null | rate)
echo "model-bench: ttemu runtime, built-in tinytracker 112x112x5 (synthetic): $ours_builtin inferences/s"
if [ ! -f "$MODEL" ]; then
    echo "model-bench: SKIP published model and oracle: ../shared/models/TinyTracker.tflite not found"
    exit 0
fi
"$T" model convert "$MODEL" -o "$B/TinyTracker.ttm" >/dev/null || exit 1
ours=$("$T" model run "$B/TinyTracker.ttm" --pattern 1 --repeat "$N" 2>&1 >/dev/null | rate)
echo "model-bench: ttemu runtime, TinyTracker.tflite 128x128x5: $ours inferences/s"

if ! command -v node >/dev/null; then
    echo "model-bench: SKIP oracle: node not installed"; exit 0
fi
O=$B/oracle
if [ ! -d "$O/node_modules" ]; then
    rm -rf "$O" && cp -r "$ROOT/../shared/tools/tflite-oracle" "$O" && chmod -R u+w "$O" &&
        (cd "$O" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
        { echo "model-bench: SKIP oracle: npm ci failed"; exit 0; }
fi
sed 's|^const outBufs = await cm.run(0, inBufs);$|let outBufs = await cm.run(0, inBufs); { const n = Number(process.env.TT_BENCH_N \|\| 0); if (n) { for (let k = 0; k < 20; k++) outBufs = await cm.run(0, inBufs); const t0 = process.hrtime.bigint(), c0 = process.cpuUsage(); for (let k = 0; k < n; k++) outBufs = await cm.run(0, inBufs); const dt = Number(process.hrtime.bigint() - t0) / 1e9, cu = process.cpuUsage(c0), cpu = (cu.user + cu.system) / 1e6; log(`bench: ${n} inferences in ${dt.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU: ${(n / cpu).toFixed(1)} inferences/s`); } }|' \
    "$O/oracle.mjs" >"$O/bench-oracle.mjs"
grep -q TT_BENCH_N "$O/bench-oracle.mjs" || { echo "model-bench: SKIP oracle: cannot find cm.run in oracle.mjs"; exit 0; }
theirs=$(TT_BENCH_N=$N node "$O/bench-oracle.mjs" "$MODEL" --pattern 1 "$B/bench-oracle.out" 2>&1 | rate)
echo "model-bench: LiteRT.js (XNNPack, wasm), TinyTracker.tflite 128x128x5: $theirs inferences/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b > 0) printf "model-bench: ratio ttemu/LiteRT = %.2f\n", a / b }'
