#!/usr/bin/env bash
# Installs and starts what the test suite needs. Idempotent: safe to run on a machine that has it.
set -euo pipefail
cd "$(dirname "$0")/.."
# (services and packages are added here as the stages that need them land)
