#!/usr/bin/env bash
# `make bench`: the fixed-size CPU benchmark (firmware/bench) on ttemu and on
# qemu-system-arm, in the same run, on the same image. Prints, per core:
# instructions executed and cycles (from `ttemu run --stats`), cycles per
# iteration and the score per MHz beside Arm's CoreMark/MHz, wall seconds
# of each emulator, emulated MIPS, the real-time factor, and the speed ratio
# by wall time and by CPU time. The same for the TinyTracker firmware on the
# two MPS2 boards, then ttemu's own run of it on Spresense.
# Then runs scripts/bench-model.sh BUILD_DIR when that exists.
#
#   bash scripts/bench.sh BUILD_DIR
#
# QEMU counts no instructions; both emulators execute the same instruction
# stream of the same image, so QEMU's MIPS uses ttemu's count. QEMU's wall
# time includes its start-up (measured separately on a trivial image and
# shown). Timing is wall-clock on this machine: a benchmark, not a test;
# each emulator runs BENCH_RUNS times (default 3, interleaved) and its
# fastest run is reported. The firmware/bench images also run once with
# the translator off (TTEMU_JIT=0), for what the translating tier buys.
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
QEMU=${QEMU:-qemu-system-arm}
OUT=$BUILD/bench-out
mkdir -p "$OUT"
status=0

now() { date +%s.%N; }
# timed FILE CMD...: runs CMD, its CPU seconds (user, system) into FILE
# when GNU time is there; CMD's exit status either way.
timed() {
    local f=$1; shift
    rm -f "$f"
    if [ -x /usr/bin/time ]; then /usr/bin/time -o "$f" -f '%U %S' "$@"; else "$@"; fi
}
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# The number ttemu's report gives for WORD: "WORD: N", "WORD = N", "WORD N"
# or "N WORD" (thousands separators , or _ allowed), first match wins.
stat_of() {   # stat_of FILE WORD-REGEX
    local num='[0-9][0-9,_]*(\.[0-9]+)?' hit
    hit=$(grep -oiE -- "($2)[a-z ]*[:=]? *$num" "$1" | head -1 | grep -oE -- "$num\$")
    [ -z "$hit" ] && hit=$(grep -oiE -- "$num *($2)" "$1" | head -1 | grep -oE -- "^$num")
    tr -d ',_' <<<"$hit"
}

qemu_startup=""
if [ -f "$BUILD/firmware/tests/hello.elf" ]; then
    t0=$(now)
    "$QEMU" -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
        -kernel "$BUILD/firmware/tests/hello.elf" </dev/null >/dev/null 2>&1
    qemu_startup=$(fsub "$(now)" "$t0")
fi

have_board() {
    [ "$1" = mps2-an386 ] && return 0
    "$TTEMU" boards 2>/dev/null | grep -qw -- "$1"
}

# Each emulator runs RUNS times, the two interleaved, and the fastest run
# of each counts (the least disturbed by whatever else the machine runs).
RUNS=${BENCH_RUNS:-3}

# bench_ttemu_run LABEL IMAGE BOARD RUN: one ttemu run, kept when fastest
bench_ttemu_run() {
    local label=$1 img=$2 board=$3 t0 w rc
    [ -x "$TTEMU" ] && have_board "$board" || return 0
    [ "$4" = first ] || [ "$4" = 1 ] && rm -f "$OUT/$label.ttemu.wall"
    t0=$(now)
    timed "$OUT/$label.ttemu.time.run" timeout 600 "$TTEMU" run --quiet --stats --board "$board" "$img" </dev/null \
        >"$OUT/$label.ttemu.out" 2>"$OUT/$label.ttemu.err"
    rc=$?
    w=$(fsub "$(now)" "$t0")
    if [ ! -f "$OUT/$label.ttemu.wall" ] || awk -v a="$w" -v b="$(cat "$OUT/$label.ttemu.wall")" 'BEGIN { exit !(a < b) }'; then
        echo "$w" >"$OUT/$label.ttemu.wall"
        echo "$rc" >"$OUT/$label.ttemu.rc"
        cp "$OUT/$label.ttemu.time.run" "$OUT/$label.ttemu.time" 2>/dev/null
    fi
}

