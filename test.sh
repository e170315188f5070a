#!/usr/bin/env bash
# The test command. Makes this machine ready for the whole suite, then runs it:
#   ./test.sh                     set up what is missing, then dotnet test Wren.slnx
#   ./test.sh --setup-only        only the set-up
#   ./test.sh --filter Name~Chat  anything else is passed to dotnet test
#
# What the suite needs beside the .NET SDK: the node peers (npm ci in tests/peers/*), Debian's Chromium
# (report and chat page in a real browser), PostgreSQL on loopback (the SQL source), a one-node Slurm
# cluster (curation's --executor slurm), python3 (the torchrun hand-off's dry run), curl, and the C toolchains that
# NativeAOT links wren-run and libwren with (cc; clang and gcc-aarch64-linux-gnu for the linux-arm64 cross-build). Each piece is
# checked first, cheaply, so a machine that has everything spends about a second here. As root, a missing
# piece is installed (Debian packages) and started; otherwise it is named with the command that fixes it.
#
# The run fails when any test fails or is skipped: a skipped test checked nothing, so a green run means
# every test ran.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

setup_only=0
if [ "${1:-}" = "--setup-only" ]; then setup_only=1; shift; fi

is_root=0
[ "$(id -u)" = 0 ] && is_root=1
missing=()
note_missing() { missing+=("$1"); printf 'test.sh: missing: %s\n' "$1" >&2; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  echo "test.sh: installing $* (apt-get)"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# Installs a Debian package as root; otherwise names it as missing with what it is for.
need_package() { # command package what-for
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$is_root" = 1 ]; then apt_install "$2"; else note_missing "$1 ($3): run ./test.sh as root, or: sudo apt-get install $2"; return 1; fi
}

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK (dotnet) is not on PATH: https://dot.net/download" >&2; exit 1; }

# --- node peers: HF tokenizers, tiktoken and @huggingface/jinja, the references the tokenizer and chat
# template tests compare with. npm ci runs only when package-lock.json changed since the last install.
if need_package node nodejs "the tokenizer and Jinja peer tests" && need_package npm npm "installing the node peers"; then
  for lock in tests/peers/*/package-lock.json; do
    peer=$(dirname "$lock")
    stamp="$peer/node_modules/.wren-installed"
    want=$(sha256sum "$lock" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      echo "test.sh: npm ci in $peer"
      (cd "$peer" && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error)) >/dev/null
      echo "$want" > "$stamp"
    fi
  done
fi

# --- Chromium (the curation report and the chat page are checked in headless Chromium), curl (the HTTP
# API is also checked with curl), python3 (standard library only: the torchrun hand-off's train.py dry run).
[ -x /usr/bin/chromium ] || need_package chromium chromium "the browser tests (curation report, chat page)" || true
need_package curl curl "the HTTP API checked with curl" || true
need_package python3 python3 "the torchrun hand-off's dry run" || true

# --- PostgreSQL (PostgresSqlSourceTests): Debian's server on loopback with the role and database the test
# uses by default, Host=127.0.0.1;Username=wren;Password=wren;Database=wren (WREN_TEST_POSTGRES overrides it).
postgres_ready() { PGPASSWORD=wren PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -U wren -d wren -tAc 'SELECT 1' 2>/dev/null | grep -q 1; }
setup_postgres() {
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || apt_install postgresql
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || pg_createcluster "$version" main >/dev/null
  pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'wren'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE wren LOGIN PASSWORD 'wren'\""
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'wren'\"" | grep -q 1 \
    || su postgres -c "createdb -O wren wren"
  postgres_ready
}
if [ -z "${WREN_TEST_POSTGRES:-}" ] && ! postgres_ready; then
  if [ "$is_root" = 1 ]; then echo "test.sh: starting PostgreSQL"; setup_postgres
  else note_missing "PostgreSQL on 127.0.0.1 with role/database wren (password wren): run ./test.sh as root, or set WREN_TEST_POSTGRES to a connection string"; fi
fi

# --- Slurm (SlurmExecutorTests): a one-node cluster on localhost from Debian's slurm-wlm: munged, then
# slurmctld and slurmd as root, one partition "debug" holding this machine. Jobs run as the submitting user.
slurm_ready() { sinfo -h -N -o '%T' 2>/dev/null | grep -E '^(idle|mixed|allocated)' >/dev/null; }
setup_slurm() {
  command -v slurmctld >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 || apt_install slurm-wlm munge
  install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
  install -d -o munge -g munge -m 0755 /run/munge
  [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    su -s /bin/sh munge -c /usr/sbin/munged
    for _ in $(seq 1 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  munge -n | unmunge | grep 'STATUS: *Success' >/dev/null
  local host cpus mem conf changed=0
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 9 / 10 ))
  install -d /etc/slurm /var/spool/slurmd /var/spool/slurmctld /var/log/slurm
  conf=$(mktemp)
  cat > "$conf" <<CONF
# Written by test.sh: a one-node cluster for Wren's tests.
ClusterName=wren
SlurmctldHost=$host
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
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  if ! cmp -s "$conf" /etc/slurm/slurm.conf; then install -m 0644 "$conf" /etc/slurm/slurm.conf; changed=1; fi
  rm -f "$conf"
  running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
  if [ "$changed" = 1 ]; then
    # A new configuration: restart whatever runs with the old one.
    for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
      if running "$pidfile"; then kill "$(cat "$pidfile")"; sleep 1; fi
    done
  fi
  running /run/slurmctld.pid || /usr/sbin/slurmctld
  running /run/slurmd.pid || /usr/sbin/slurmd
  for _ in $(seq 1 60); do slurm_ready && break; sleep 1; done
  if ! slurm_ready; then
    # A node left down or drained by an earlier unclean stop comes back here.
    scontrol update NodeName="$host" State=RESUME || true
    sleep 2
  fi
  slurm_ready
}
if ! slurm_ready; then
  if [ "$is_root" = 1 ]; then echo "test.sh: starting a one-node Slurm cluster"; setup_slurm
  else note_missing "a Slurm cluster answering sinfo with an idle node: run ./test.sh as root (installs slurm-wlm and munge, starts them on localhost)"; fi
fi

# --- qemu-user and the arm64 C/C++ runtime: the linux-arm64 builds of the runtime suite and of wren run
# under emulation (scripts/arm64-qemu.sh), so the 128-bit (AdvSimd, SDOT) kernel paths are tested here too.
arm64_ready() { command -v qemu-aarch64-static >/dev/null 2>&1 && [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; }
if ! arm64_ready; then
  if [ "$is_root" = 1 ]; then apt_install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
  else note_missing "qemu-aarch64-static and the arm64 C runtime (the linux-arm64 tests): run ./test.sh as root, or: sudo apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross"; fi
fi

# --- The NativeAOT builds of wren-run and libwren (scripts/wren-run.sh): ILC links with the C toolchain (cc), the
# linux-arm64 ones are cross-compiled (clang for --target=aarch64-linux-gnu, the GNU arm64 toolchain's libc, crt files and
# objcopy); the tests compile the C example with cc and aarch64-linux-gnu-gcc.
have_clang() { command -v clang >/dev/null 2>&1 || compgen -c clang- | grep -qE '^clang-[0-9]+$'; }
wren_run_ready() { command -v cc >/dev/null 2>&1 && have_clang && command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && [ -e /usr/aarch64-linux-gnu/lib/crt1.o ]; }
if ! wren_run_ready; then
  if [ "$is_root" = 1 ]; then apt_install gcc clang gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  else note_missing "cc, clang and the arm64 cross toolchain (wren-run and libwren, NativeAOT): run ./test.sh as root, or: sudo apt-get install gcc clang gcc-aarch64-linux-gnu libc6-dev-arm64-cross"; fi
fi

if [ "$setup_only" = 1 ]; then
  [ ${#missing[@]} = 0 ] || exit 1
  exit 0
fi

log=$(mktemp)
results=$(mktemp -d)
arm64_log=$(mktemp)
arm64_pid=
trap 'rm -rf "$log" "$results" "$arm64_log"; [ -z "$arm64_pid" ] || kill -- -"$arm64_pid" 2>/dev/null || true' EXIT
# The linux-arm64 runtime suite: published self-contained first (its build shares obj folders with the linux-arm64
# NativeAOT publish below, so not at the same time), then run under qemu in the background, beside the NativeAOT
# publishes and the main suite: emulation is one busy thread for minutes, and the main suite leaves a core idle much
# of its time (the processes, servers and browsers it waits on). Time-boxed: emulation is tens of times slower than
# native. A filtered run (arguments given) leaves it out.
arm64_status=0
if arm64_ready && [ $# = 0 ]; then
  echo "test.sh: publishing the linux-arm64 runtime suite (scripts/arm64-qemu.sh publish)"
  started=$SECONDS
  bash scripts/arm64-qemu.sh publish || arm64_status=$?
  echo "test.sh: its publish took $((SECONDS - started)) s"
  if [ "$arm64_status" = 0 ]; then
    echo "test.sh: running it under qemu in the background (scripts/arm64-qemu.sh run); its output follows the main suite's"
    # timeout leads its own process group, so the trap above stops the whole emulated suite when test.sh ends early.
    timeout "${WREN_ARM64_TIMEOUT:-900}" bash scripts/arm64-qemu.sh run > "$arm64_log" 2>&1 &
    arm64_pid=$!
  fi
fi
# wren-run and libwren, NativeAOT, for linux-x64 and linux-arm64 (WrenRunTests, WrenRunServeTests and LibWrenTests compare
# them with wren; their linux-arm64 builds run under qemu there).
wren_run_status=0
if wren_run_ready; then
  echo "test.sh: publishing wren-run and libwren, NativeAOT (scripts/wren-run.sh)"
  started=$SECONDS
  bash scripts/wren-run.sh || wren_run_status=$?
  echo "test.sh: the NativeAOT builds took $((SECONDS - started)) s"
  export WREN_RUN_DIR="$PWD/${WREN_RUN_OUT:-.cache/wren-run}"
fi
set +e
dotnet test Wren.slnx --logger trx --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ -n "$arm64_pid" ]; then
  wait "$arm64_pid"
  arm64_status=$?
  arm64_pid=
  tee -a "$log" < "$arm64_log"
  [ "$arm64_status" = 124 ] && echo "test.sh: the linux-arm64 runtime suite under qemu ran past ${WREN_ARM64_TIMEOUT:-900} s" >&2
fi
[ "$arm64_status" != 0 ] && [ "$status" = 0 ] && status=$arm64_status
[ "$wren_run_status" != 0 ] && [ "$status" = 0 ] && status=$wren_run_status
set -e
# The console names skipped tests without their reasons; the TRX files hold them.
awk '/<UnitTestResult / && /outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
  want && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); gsub(/&quot;/, "\""); gsub(/&apos;/, "'"'"'"); gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&amp;/, "\\&")
    print "  skipped " name ": " $0; want = 0 }' "$results"/*.trx 2>/dev/null || true
# One closing line over every assembly: "tests: N passed, N failed, N skipped".
read -r passed failed skipped < <(awk '/(Passed|Failed|Skipped)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  /^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ { p += $1; f += $3; s += $5 }
  END { printf "%d %d %d\n", p, f, s }' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ ${#missing[@]} -gt 0 ]; then
  printf 'test.sh: this machine lacks what some tests need:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
fi
if [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped test(s) skipped (reasons above): a skipped test checked nothing, so the run fails" >&2
  [ "$status" = 0 ] && status=1
fi
if [ "$passed" = 0 ] && [ "$status" = 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
exit "$status"
