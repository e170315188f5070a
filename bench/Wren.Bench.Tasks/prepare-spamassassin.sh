#!/usr/bin/env bash
# Lays the SpamAssassin public corpus out as an organization's mail would be: one .eml file per message in a
# folder per mailbox, ham/ (easy-ham-1, easy-ham-2, hard-ham-1) and spam/ (spam-1, spam-2). The corpus stores each
# message as NNNNN.<md5>.txt starting with an mbox "From " envelope line; an .eml file starts with its headers, so
# that line is dropped (as samples/SampleGenerator does). Everything else is byte for byte the corpus (awk ends
# the few files that lacked one with a line break).
#
#   bench/Wren.Bench.Tasks/prepare-spamassassin.sh OUT_DIR      # after scripts/get-corpora.sh
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${WREN_CORPORA:-$repo_root/.cache/corpora}/spam-assassin/data"
out="${1:?usage: prepare-spamassassin.sh OUT_DIR}"
[[ -d "$corpus" ]] || { echo "no corpus at $corpus: run scripts/get-corpora.sh first" >&2; exit 1; }
mkdir -p "$out/ham" "$out/spam"
for group in easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2; do
  case "$group" in spam-*) box=spam ;; *) box=ham ;; esac
  # One awk for the whole group: each message minus a first line that is an mbox envelope.
  find "$corpus/$group" -name '*.txt' -print0 | sort -z | xargs -0 awk -v out="$out/$box" -v group="$group" '
    FNR == 1 { if (target) close(target); n = FILENAME; sub(/.*\//, "", n); sub(/\..*/, "", n); target = out "/" group "-" n ".eml"; printf "" > target; if ($0 ~ /^From /) next }
    { print > target }'
done
echo "ham:  $(ls "$out/ham" | wc -l) messages in $out/ham"
echo "spam: $(ls "$out/spam" | wc -l) messages in $out/spam"
