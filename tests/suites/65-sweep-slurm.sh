#!/usr/bin/env bash
# A sweep as a Slurm job array (docs/sweep.md): a single-node cluster on
# loopback (tests/slurm/cluster.sh: munge, slurmctld, slurmd, started and
# stopped here) runs the four-board sweep from `ttemu sweep slurm`; its
# merged table is byte-identical to the one GNU parallel's run gives.
set -u
BUILD=${1:-build}
T=$(cd "$(dirname "$0")/../.." && pwd)
TTEMU="$T/$BUILD/ttemu"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
[ -x "$TTEMU" ] || { echo "FAIL sweep-slurm: $TTEMU not built"; exit 1; }
boards=""
for b in spresense coralmicro imx500 coralusb; do
  [ -f "$T/$BUILD/firmware/boards/$b/boardtest.elf" ] && boards="$boards${boards:+, }$b"
done
[ -n "$boards" ] || { echo "SKIP sweep-slurm: no board test firmware (make firmware)"; exit 0; }
tmp=$(mktemp -d)
cluster="$tmp/cluster"
cleanup() { bash "$T/tests/slurm/cluster.sh" stop "$cluster" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
out=$(bash "$T/tests/slurm/cluster.sh" start "$cluster" 2>&1); rc=$?
if [ $rc -eq 2 ]; then
  echo "SKIP sweep-slurm: $out (Debian's slurm-wlm and munge; scripts/install-deps.sh installs them)"
  exit 0
elif [ $rc -ne 0 ]; then
  echo "FAIL sweep-slurm-cluster: $out"
  tail -5 "$cluster"/log/*.log 2>/dev/null
  exit 1
fi
pass sweep-slurm-cluster
export "$out"   # SLURM_CONF=...
export PATH=$PATH:/usr/sbin
cd "$tmp" || exit 1
for engine in local slurm; do
  cat > $engine.yaml <<YAML
name: four-boards-$engine
firmware: $T/$BUILD/firmware/boards/{board}/boardtest.elf
out: $tmp/$engine
axes:
  board: [$boards]
YAML
done
"$TTEMU" sweep run local.yaml -j 2 >/dev/null 2>local.err || fail sweep-slurm-local "$(tail -2 local.err)"
"$TTEMU" sweep slurm slurm.yaml >slurm.out 2>&1 || fail sweep-slurm-script "$(cat slurm.out)"
if timeout 120 sbatch --wait --quiet "$tmp/slurm/sweep.sbatch" >sbatch.out 2>&1; then
  pass sweep-slurm-array
else
  fail sweep-slurm-array "$(tail -3 sbatch.out)"
fi
"$TTEMU" sweep merge "$tmp/slurm" 2>merge.err || fail sweep-slurm-merge "$(cat merge.err)"
# The tables name their own jobs only: the same rows whichever engine ran them.
if cmp -s local/table.json slurm/table.json && cmp -s local/table.csv slurm/table.csv; then
  pass sweep-slurm-identical-table
else
  fail sweep-slurm-identical-table "$(diff local/table.csv slurm/table.csv | head -5)"
fi
[ $fails -eq 0 ]
