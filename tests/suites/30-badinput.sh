#!/usr/bin/env bash
# Bad input to `ttemu run`: every case must end with exactly one line on
# stderr that names the offending file (or flag), nothing on stdout, the
# documented exit status (64 usage, 65 malformed input, 66 cannot open;
# never a signal or a status of 128 and above), and no hang.
#
#   bash tests/suites/30-badinput.sh BUILD_DIR
#
# The inputs are generated here, under BUILD/test-out/30-badinput/, from a
# tiny valid image assembled with arm-none-eabi-gcc (which also runs once
# as a control: it must load and exit 0) and an x86-64 object from the
# host compiler. No binaries are committed.
set -u
BUILD=${1:-build}
TTEMU=$BUILD/ttemu
OUT=$BUILD/test-out/30-badinput
TIMEOUT=${TIMEOUT:-10}
BOARD=mps2-an386
rm -rf "$OUT"
mkdir -p "$OUT"

if [ ! -x "$TTEMU" ]; then
    echo "FAIL badinput: $TTEMU not built"
    exit 1
fi
fails=0

# ---- inputs ---------------------------------------------------------------

# A minimal valid image: vector table (SP, reset) and a reset handler that
# exits through semihosting SYS_EXIT (ADP_Stopped_ApplicationExit).
cat >"$OUT/min.S" <<'ASM'
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word 0x20001000
    .word reset + 1
    .text
    .thumb_func
reset:
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt 0xab
1:  b 1b
ASM
# $1 = output, $2 = load address of everything, $3 = extra bss bytes
link_min() {
    cat >"$OUT/$1.ld" <<LD
SECTIONS {
  . = $2;
  .vectors : { KEEP(*(.vectors)) }
  .text : { *(.text*) }
  .bss (NOLOAD) : { . = . + $3; }
}
LD
    arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -nostartfiles -T "$OUT/$1.ld" \
        -Wl,--no-warn-rwx-segments -o "$OUT/$1" "$OUT/min.S" 2>"$OUT/$1.build.log"
}
if ! command -v arm-none-eabi-gcc >/dev/null || ! link_min valid.elf 0x0 0; then
    echo "FAIL badinput-inputs: cannot assemble the minimal image (see $OUT/valid.elf.build.log)"
    exit 1
fi
link_min outside.elf 0x90000000 0          # all of it where the board has nothing
link_min hugebss.elf 0x0 0x80000000        # a 2 GB segment: more than the board has

# Truncated ELFs: inside the ELF header, inside the program headers, and
# with the headers whole but the segment data cut short.
head -c 20 "$OUT/valid.elf" >"$OUT/trunc-header.elf"
phoff=$(od -An -t u4 -j 28 -N 4 "$OUT/valid.elf" | tr -d ' ')
head -c $((phoff + 16)) "$OUT/valid.elf" >"$OUT/trunc-phdrs.elf"
seg_off=$(od -An -t u4 -j $((phoff + 4)) -N 4 "$OUT/valid.elf" | tr -d ' ')
head -c $((seg_off + 6)) "$OUT/valid.elf" >"$OUT/trunc-data.elf"
# An ELF header whose program header table lies past the end of the file.
{ head -c 28 "$OUT/valid.elf"; printf '\377\377\000\000'; tail -c +33 "$OUT/valid.elf"; } \
    >"$OUT/phoff-past-eof.elf"

# Run-time ends (run with --quiet, so only the error line may remain): a
# reset handler that spins forever (for --max-cycles), and one that executes
# UDF with a HardFault handler that does the same (a fault inside HardFault
# locks the core up).
cat >"$OUT/spin.S" <<'ASM'
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word 0x20001000
    .word reset + 1
    .text
    .thumb_func
reset:
    b reset
ASM
cat >"$OUT/lockup.S" <<'ASM'
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word 0x20001000
    .word reset + 1
    .word hardfault + 1
    .word hardfault + 1
    .text
    .thumb_func
