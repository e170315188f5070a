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