bench_one() {   # bench_one LABEL IMAGE BOARD
    local label=$1 img=$2 board=$3
    echo "== $label: $img on $board"
    if [ ! -f "$img" ]; then
        echo "   missing image (run make BUILD=$BUILD firmware)"
        status=1
        return
    fi

    local t0 q_wall="" q_rc w r
    for r in $(seq "$RUNS"); do
        t0=$(now)
        timed "$OUT/$label.qemu.time.run" timeout 120 "$QEMU" -M "$board" -nographic -semihosting-config enable=on,target=native \
            -kernel "$img" </dev/null >"$OUT/$label.qemu.out" 2>"$OUT/$label.qemu.err"
        q_rc=$?
        w=$(fsub "$(now)" "$t0")
        if [ -z "$q_wall" ] || awk -v a="$w" -v b="$q_wall" 'BEGIN { exit !(a < b) }'; then
            q_wall=$w
            cp "$OUT/$label.qemu.time.run" "$OUT/$label.qemu.time" 2>/dev/null
        fi
        [ "$r" = 1 ] && [ "$RUNS" -gt 1 ] && bench_ttemu_run "$label" "$img" "$board" first
    done
    echo "   qemu-system-arm: ${q_wall} s wall (best of $RUNS), exit $q_rc: $(head -1 "$OUT/$label.qemu.out")"

    if [ ! -x "$TTEMU" ]; then
        echo "   ttemu: $TTEMU not built"
        status=1
        return
    fi
    if ! have_board "$board"; then
        echo "   ttemu: no board $board yet ('ttemu boards' does not list it); skipped"
        return
    fi
    local stats=--stats t_wall t_rc
    "$TTEMU" run --help 2>&1 | grep -q -- '--stats' || stats=""
    for r in $(seq "$RUNS"); do
        [ "$r" -gt 1 ] || [ "$RUNS" = 1 ] && bench_ttemu_run "$label" "$img" "$board" "$r"
    done
    t_wall=$(cat "$OUT/$label.ttemu.wall")
    t_rc=$(cat "$OUT/$label.ttemu.rc")
    echo "   ttemu:           ${t_wall} s wall (best of $RUNS), exit $t_rc: $(head -1 "$OUT/$label.ttemu.out")"
    if [ "$t_rc" != "$q_rc" ] || ! cmp -s "$OUT/$label.qemu.out" "$OUT/$label.ttemu.out"; then
        echo "   output: DIFFERS from qemu (see $OUT/$label.*)"
        sed -n '1,5p' "$OUT/$label.ttemu.err" | sed 's/^/   ttemu stderr: /'
        status=1
    else
        echo "   output: identical to qemu's"
    fi

    local insns cycles
    insns=$(stat_of "$OUT/$label.ttemu.err" 'instructions?|insns')
    cycles=$(stat_of "$OUT/$label.ttemu.err" 'cycles')
    if [ -z "$stats" ]; then
        echo "   (this ttemu has no --stats: no instruction or cycle counts)"
    elif [ -z "$insns" ]; then
        echo "   (--stats printed no instruction count; its report:)"
        sed -n '1,10p' "$OUT/$label.ttemu.err" | sed 's/^/     /'
    fi
    printf '   %-34s %s\n' "instructions executed:" "${insns:-n/a}"
    printf '   %-34s %s\n' "cycles (ttemu timing model):" "${cycles:-n/a}"
    local iters
    iters=$(grep -oE '[0-9]+ iterations' "$OUT/$label.ttemu.out" | grep -oE '^[0-9]+')
    if [ -n "$cycles" ] && [ -n "$iters" ]; then
        printf '   %-34s %s (%s iterations)\n' "cycles per iteration:" "$(fdiv "$cycles" "$iters")" "$iters"
        # Iterations per million cycles: the benchmark's own score per MHz,
        # beside Arm's published CoreMark/MHz for the core (a different
        # workload: a rough reference, not a target).
        local ref=""
        case $board in mps2-an386) ref="3.42 (Cortex-M4)" ;; mps2-an500) ref="5.01 (Cortex-M7)" ;; esac
        printf '   %-34s %s%s\n' "score per MHz (iterations/Mcycle):" \
            "$(awk -v i="$iters" -v c="$cycles" 'BEGIN { printf "%.4f", i * 1e6 / c }')" \
            "${ref:+; Arm CoreMark/MHz $ref}"
        eval "cycles_$label=$cycles"
    fi
    printf '   %-34s %s s\n' "ttemu wall:" "$t_wall"
    if [ -n "$qemu_startup" ]; then
        printf '   %-34s %s s (of which start-up %s s)\n' "qemu wall:" "$q_wall" "$qemu_startup"
    else
        printf '   %-34s %s s\n' "qemu wall:" "$q_wall"
    fi
    if [ -n "$insns" ]; then
        printf '   %-34s %s\n' "ttemu emulated MIPS:" "$(fdiv "$insns" "$(awk -v w="$t_wall" 'BEGIN{print w*1e6}')")"
        local q_run=$q_wall
        [ -n "$qemu_startup" ] && q_run=$(fsub "$q_wall" "$qemu_startup")
        printf '   %-34s %s\n' "qemu MIPS (same stream, no start-up):" "$(fdiv "$insns" "$(awk -v w="$q_run" 'BEGIN{print w*1e6}')")"
    fi
    local sim_s
    sim_s=$(stat_of "$OUT/$label.ttemu.err" 's simulated|seconds simulated|simulated time|simulated seconds|sim time')
    if [ -n "$sim_s" ]; then
        printf '   %-34s %s (simulated %s s / wall %s s)\n' "real-time factor:" \
            "$(fdiv "$sim_s" "$t_wall")" "$sim_s" "$t_wall"
    fi
    printf '   %-34s %s (qemu wall / ttemu wall; 1.00 = parity)\n' "ttemu speed relative to qemu:" \
        "$(fdiv "$q_wall" "$t_wall")"
    # CPU time (user + system, all threads) moves less than wall time when
    # other jobs share the machine: the same ratio by CPU seconds.
    local q_cpu t_cpu
    q_cpu=$(awk '{ print $1 + $2 }' "$OUT/$label.qemu.time" 2>/dev/null | tail -1)
    t_cpu=$(awk '{ print $1 + $2 }' "$OUT/$label.ttemu.time" 2>/dev/null | tail -1)
    if [ -n "$q_cpu" ] && [ -n "$t_cpu" ]; then
        printf '   %-34s %s (qemu %s s / ttemu %s s CPU; ttemu %s MIPS per CPU second)\n' \
            "same, by CPU time:" "$(fdiv "$q_cpu" "$t_cpu")" "$q_cpu" "$t_cpu" \
            "$(fdiv "${insns:-0}" "$(awk -v w="$t_cpu" 'BEGIN{print w*1e6}')")"
    fi
}

