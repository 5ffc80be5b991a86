#!/usr/bin/env bash
# A real single-node Slurm on this machine: installs Debian's slurm-wlm and munge where missing
# (apt, as root), writes a slurm.conf for this host (its real hostname and CPU count,
# proctrack/linuxproc, task/none, SlurmUser=root) in a temporary folder, starts its own munged,
# slurmctld and slurmd (own socket, ports and state, so nothing of the machine's is touched),
# submits deploy/slurm/sweep.sbatch as a 2-task array with `sbatch --wait`, merges, and checks that
# summary.csv and quantiles.csv equal the one-process sweep's byte for byte. The daemons it
# started are stopped on exit, whatever happens. Run from anywhere; needs `npm ci` done (dist/).
# Exit 0 when equal, 1 otherwise. Usage: test/cluster/slurm.sh [work-dir]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

need=()
command -v slurmctld >/dev/null || need+=(slurm-wlm)
command -v munged >/dev/null || need+=(munge)
if [ "${#need[@]}" -gt 0 ]; then
  echo "slurm.sh: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

t=${1:-$(mktemp -d /tmp/taosim-slurm-XXXXXX)}
mkdir -p "$t"/state "$t"/spool "$t"/munge
host=$(hostname -s)
cpus=$(nproc)
base=$((20000 + ($$ % 2000) * 2))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

# munge: our own key, socket and daemon
dd if=/dev/urandom of="$t/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$t/munge"
chmod 400 "$t/munge/munge.key"
munged --foreground --force --socket="$t/munge/munge.sock" --key-file="$t/munge/munge.key" \
  --pid-file="$t/munge/munged.pid" --log-file="$t/munge/munged.log" --seed-file="$t/munge/munge.seed" 2>"$t/munged.stderr" &
pids+=($!)
for _ in $(seq 100); do [ -S "$t/munge/munge.sock" ] && break; sleep 0.1; done

cat >"$t/slurm.conf" <<CONF
ClusterName=taosimtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$t/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$t/state
SlurmdSpoolDir=$t/spool
SlurmctldPidFile=$t/slurmctld.pid
SlurmdPidFile=$t/slurmd.pid
SlurmctldLogFile=$t/slurmctld.log
SlurmdLogFile=$t/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$t/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" 2>"$t/slurmctld.stderr" &
pids+=($!)
slurmd -D -f "$SLURM_CONF" 2>"$t/slurmd.stderr" &
pids+=($!)
for i in $(seq 300); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" = 300 ] && { echo "slurm.sh: the node did not come up (state: $state)" >&2; tail -20 "$t"/slurmctld.log "$t"/slurmd.log >&2; exit 1; }
  sleep 0.2
done
printf '%s\n' "${pids[@]}" >"$t/daemons.pids"
echo "slurm.sh: single-node Slurm up on $host ($cpus CPUs) in $t" >&2

flags=(--seeds 1..2 --set network.tao_weight=0.1,0.18 --epochs 2)
env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX node dist/src/cli/main.js sweep scenarios/baseline.yaml --out "$t/one" --no-progress "${flags[@]}" 2>"$t/one.log"
sbatch --wait --array=0-1 --output="$t/task-%A_%a.out" deploy/slurm/sweep.sbatch scenarios/baseline.yaml "$t/sharded" "${flags[@]}"
node dist/src/cli/main.js merge "$t/sharded"
grep -h "from SLURM_ARRAY_TASK_ID" "$t"/task-*.out >&2
[ "$(grep -l "shard [01]/2 from SLURM_ARRAY_TASK_ID" "$t"/task-*.out | wc -l)" = 2 ] || { echo "slurm.sh: the two array tasks did not each take a shard" >&2; exit 1; }
for f in summary.csv quantiles.csv; do
  cmp "$t/one/$f" "$t/sharded/$f" || { echo "slurm.sh: $f differs between the one-process sweep and the Slurm array" >&2; exit 1; }
done
echo "slurm.sh: summary.csv and quantiles.csv of the Slurm array equal the one-process sweep's" >&2
