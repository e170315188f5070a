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
fi
# --- server: the chat page test drives Debian's Chromium through Microsoft.Playwright (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y chromium
fi
