#!/usr/bin/env bash
# A single-node Slurm cluster for tests, on loopback only, in a directory of
# its own (no system files touched): munge for authentication, slurmctld
# and slurmd as this user, one partition of this machine's cores.
#
#   bash tests/slurm/cluster.sh start DIR    prints the environment to use it
#   bash tests/slurm/cluster.sh stop DIR
#
# Needs Debian's slurm-wlm and munge. Exit status 2 when they are missing.
set -u
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 64; }
# The daemons leave the working directory: every path they get is absolute.
mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || { echo "cluster: cannot create $dir" >&2; exit 1; }
for b in slurmctld slurmd munged sbatch; do
  command -v $b >/dev/null || [ -x /usr/sbin/$b ] || { echo "cluster: $b not installed" >&2; exit 2; }
done
PATH=$PATH:/usr/sbin

# Stops the daemons and waits (at most 5 s, then SIGKILL) until they are gone.
stop() {
  local pids=()
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && pids+=("$(cat "$dir/$p.pid")")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 10); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.5
  done
  kill -9 "${pids[@]}" 2>/dev/null
  rm -f "$dir"/*.pid
  return 0
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
mkdir -p "$dir"/{munge,spool,state,log}
chmod 700 "$dir/munge"
user=$(id -un)
host=$(hostname -s)
cpus=$(nproc)
# Ports above 20000 picked from the directory name, so two test runs differ.
base=$((20000 + $(cksum <<<"$dir" | cut -d' ' -f1) % 20000))
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
       --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" \
  || { echo "cluster: munged did not start" >&2; exit 1; }
cat > "$dir/slurm.conf" <<CONF
ClusterName=ttemu-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF" -c 2>>"$dir/log/start.log" || { echo "cluster: slurmctld did not start (see $dir/log)" >&2; stop; exit 1; }
slurmd -f "$SLURM_CONF" -c 2>>"$dir/log/start.log" || { echo "cluster: slurmd did not start (see $dir/log)" >&2; stop; exit 1; }
for _ in $(seq 1 60); do
  sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && { echo "SLURM_CONF=$SLURM_CONF"; exit 0; }
  sleep 0.5
done
echo "cluster: the node never became idle (see $dir/log)" >&2
stop
exit 1