# bench_interp LABEL IMAGE BOARD: the same image with the translator off
# (TTEMU_JIT=0, isa/jit.h): what the translating tier buys, in this run.
bench_interp() {
    [ -x "$TTEMU" ] || return 0
    local t0 w
    t0=$(now)
    TTEMU_JIT=0 timed "$OUT/$1.interp.time" timeout 600 "$TTEMU" run --quiet --board "$3" "$2" </dev/null \
        >"$OUT/$1.interp.out" 2>/dev/null
    w=$(fsub "$(now)" "$t0")
    local t_cpu i_cpu
    t_cpu=$(awk '{ print $1 + $2 }' "$OUT/$1.ttemu.time" 2>/dev/null | tail -1)
    i_cpu=$(awk '{ print $1 + $2 }' "$OUT/$1.interp.time" 2>/dev/null | tail -1)
    cmp -s "$OUT/$1.interp.out" "$OUT/$1.ttemu.out" || { echo "   interpreter output DIFFERS"; status=1; }
    printf '   %-34s %s s wall, %s s CPU: translated code %s times as fast by CPU time\n' \
        "ttemu without translation:" "$w" "${i_cpu:-n/a}" "$(fdiv "${i_cpu:-0}" "${t_cpu:-0}")"
}

bench_one m4 "$BUILD/firmware/bench/bench.elf" mps2-an386
bench_interp m4 "$BUILD/firmware/bench/bench.elf" mps2-an386
bench_one m7 "$BUILD/firmware/bench/bench.m7.elf" mps2-an500
bench_interp m7 "$BUILD/firmware/bench/bench.m7.elf" mps2-an500
# The TinyTracker firmware (boot, built-in model, gaze) on the boards QEMU
# also runs: a short run (about 5e7 instructions), so QEMU's start-up
# weighs more in its wall time than in the benchmark's.
bench_one tt-m4 "$BUILD/firmware/mps2-an386/tinytracker.elf" mps2-an386
bench_one tt-m7 "$BUILD/firmware/mps2-an500/tinytracker.elf" mps2-an500

