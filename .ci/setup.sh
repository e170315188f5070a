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

# --- python3 (standard library only): the torchrun handoff's train.py dry run is tested
# (TorchrunHandoffTests); torch and transformers are not needed for it.
command -v python3 >/dev/null 2>&1 || apt_install python3