reset:
    udf #1
    .thumb_func
hardfault:
    udf #2
ASM
for x in spin lockup; do
    arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -nostartfiles -T "$OUT/valid.elf.ld" \
        -Wl,--no-warn-rwx-segments -o "$OUT/$x.elf" "$OUT/$x.S" 2>>"$OUT/$x.build.log"
done

# patch FILE OFFSET BYTES(printf escapes): a copy of valid.elf with bytes replaced.
patch_copy() {
    cp "$OUT/valid.elf" "$OUT/$1"
    printf "$3" | dd of="$OUT/$1" bs=1 seek="$2" conv=notrunc status=none
}
patch_copy machine-386.elf 18 '\003\000'     # e_machine EM_386: 32-bit ELF, not ARM
patch_copy big-endian.elf 5 '\002'            # EI_DATA ELFDATA2MSB
# An ARM relocatable object (.o), not an executable.
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -c -o "$OUT/arm-object.o" "$OUT/min.S" 2>/dev/null

# ELF for another machine: an x86-64 object from the host compiler.
printf 'int f(int x) { return x * 3; }\n' >"$OUT/x86.c"
host_cc=$(command -v cc || command -v gcc || true)
if [ -n "$host_cc" ]; then
    "$host_cc" -c -o "$OUT/x86-64.o" "$OUT/x86.c" 2>/dev/null
fi

: >"$OUT/empty.bin"
printf '\000\020\000\040' >"$OUT/four-bytes.bin"   # an SP and no reset vector
# Larger than the board's 4 MB code memory at 0x0.
head -c $((5 * 1024 * 1024)) /dev/zero >"$OUT/too-big.bin"
mkdir -p "$OUT/a-directory.elf"

# A segment whose file size exceeds its memory size (p_memsz = 1): the
# message must name that cause, not "outside the file".
python3 - "$OUT/valid.elf" "$OUT/filesz-over-memsz.elf" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
phoff = struct.unpack_from("<I", d, 28)[0]
struct.pack_into("<I", d, phoff + 20, 1)
open(sys.argv[2], "wb").write(d)
PY

# ---- the checks -------------------------------------------------------------

# expect NAME "ALLOWED STATUSES" WORD -- ARGS...: runs ttemu run ARGS, and
# checks the status, one stderr line containing WORD (or its basename), and
# an empty stdout.
expect() {
    local name=$1 allowed=$2 word=$3
    shift 4
    timeout -k 5 "$TIMEOUT" "$TTEMU" run "$@" </dev/null >"$OUT/$name.out" 2>"$OUT/$name.err"
    local rc=$?
    local lines why=""
    lines=$(wc -l <"$OUT/$name.err")
    # A last line without a newline still counts as a line.
    [ -s "$OUT/$name.err" ] && [ "$(tail -c 1 "$OUT/$name.err" | od -An -c | tr -d ' ')" != '\n' ] \
        && lines=$((lines + 1))
    if [ $rc -ge 124 ]; then
        why="status $rc (hang or signal)"
    elif ! grep -qw -- "$rc" <<<"$allowed"; then
        why="status $rc, expected one of: $allowed"
    elif [ "$lines" -ne 1 ]; then
        why="$lines lines on stderr, expected exactly 1"
    elif ! grep -qF -- "$word" "$OUT/$name.err" && ! grep -qF -- "$(basename -- "$word")" "$OUT/$name.err"; then
        why="the stderr line does not name '$word'"
    elif [ -s "$OUT/$name.out" ]; then
        why="unexpected output on stdout"
    fi
    if [ -z "$why" ]; then
        echo "PASS badinput:$name (status $rc: $(head -1 "$OUT/$name.err"))"
    else
        echo "FAIL badinput:$name: $why"
        sed -n '1,4p' "$OUT/$name.err" | sed 's/^/    stderr: /'
        fails=$((fails + 1))
    fi
}