# Same instruction mix on both cores: the cycle ratio is the timing models'
# per-MHz speed-up of the M7 over the M4. The published CoreMark/MHz figures
# (Arm: 3.42 for Cortex-M4, 5.01 for Cortex-M7) give 1.46.
if [ -n "${cycles_m4:-}" ] && [ -n "${cycles_m7:-}" ]; then
    echo "== M7 over M4, per MHz: $(fdiv "$cycles_m4" "$cycles_m7") (cycles M4 / cycles M7;" \
         "CoreMark/MHz 5.01 / 3.42 = 1.46)"
fi

# The TinyTracker application on Spresense (boot to gaze, opt kernels;
# the published model when ../shared has it, else the built-in one):
# emulated wall time beside the simulated time. Target: under 0.5 s wall.
tt_fw=$BUILD/firmware/spresense/tinytracker.elf
tt_model=$(dirname "$0")/../../shared/models/TinyTracker.tflite
if [ -f "$tt_fw" ]; then
    tt_args=(); tt_name="built-in tinytracker (112x112x5)"
    [ -f "$tt_model" ] && { tt_args=(--model "$tt_model"); tt_name="published TinyTracker.tflite (128x128x5)"; }
    t0=$(now)
    "$TTEMU" run --quiet --stats --board spresense "${tt_args[@]}" "$tt_fw" >"$OUT/tinytracker.out" 2>"$OUT/tinytracker.err" || status=1
    t1=$(now)
    sim=$(sed -n 's/.* cycles, \([0-9.]*\) s simulated/\1/p' "$OUT/tinytracker.err")
    echo "== TinyTracker on spresense, $tt_name"
    printf '   %-34s %s\n' "gaze:" "$(grep '^gaze:' "$OUT/tinytracker.out" | cut -d' ' -f2-)"
    printf '   %-34s %s s (target < 0.5 s)\n' "ttemu wall (boot to gaze):" "$(fsub "$t1" "$t0")"
    printf '   %-34s %s s\n' "simulated time:" "${sim:-n/a}"
    tt_insns=$(stat_of "$OUT/tinytracker.err" 'instructions?|insns')
    [ -n "$tt_insns" ] && printf '   %-34s %s (%s instructions)\n' "ttemu emulated MIPS:" \
        "$(fdiv "$tt_insns" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) * 1e6 }')")" "$tt_insns"
fi

if [ -f scripts/bench-trace.sh ]; then
    echo "== scripts/bench-trace.sh: the cost of --trace and --trace-insn"
    bash scripts/bench-trace.sh "$BUILD" || status=1
fi

if [ -f scripts/bench-model.sh ]; then
    echo "== scripts/bench-model.sh"
    bash scripts/bench-model.sh "$BUILD" || status=1
fi
exit $status
