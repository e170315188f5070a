#!/usr/bin/env bash
# Installs and starts what the test suite needs. Idempotent: safe to run on a machine that has it.
set -euo pipefail
cd "$(dirname "$0")/.."
# (services and packages are added here as the stages that need them land)

# Chat-template tests compare Wren's Jinja engine with @huggingface/jinja (transformers.js) under node.
if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
(cd tests/peers/jinja && npm ci --no-audit --no-fund)
# --- tokenizer: Hugging Face tokenizers (Rust, via napi) and tiktoken in node, the reference the
# tokenizer tests compare ids against (tests/peers/tokenizers) and the benchmark's peers.
if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
if [ ! -d tests/peers/tokenizers/node_modules/@anush008/tokenizers ] || [ ! -d tests/peers/tokenizers/node_modules/tiktoken ]; then
  (cd tests/peers/tokenizers && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund))
# --- PostgreSQL (ingestion: Wren.Data.Tests PostgresSqlSourceTests) -------------------------------
# Debian's server on loopback with a role and database the test knows by default:
# Host=127.0.0.1;Username=wren;Password=wren;Database=wren (override with WREN_TEST_POSTGRES).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi
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
# Curation report test: headless Chromium renders report.html (tests/Wren.Data.Tests/Curation/HtmlReportTests.cs).
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