# Control: the unbroken image loads, runs and exits 0 with nothing printed.
timeout -k 5 "$TIMEOUT" "$TTEMU" run --quiet --board $BOARD "$OUT/valid.elf" </dev/null \
    >"$OUT/control.out" 2>"$OUT/control.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$OUT/control.out" ] && [ ! -s "$OUT/control.err" ]; then
    echo "PASS badinput:control-valid-elf"
else
    echo "FAIL badinput:control-valid-elf: status $rc (the minimal valid image must exit 0 silently)"
    sed -n '1,4p' "$OUT/control.err" | sed 's/^/    stderr: /'
    fails=$((fails + 1))
fi

F=$OUT
expect trunc-header    "65" "$F/trunc-header.elf"    -- --board $BOARD "$F/trunc-header.elf"
expect trunc-phdrs     "65" "$F/trunc-phdrs.elf"     -- --board $BOARD "$F/trunc-phdrs.elf"
expect trunc-data      "65" "$F/trunc-data.elf"      -- --board $BOARD "$F/trunc-data.elf"
expect phoff-past-eof  "65" "$F/phoff-past-eof.elf"  -- --board $BOARD "$F/phoff-past-eof.elf"
if [ -f "$F/x86-64.o" ]; then
    expect other-machine "65" "$F/x86-64.o"          -- --board $BOARD "$F/x86-64.o"
else
    echo "SKIP badinput:other-machine: no host C compiler to make an x86-64 object"
fi
expect machine-386     "65" "$F/machine-386.elf"     -- --board $BOARD "$F/machine-386.elf"
expect big-endian      "65" "$F/big-endian.elf"      -- --board $BOARD "$F/big-endian.elf"
expect arm-object      "65" "$F/arm-object.o"        -- --board $BOARD "$F/arm-object.o"
expect segment-outside "65" "$F/outside.elf"         -- --board $BOARD "$F/outside.elf"
expect segment-too-big "65" "$F/hugebss.elf"         -- --board $BOARD "$F/hugebss.elf"
expect empty-bin       "65" "$F/empty.bin"           -- --board $BOARD "$F/empty.bin"
expect four-byte-bin   "65" "$F/four-bytes.bin"      -- --board $BOARD "$F/four-bytes.bin"
expect bin-too-big     "65" "$F/too-big.bin"         -- --board $BOARD "$F/too-big.bin"
expect missing-file    "66" "$F/no-such-file.elf"    -- --board $BOARD "$F/no-such-file.elf"
expect directory       "65 66" "$F/a-directory.elf"  -- --board $BOARD "$F/a-directory.elf"
expect unknown-flag    "64" "--no-such-flag"         -- --no-such-flag --board $BOARD "$F/valid.elf"
expect max-cycles-missing "64" "--max-cycles"       -- --board $BOARD --max-cycles
expect max-cycles-bad  "64" "abc"                    -- --max-cycles abc --board $BOARD "$F/valid.elf"
expect max-cycles-reached "81" "$F/spin.elf"        -- --quiet --board $BOARD --max-cycles 100000 "$F/spin.elf"
# 80 (lockup) once faults are taken; 82 (undefined instruction, no
# handler taken) from a core without the exception model.
expect lockup          "80 82" "$F/lockup.elf"       -- --quiet --board $BOARD --max-cycles 100000000 "$F/lockup.elf"
expect unknown-board   "64 65 66" "no-such-board"    -- --board no-such-board "$F/valid.elf"
expect no-firmware     "64" "FIRMWARE"               -- --board $BOARD
# Limits and numbers (issue 17): refused, never saturated or undefined.
expect max-cycles-overflow "64" "--max-cycles"       -- --max-cycles 99999999999999999999999 "$F/valid.elf"
expect max-cycles-negative "64" "--max-cycles"       -- --max-cycles -1 "$F/valid.elf"
expect max-time-infinite "64" "--max-time"           -- --max-time 1e999s "$F/valid.elf"
expect max-time-nan    "64" "--max-time"             -- --max-time nan "$F/valid.elf"
expect max-time-unit   "64" "--max-time"             -- --max-time 3parsecs "$F/valid.elf"
expect timeout-zero    "64" "--timeout"              -- --timeout 0 "$F/valid.elf"
expect trace-max-bad   "64" "--trace-max"            -- --trace "$OUT/t.ttt" --trace-max 0 "$F/valid.elf"
expect trace-max-alone "64" "--trace-max"            -- --trace-max 5 "$F/valid.elf"
expect max-time-reached "81" "simulated-time bound"  -- --quiet --max-time 2ms "$F/spin.elf"
expect timeout-reached "84" "--timeout"              -- --quiet --max-time 0 --timeout 0.3 "$F/spin.elf"
expect trace-max-reached "85" "--trace-max"          -- --quiet --trace "$OUT/cap.ttt" --trace-insn --trace-max 1 "$F/spin.elf"
expect dev-zero        "65" "/dev/zero"              -- /dev/zero
expect filesz-over-memsz "65" "p_filesz"             -- "$F/filesz-over-memsz.elf"
expect report-unwritable "74" "$OUT/no-dir/r.json"   -- --quiet --report "$OUT/no-dir/r.json" "$F/valid.elf"
if [ -w /dev/full ]; then
  expect trace-disk-full "74" "/dev/full"            -- --quiet --trace /dev/full "$F/valid.elf"
