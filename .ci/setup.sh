#!/usr/bin/env bash
# Installs and starts what the test suite needs. Idempotent: safe to run on a machine that has it.
set -euo pipefail
cd "$(dirname "$0")/.."
# (services and packages are added here as the stages that need them land)

# Curation report test: headless Chromium renders report.html (tests/Wren.Data.Tests/Curation/HtmlReportTests.cs).
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
