#!/usr/bin/env bash
# Determinism (issue 17): on every board, the board test firmware gives a
# byte-identical report (JSON) and trace (events and instructions) on two
# runs of this build's ttemu, and on a run of the same sources built at -O0
# (BUILD/o0/ttemu, made by mk/determinism.mk): no host state, uninitialised
# memory or optimisation-dependent arithmetic reaches the results.
#
#   bash tests/suites/36-determinism.sh BUILD_DIR
set -u
BUILD=${1:-build}
T=$(pwd)
TTEMU=$T/$BUILD/ttemu
TTEMU_O0=$T/$BUILD/o0/ttemu
OUT=$T/$BUILD/test-out/36-determinism
rm -rf "$OUT"; mkdir -p "$OUT"; cd "$OUT" || exit 1
fails=0
if [ ! -x "$TTEMU_O0" ]; then
  echo "FAIL determinism: $TTEMU_O0 not built (make check builds it)"; exit 1
fi
for b in spresense coralmicro coralusb imx500 mps2-an386 mps2-an500; do
  fw=$T/$BUILD/firmware/boards/$b/boardtest.elf
  if [ ! -f "$fw" ]; then echo "FAIL determinism-$b: $fw not built"; fails=$((fails + 1)); continue; fi
  for v in a b o0; do
    bin=$TTEMU; [ $v = o0 ] && bin=$TTEMU_O0
    mkdir -p $v
    # the same relative paths in every run: they are recorded in report and trace
    (cd $v && cp "$fw" fw.elf && "$bin" run --quiet --board $b --report r.json --trace t.ttt --trace-insn \
        fw.elf >out.txt 2>err.txt; echo $? >rc.txt)
    for f in r.json t.ttt out.txt rc.txt; do mv $v/$f $v/$b.$f; done
  done
  same=1; why=
  for f in r.json t.ttt out.txt rc.txt; do
    cmp -s a/$b.$f b/$b.$f || { same=0; why="$why $f(run 2)"; }
    cmp -s a/$b.$f o0/$b.$f || { same=0; why="$why $f(-O0)"; }
  done
  if [ $same = 1 ] && [ -s a/$b.t.ttt ] && [ "$(cat a/$b.rc.txt)" = 0 ]; then
    echo "PASS determinism-$b ($(stat -c %s a/$b.t.ttt) trace bytes, report $(stat -c %s a/$b.r.json) bytes)"
  else
    echo "FAIL determinism-$b: differs:$why (rc $(cat a/$b.rc.txt))"; fails=$((fails + 1))
  fi
  rm -f a/$b.t.ttt b/$b.t.ttt o0/$b.t.ttt
done
[ $fails -eq 0 ]