else
  echo "SKIP badinput:trace-disk-full: no /dev/full"
fi
# The option parser (issue 18): --opt=value, prefixes, a bare --, and the
# outputs checked before the run (the spinning image has no time bound and
# a 5 s wall limit: 84 would mean it ran before the report path was checked).
expect board-equals    "66" "no-such-board"          -- --board=no-such-board "$F/valid.elf"
expect max-cycles-equals "81" "$F/spin.elf"          -- --quiet --max-cycles=100000 "$F/spin.elf"
expect bare-dashes     "64" "FIRMWARE"               -- --
expect prefix-ambiguous "64" "ambiguous"             -- --max 5 "$F/valid.elf"
expect flag-with-value "64" "--quiet"                -- --quiet=1 "$F/valid.elf"
expect report-before-run "74" "/nonexistent/x.json"  -- --quiet --max-time 0 --timeout 5 --report /nonexistent/x.json "$F/spin.elf"
expect trace-before-run "74" "/nonexistent/t.ttt"    -- --quiet --max-time 0 --timeout 5 --trace /nonexistent/t.ttt "$F/spin.elf"
expect plot-before-run "74" "/nonexistent/p.svg"     -- --quiet --max-time 0 --timeout 5 --plot /nonexistent/p.svg "$F/spin.elf"
expect report-extension "64" ".yml"                  -- --report r.txt "$F/valid.elf"
expect plot-extension  "64" "--plot"                 -- --plot p.gif "$F/valid.elf"
cap=$(stat -c %s "$OUT/cap.ttt" 2>/dev/null || echo 0)
if [ "$cap" -gt 0 ] && [ "$cap" -le $((1024 * 1024 + 4096)) ] && "$TTEMU" trace show "$OUT/cap.ttt" 2>/dev/null \
   | grep -q 'end: .*exit status 85'; then
  echo "PASS badinput:trace-max-file ($cap bytes, ends with its end record)"
else
  echo "FAIL badinput:trace-max-file: $cap bytes"; fails=$((fails + 1))
fi
for bad in "--pattern 99999999999999999999" "--repeat 99999999999" "--repeat 0"; do
  "$TTEMU" model run tinytracker $bad >/dev/null 2>"$OUT/model-num.err"; rc=$?
  if [ $rc -eq 64 ] && [ "$(wc -l <"$OUT/model-num.err")" -eq 1 ]; then
    echo "PASS badinput:model-run-number ($bad)"
  else
    echo "FAIL badinput:model-run-number ($bad): status $rc"; fails=$((fails + 1))
  fi
done
[ $fails -eq 0 ]
