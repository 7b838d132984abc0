#!/usr/bin/env bash
# The model pipeline (issue 6): `ttemu model` info/convert/run, the built-in
# synthetic TinyTracker, the published TinyTracker.tflite from ../shared
# against the official LiteRT runtime (tools/tflite-oracle) on every
# intermediate tensor, bad input, mutation fuzzing and the firmware build of
# the runtime. Usage: tests/suites/50-model.sh BUILD_DIR
set -u
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
T=$B/ttemu
SHARED=$ROOT/../shared
MODEL=$SHARED/models/TinyTracker.tflite
W=$(mktemp -d "${TMPDIR:-/tmp}/ttemu-model.XXXXXX")
trap 'rm -rf "$W"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
skip() { echo "SKIP $1: $2"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# The rounding variants and the mutation driver are built into the same
# build directory, sanitised when the library is.
san=0
nm "$B/libttemu.a" 2>/dev/null | grep -q __asan_init && san=1
if ! make -s BUILD="$B" SAN=$san "$B/ttemu" model-variants >"$W/make.log" 2>&1; then
    fail model-build "$(tail -3 "$W/make.log" | tr '\n' ' ')"
    exit 1
fi
SINGLE=$B/model/ttemu-single
AUDIT=$B/model/ttemu-audit

# ---- command line ----
help_ok() {
    "$T" model --help | grep -q 'usage: ttemu model info' &&
    for s in info convert run; do "$T" model $s --help | grep -q "usage: ttemu model $s" || return 1; done
}
check model-help help_ok
usage_errors() {
    "$T" model 2>/dev/null; [ $? -eq 64 ] || return 1
    "$T" model frobnicate 2>/dev/null; [ $? -eq 64 ] || return 1
    "$T" model info tinytracker --bogus 2>/dev/null; [ $? -eq 64 ] || return 1
    "$T" model run tinytracker 2>/dev/null; [ $? -eq 64 ] || return 1   # no input given
    "$T" model convert tinytracker 2>/dev/null; [ $? -eq 64 ]           # no -o
}
check model-usage-errors usage_errors

# ---- built-in synthetic TinyTracker (112x112x5) ----
# PAPER.md: the published graph has 428,486 parameters; the same graph at
# 112x112x5 needs 14.06M MACs. The generator builds that graph.
"$T" model info tinytracker >"$W/tt.txt" 2>&1
check model-builtin-figures grep -q 'totals: 51 ops, 428486 params, 14068680 MACs' "$W/tt.txt"
check model-builtin-synthetic-label grep -q 'synthetic weights' "$W/tt.txt"
json_ok() { "$T" model info tinytracker --json >"$W/tt.json" && python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d["ops"]==51 and len(d["layers"])==51 and d["macs"]==sum(l["macs"] for l in d["layers"])
assert d["synthetic"] is True and d["peak_activation_bytes"] <= d["arena_bytes"]' "$W/tt.json"; }
if command -v python3 >/dev/null; then check model-info-json json_ok
else skip model-info-json "python3 not installed (used to parse the JSON)"; fi
roundtrip_ok() {
    "$T" model convert tinytracker -o "$W/tt.ttm" >/dev/null &&
    "$T" model info "$W/tt.ttm" | grep -q 'totals: 51 ops, 428486 params, 14068680 MACs' &&
    "$T" model run tinytracker --pattern 7 --output "$W/a.txt" &&
    "$T" model run "$W/tt.ttm" --pattern 7 --output "$W/b.txt" && cmp -s "$W/a.txt" "$W/b.txt" &&
    [ "$(wc -l <"$W/a.txt")" -eq 2 ]
}
check model-convert-roundtrip roundtrip_ok
determinism_ok() {
    "$T" model run tinytracker --pattern 3 --dump-dir "$W/d1" >/dev/null &&
    "$T" model run tinytracker --pattern 3 --dump-dir "$W/d2" >/dev/null &&
    diff -r "$W/d1" "$W/d2" >/dev/null && [ "$(ls "$W/d1" | wc -l)" -eq 51 ] &&
    "$T" model run tinytracker --pattern 4 --dump-dir "$W/d4" >/dev/null && ! diff -r "$W/d1" "$W/d4" >/dev/null
}
check model-run-deterministic determinism_ok

# ---- bad input: one line naming the file, documented exit code, no crash ----
one_line_err() { # expected-exit file-substring command...
    local want=$1 sub=$2; shift 2
    "$@" >/dev/null 2>"$W/err"; local rc=$?
    [ $rc -eq "$want" ] && [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q -- "$sub" "$W/err" ||
        { echo "  got rc=$rc: $(head -c 300 "$W/err")"; return 1; }
}
check model-bad-missing one_line_err 66 "$W/nope" "$T" model info "$W/nope"
head -c 3000 /dev/urandom >"$W/garbage.bin"
check model-bad-garbage one_line_err 65 "garbage.bin: offset 0" "$T" model info "$W/garbage.bin"
cp "$W/tt.ttm" "$W/bad.ttm"
printf '\x02' | dd of="$W/bad.ttm" bs=1 seek=4 conv=notrunc 2>/dev/null   # version 2
check model-bad-ttm-version one_line_err 65 "header (offset 0x4): expected version 1" "$T" model info "$W/bad.ttm"
cp "$W/tt.ttm" "$W/bad2.ttm"
printf '\xff\xff\xff\x7f' | dd of="$W/bad2.ttm" bs=1 seek=$((96 + 24)) conv=notrunc 2>/dev/null
check model-bad-ttm-tensor one_line_err 65 "tensor 0 (offset 0x" "$T" model info "$W/bad2.ttm"
head -c 5000 "$W/tt.ttm" >"$W/short.ttm"
check model-bad-ttm-truncated one_line_err 65 "short.ttm: header" "$T" model info "$W/short.ttm"
head -c 100 /dev/zero >"$W/in.bin"
check model-bad-input-size one_line_err 65 "expected exactly 62720 bytes" "$T" model run tinytracker --input "$W/in.bin"
# --input K=FILE: one per model input; an input the model lacks is refused
check model-input-k-out-of-range one_line_err 64 "input 1 given but tinytracker has 1 input" \
    "$T" model run tinytracker --input 0="$W/in.bin" --input 1="$W/in.bin"
check model-input-k-twice one_line_err 64 "input 0 given twice" \
    "$T" model run tinytracker --input "$W/in.bin" --input 0="$W/in.bin"
input_k_ok() {
    "$T" model run tinytracker --pattern 5 --output "$W/k1.txt" --dump-dir "$W/k.d" >/dev/null &&
    "$T" model run tinytracker --pattern 5 --output "$W/k0.txt" >/dev/null && cmp -s "$W/k0.txt" "$W/k1.txt" &&
    head -c 62720 /dev/urandom >"$W/k.bin" &&
    "$T" model run tinytracker --input "$W/k.bin" --output "$W/k2.txt" &&
    "$T" model run tinytracker --input 0="$W/k.bin" --output "$W/k3.txt" && cmp -s "$W/k2.txt" "$W/k3.txt"
}
check model-input-k-equals-plain input_k_ok

# ---- the runtime builds for the firmware: portable C99, string.h only ----
# (and <arm_acle.h>, the compiler's own ACLE intrinsics, which the
# KERNELS=opt files include only when built for an ARMv7E-M core)
arm_ok() {
    command -v arm-none-eabi-gcc >/dev/null || return 2
    for f in models/runtime/*.c; do
        for def in "" -DTT_SINGLE_ROUNDING; do
            arm-none-eabi-gcc -std=c99 -mcpu=cortex-m4 -mthumb -O2 -Wall -Wextra -Werror $def -I. \
                -c "$f" -o "$W/arm.o" || return 1
        done
    done
    ! grep -h '#include <' models/runtime/*.[ch] | grep -v -E '<(string|stdint|stddef|arm_acle)\.h>'
}
arm_ok; rc=$?
if [ $rc -eq 2 ]; then skip model-runtime-cortex-m4 "arm-none-eabi-gcc not installed"
elif [ $rc -eq 0 ]; then pass model-runtime-cortex-m4; else fail model-runtime-cortex-m4; fi

# ---- mutation fuzzing (bounded time): the reader, validator and runtime ----
fuzz() { # name seed-file
    "$B/model/tflite-mutate" "$2" 400 12 0x5eed >"$W/fuzz.txt" 2>&1 ||
        { echo "  $(tail -5 "$W/fuzz.txt" | tr '\n' ' ')"; return 1; }
    echo "  $(cat "$W/fuzz.txt")"
}
check model-fuzz-ttm fuzz ttm "$W/tt.ttm"

# ---- the published model and the official runtime ----
if [ ! -f "$MODEL" ]; then
    skip model-published-info "../shared/models/TinyTracker.tflite not found"
    skip model-oracle "../shared/models/TinyTracker.tflite not found"
    [ $fails -eq 0 ]; exit
fi
"$T" model info "$MODEL" >"$W/pub.txt" 2>&1
# PAPER.md, measured from the file: 51 ops, 428,486 params, 16,815,360 MACs,
# 152,136 bytes of peak live activations.
check model-published-figures grep -q \
    'totals: 51 ops, 428486 params, 16815360 MACs, [0-9]* weight bytes, peak activations 152136 bytes' "$W/pub.txt"
check model-fuzz-tflite fuzz tflite "$MODEL"
head -c 20000 "$MODEL" >"$W/trunc.tflite"
check model-bad-tflite-truncated one_line_err 65 "trunc.tflite: .*expected inside the 20000-byte file" \
    "$T" model info "$W/trunc.tflite"

# ---- the same models through the firmware (ttemu run --model) ----
# The TinyTracker image (firmware/app) runs any single-input model placed in
# its model partition; --dump-tensors writes the input it built and the
# output it computed. output.bin must equal `ttemu model run` on input.bin,
# value for value; a model larger than the board's partition (or whose arena
# exceeds its heap) is refused in one line naming the file and both sizes,
# exit 65. Every model on spresense and coralmicro (about 1 s of run time
# each); on coralusb, mps2-an386 and mps2-an500 (same runtime, other memory
# maps) an audio model, a vision model and one that does not fit. imx500 is
# left out: its sensor builds the input (suite 49).
fw_same() { # output.bin host.txt: equal as int8, uint8 or float32
    python3 - "$1" "$2" <<'PY'
import struct, sys
raw = open(sys.argv[1], "rb").read(); host = open(sys.argv[2]).read().split()
if len(raw) == 4 * len(host):
    f32 = lambda v: struct.unpack("<f", struct.pack("<f", float(v)))[0]
    ok = list(struct.unpack("<%df" % len(host), raw)) == [f32(v) for v in host]
elif len(raw) == len(host):
    h = [int(v) for v in host]
    ok = h == list(raw) or h == [b - 256 if b > 127 else b for b in raw]
else:
    ok = False
sys.exit(0 if ok else 1)
PY
}
fw_model() { # board model-file
    local b=$1 f=$2 n; n=$(basename "$2" .tflite)
    local elf=$B/firmware/$b/tinytracker.elf d=$W/fw-$b-$n
    "$T" run --quiet --board "$b" --model "$f" --dump-tensors "$d" "$elf" >"$d.out" 2>"$d.err"; local rc=$?
    "$T" model info "$f" >/dev/null 2>&1 || {   # refused by the import (suite above): same refusal
        [ $rc -eq 65 ] && [ "$(wc -l <"$d.err")" -eq 1 ] && grep -q 'unsupported operator' "$d.err" &&
            pass "model-fw-refused-$b-$n" || fail "model-fw-refused-$b-$n" "rc=$rc $(head -c 200 "$d.err")"
        return; }
    if [ $rc -eq 65 ] && grep -q 'bytes; the model partition of\|arena needs' "$d.err"; then
        [ "$(wc -l <"$d.err")" -eq 1 ] && grep -q "$n" "$d.err" && grep -q '[0-9]* bytes.* holds [0-9]*\|needs [0-9]* bytes.* leaves [0-9]*' "$d.err" &&
            pass "model-fw-too-big-$b-$n" || fail "model-fw-too-big-$b-$n" "$(head -c 200 "$d.err")"
        echo "  $(cut -c1-200 "$d.err")"
        return
    fi
    [ $rc -eq 0 ] && [ -f "$d/input.bin" ] && [ -f "$d/output.bin" ] ||
        { fail "model-fw-run-$b-$n" "rc=$rc $(head -c 200 "$d.err") $(tail -1 "$d.out")"; return; }
    "$T" model run "$f" --input "$d/input.bin" --output "$d/host.txt" 2>"$W/err" && fw_same "$d/output.bin" "$d/host.txt" &&
        pass "model-fw-same-as-host-$b-$n" || fail "model-fw-same-as-host-$b-$n" "$(head -c 200 "$W/err")"
}
if ! command -v python3 >/dev/null; then
    skip model-fw "python3 not installed (compares the firmware's output)"
else
    for b in spresense coralmicro coralusb mps2-an386 mps2-an500; do
        if [ ! -f "$B/firmware/$b/tinytracker.elf" ]; then
            skip "model-fw-$b" "$B/firmware/$b/tinytracker.elf not built (make firmware)"; continue
        fi
        for f in $(find "$SHARED/models" -name '*.tflite' | sort); do
            case $b:$(basename "$f") in
            spresense:* | coralmicro:* | *:kws_ref_model.tflite | *:mobilenet_v1_0.25_128_quant.tflite | *:tf2_mobilenet_v2_1.0_224_ptq.tflite) fw_model "$b" "$f" ;;
            esac
        done
    done
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    skip model-oracle "node/npm not installed"; [ $fails -eq 0 ]; exit
fi
ORACLE=$B/oracle
if [ ! -d "$ORACLE/node_modules" ]; then
    rm -rf "$ORACLE" && cp -r "$SHARED/tools/tflite-oracle" "$ORACLE" && chmod -R u+w "$ORACLE"
    if ! (cd "$ORACLE" && npm ci --no-audit --no-fund >"$W/npm.log" 2>&1); then
        skip model-oracle "npm ci failed for the oracle ($(tail -1 "$W/npm.log"))"; [ $fails -eq 0 ]; exit
    fi
fi

# ---- every model under ../shared/models (issue 16) ----
# Each runs through our import and the single-rounding build and through the
# oracle on two xorshift patterns. Then every operator is fed the oracle's
# inputs (--feed-dir; a TF1 model's uint8 tensors 128 lower, as they are
# inside ttemu) and its output compared with the oracle's:
#  - single rounding: every element equal, except elements that
#    $(BUILD)/model/oracle-explain proves are XNNPack's float32 rounding of
#    a value within float precision of a tie (it recomputes each CONV, DW,
#    FC and ADD element with TFLite's and with XNNPack's arithmetic: the
#    XNNPack formula must give every oracle element, ttemu every TFLite
#    one, and the differing count must equal the one measured here). The
#    model output is then bit-exact, or off only by those elements carried
#    through the later layers (the count is printed);
#  - double rounding (int8 models): every element within 1 LSB.
# A model we cannot run must be refused in one line naming the operator,
# exit 65.
EXPLAIN=$B/model/oracle-explain
for f in $(find "$SHARED/models" -name '*.tflite' | sort); do
    n=$(basename "$f" .tflite)
    "$T" model info "$f" >/dev/null 2>"$W/err"; rc=$?
    if [ $rc -ne 0 ]; then
        if [ $rc -eq 65 ] && [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q 'unsupported operator [A-Z]' "$W/err"; then
            pass "model-all-refused-by-name-$n"; echo "  $(cut -c1-200 "$W/err")"
        else fail "model-all-refused-by-name-$n" "rc=$rc $(head -c 200 "$W/err")"; fi
        continue
    fi
    for p in 1 2; do
        R=$W/all-$n-$p
        node "$ORACLE/oracle.mjs" "$f" --pattern $p --save-input "$R.in" "$R.ref" --tensors all --dump-dir "$R.d" \
            >/dev/null 2>"$R.log" || { fail "model-all-$n-p$p" "oracle failed: $(tail -1 "$R.log")"; continue; }
        "$SINGLE" model run "$f" --input "$R.in" --output "$R.out" 2>"$W/err" ||
            { fail "model-all-$n-p$p" "$(head -c 200 "$W/err")"; continue; }
        nd=$(paste "$R.ref" "$R.out" | awk '$1 != $2 { n++ } END { print n + 0 }')
        [ "$(wc -l <"$R.ref")" -eq "$(wc -l <"$R.out")" ] || nd=-1
        # The oracle's tensors as ttemu holds them (uint8 ones 128 lower).
        mkdir -p "$R.f"
        tail -n +3 "$R.d/manifest.tsv" | awk -F'\t' -v d="$R.d" -v o="$R.f" '
            { out = o "/" $10; while ((getline v < (d "/" $10)) > 0) print ($4 == "UINT8" ? v - 128 : v) > out; close(out) }'
        "$SINGLE" model run "$f" --input "$R.in" --feed-dir "$R.f" --dump-dir "$R.s" >/dev/null 2>"$W/err" ||
            { fail "model-all-single-per-op-$n-p$p" "$(head -c 200 "$W/err")"; continue; }
        opd=$(for t in "$R.f"/t*.txt; do paste "$t" "$R.s/$(basename "$t")"; done |
            awk '$1 != $2 { n++ } END { print n + 0 }')
        "$EXPLAIN" "$f" "$R.d" "$R.s" >"$R.why" 2>&1; erc=$?
        why=$(sed -n 's/^explain: .*differ=\([0-9]*\) .*/\1/p' "$R.why")
        if [ "$nd" -eq 0 ] && [ "$opd" -eq 0 ] && [ $erc -eq 0 ]; then
            pass "model-all-single-bitexact-$n-p$p"
        elif [ "$nd" -ge 0 ] && [ $erc -eq 0 ] && [ "$opd" -eq "${why:--1}" ]; then
            pass "model-all-single-explained-$n-p$p"
            echo "  $opd of the operators' elements differ by 1 when fed the oracle's inputs, all XNNPack float32 ties" \
                 "(within $(sed -n 's/.*worst_tie_dist=\([^ ]*\).*/\1/p' "$R.why") of x.5); $nd of $(wc -l <"$R.ref") model outputs differ end to end"
        else
            fail "model-all-single-$n-p$p" "$nd outputs and $opd operator elements differ, oracle-explain rc=$erc: $(tail -1 "$R.why")"
            sed -n 1,5p "$R.why"
        fi
        # Per operator, default build (int8 models: the double-rounding bound).
        grep -q $'\tUINT8\t' <(tail -n +3 "$R.d/manifest.tsv") && continue
        "$T" model run "$f" --input "$R.in" --feed-dir "$R.d" --dump-dir "$R.dbl" >/dev/null 2>"$W/err" ||
            { fail "model-all-double-per-op-$n-p$p" "$(head -c 200 "$W/err")"; continue; }
        worst=$(for t in "$R.d"/t*.txt; do paste "$t" "$R.dbl/$(basename "$t")"; done |
            awk '$2 == "" { m = 99 } { d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')
        if [ "$worst" -le 1 ]; then pass "model-all-double-per-op-$n-p$p"
        else fail "model-all-double-per-op-$n-p$p" "an element differs by $worst"; fi
    done
done

# Inputs: three xorshift patterns plus the two saturating constants.
inputs="p1 p2 p3 c127 cm128"
for i in $inputs; do
    case $i in
    p*) node "$ORACLE/oracle.mjs" "$MODEL" --pattern "${i#p}" --save-input "$W/$i.bin" "$W/$i.out" \
            --tensors all --dump-dir "$W/$i.ref" >/dev/null 2>"$W/$i.log" ;;
    c127) head -c 81920 /dev/zero | tr '\0' '\177' >"$W/$i.bin" ;;
    cm128) head -c 81920 /dev/zero | tr '\0' '\200' >"$W/$i.bin" ;;
    esac
    [ -f "$W/$i.out" ] || node "$ORACLE/oracle.mjs" "$MODEL" "$W/$i.bin" "$W/$i.out" \
        --tensors all --dump-dir "$W/$i.ref" >/dev/null 2>"$W/$i.log"
    [ -f "$W/$i.ref/manifest.tsv" ] || { fail "model-oracle-$i" "oracle failed: $(tail -2 "$W/$i.log")"; continue; }
    # Every tensor the oracle dumped (50 op outputs) plus the float output.
    ntensors=$(ls "$W/$i.ref"/t*.txt | wc -l)
    [ "$ntensors" -eq 50 ] || fail "model-oracle-$i" "oracle dumped $ntensors tensors, expected 50"

    # Single rounding (the oracle's arithmetic): bit-exact on every tensor of the whole chain.
    "$SINGLE" model run "$MODEL" --input "$W/$i.bin" --output "$W/$i.single.out" --dump-dir "$W/$i.single" 2>"$W/err"
    bad=""
    for f in "$W/$i.ref"/t*.txt; do cmp -s "$f" "$W/$i.single/$(basename "$f")" || bad="$bad $(basename "$f")"; done
    paste "$W/$i.out" "$W/$i.single.out" | awk '$1 != $2 { bad = 1 } END { exit bad }' || bad="$bad output"
    if [ -z "$bad" ]; then pass "model-oracle-single-bitexact-$i"; else fail "model-oracle-single-bitexact-$i" "$bad"; fi

    # Double rounding (TFLite's default): each op fed the oracle's own inputs
    # so errors cannot compound; outputs may differ by at most 1 LSB, and the
    # audit build proves each difference comes from a rounding tie.
    "$AUDIT" model run "$MODEL" --input "$W/$i.bin" --feed-dir "$W/$i.ref" --dump-dir "$W/$i.audit" \
        >/dev/null 2>"$W/$i.audit.log"
    "$T" model run "$MODEL" --input "$W/$i.bin" --feed-dir "$W/$i.ref" --dump-dir "$W/$i.double" >/dev/null
    read -r calls differ ties other maxd < <(sed -n 's/^requant-audit: calls=\([0-9]*\) differ=\([0-9]*\) differ_tie=\([0-9]*\) differ_other=\([0-9]*\) max_abs_diff=\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$W/$i.audit.log")
    (cd "$W/$i.ref" && cat t*.txt) >"$W/ref.all"
    (cd "$W/$i.double" && cat $(cd "$W/$i.ref" && ls t*.txt)) >"$W/dbl.all"
    read -r ndiff maxdiff < <(paste "$W/ref.all" "$W/dbl.all" |
        awk '$2 == "" { m = 99 } { d = $1 - $2; if (d < 0) d = -d; if (d) n++; if (d > m) m = d } END { print n + 0, m + 0 }')
    why=""
    diff -r "$W/$i.audit" "$W/$i.double" >/dev/null || why="$why audit-build-differs-from-default"
    [ -n "${calls:-}" ] || why="$why no-audit-line"
    [ "${other:-1}" -eq 0 ] || why="$why non-tie-differences=$other"
    [ "${maxd:-9}" -le 1 ] && [ "$maxdiff" -le 1 ] || why="$why max-diff=$maxdiff"
    [ "$ndiff" -le "${ties:-0}" ] || why="$why $ndiff-elements-differ-but-only-${ties:-0}-ties"
    if [ -z "$why" ]; then
        pass "model-oracle-double-ties-$i"
        echo "  $i: $ndiff of the oracle's elements differ by 1; $ties of $calls requantisations were ties that double rounding resolves differently, 0 elsewhere"
    else
        fail "model-oracle-double-ties-$i" "$why"
    fi
done
[ $fails -eq 0 ]
