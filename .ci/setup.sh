#!/usr/bin/env bash
# Installs and starts what the test suite needs on a fresh Debian 12 machine. Idempotent: safe to
# run again on a machine that already has everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- node: the peers that tests compare against run in node (HF tokenizers, tiktoken, @huggingface/jinja).
command -v node >/dev/null 2>&1 || apt_install nodejs npm
(cd tests/peers/jinja && npm ci --no-audit --no-fund)
if [ ! -d tests/peers/tokenizers/node_modules/@anush008/tokenizers ] || [ ! -d tests/peers/tokenizers/node_modules/tiktoken ]; then
  (cd tests/peers/tokenizers && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund))
fi

# --- Chromium: the curation report and the chat page are checked in headless Chromium.
command -v chromium >/dev/null 2>&1 || apt_install chromium

# --- PostgreSQL (ingestion: PostgresSqlSourceTests). Debian's server on loopback with a role and
# database the test knows by default: Host=127.0.0.1;Username=wren;Password=wren;Database=wren
# (override with WREN_TEST_POSTGRES).
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || apt_install postgresql
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version main"; then
  pg_createcluster "$pg_version" main
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  pg_ctlcluster "$pg_version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -h 127.0.0.1
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'wren'\"" | grep -q 1; then
  su postgres -c "psql -c \"CREATE ROLE wren LOGIN PASSWORD 'wren'\""
fi
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'wren'\"" | grep -q 1; then
  su postgres -c "createdb -O wren wren"
fi

# --- Slurm (curation's --executor slurm: SlurmExecutorTests). A one-node cluster on localhost from
# Debian's slurm-wlm: munged, then slurmctld and slurmd as root, one partition "debug" holding this
# machine. Jobs run as the submitting user in the shared folder (here: the local disk).
command -v slurmctld >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 || apt_install slurm-wlm munge
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  su -s /bin/sh munge -c /usr/sbin/munged
  for _ in $(seq 1 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
fi
munge -n | unmunge | grep 'STATUS: *Success' >/dev/null
slurm_host=$(hostname -s)
slurm_cpus=$(nproc)
slurm_mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 9 / 10 ))
install -d /etc/slurm /var/spool/slurmd /var/spool/slurmctld /var/log/slurm
slurm_conf=$(mktemp)
cat > "$slurm_conf" <<CONF
# Written by .ci/setup.sh: a one-node cluster for Wren's tests.
ClusterName=wren
SlurmctldHost=$slurm_host
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmUser=root
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$slurm_host CPUs=$slurm_cpus RealMemory=$slurm_mem State=UNKNOWN
PartitionName=debug Nodes=$slurm_host Default=YES MaxTime=INFINITE State=UP
CONF
slurm_changed=0
if ! cmp -s "$slurm_conf" /etc/slurm/slurm.conf; then
  install -m 0644 "$slurm_conf" /etc/slurm/slurm.conf
  slurm_changed=1
fi
rm -f "$slurm_conf"
slurm_running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if [ "$slurm_changed" = 1 ]; then
  # A new configuration: restart whatever runs with the old one.
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if slurm_running "$pidfile"; then kill "$(cat "$pidfile")"; sleep 1; fi
  done
fi
slurm_running /run/slurmctld.pid || /usr/sbin/slurmctld
slurm_running /run/slurmd.pid || /usr/sbin/slurmd
for _ in $(seq 1 60); do
  sinfo -h -N -o '%T' 2>/dev/null | grep -E '^(idle|mixed|allocated)' >/dev/null && break
  sleep 1
done
if ! sinfo -h -N -o '%T' | grep -E '^(idle|mixed|allocated)' >/dev/null; then
  # A node left down or drained by an earlier unclean stop comes back here.
  scontrol update NodeName="$slurm_host" State=RESUME || true
  sleep 2
fi
# grep without -q reads to the end, so pipefail never sees a SIGPIPE'd writer.
sinfo -h -N -o '%N %T' | grep -E ' (idle|mixed|allocated)$' >/dev/null
# --- python3 (standard library only): the torchrun handoff's train.py dry run is tested
# (TorchrunHandoffTests); torch and transformers are not needed for it.
command -v python3 >/dev/null 2>&1 || apt_install python3
# --- qemu-user and the arm64 C/C++ runtime: scripts/arm64-qemu.sh runs the linux-arm64 build of the runtime tests
# and of wren under emulation, so the 128-bit AdvSimd/SDOT kernels are checked on this x64 machine.
command -v qemu-aarch64-static >/dev/null 2>&1 && [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] \
  || apt_install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
