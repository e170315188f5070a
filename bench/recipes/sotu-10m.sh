#!/usr/bin/env bash
# Recipe: pretrain the ~10M-parameter preset ("small": C 288, L 8, 6 heads) on the full State of the Union
# corpus with a 4,096-token byte-level BPE, for a fixed wall time, then print the validation loss curve and a few
# generations. Every step is a `wren` verb, so this is also what a user would type.
#
#   bench/recipes/sotu-10m.sh                 # 10 minutes of training
#   bench/recipes/sotu-10m.sh 2m              # any --time duration: 90s, 30m, 1h
#   WREN_RECIPE_DIR=/tmp/sotu bench/recipes/sotu-10m.sh 10m
#   THREADS=2 BATCH=8 SEQ=256 bench/recipes/sotu-10m.sh
#
# Outputs under $WREN_RECIPE_DIR (default .cache/recipes/sotu-10m): tokenizer/, tokens/, run/ (metrics.jsonl,
# loss.png, samples.jsonl, checkpoints, model/). The tokenizer and tokens are reused when present; the run is not.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
time_limit="${1:-10m}"
work="${WREN_RECIPE_DIR:-$repo_root/.cache/recipes/sotu-10m}"
threads="${THREADS:-$(nproc)}"
batch="${BATCH:-8}"
seq="${SEQ:-256}"
mkdir -p "$work"
cd "$repo_root"

echo "== corpus"
corpus="$(scripts/get-corpora.sh | awk '$1 == "sotu" { print $2 }')"
docs=("$corpus"/*.txt)
echo "SOTU: ${#docs[@]} addresses, $(cat "${docs[@]}" | wc -c) bytes in $corpus"

echo "== build (Release)"
dotnet build src/Wren.Cli -c Release -o "$work/bin" --nologo -v quiet | tail -n 2
wren=(dotnet "$work/bin/wren.dll")

if [[ ! -f "$work/tokenizer/tokenizer.json" ]]; then
  echo "== tokenizer (4,096 tokens)"
  /usr/bin/time -f "tokenizer: %e s, %M KiB peak" "${wren[@]}" tokenizer train "${docs[@]}" --vocab 4096 --out "$work/tokenizer"
fi

if ! compgen -G "$work/tokens/train_*.bin" >/dev/null; then
  echo "== tokens (5% of the addresses held out for validation)"
  /usr/bin/time -f "tokenize: %e s" "${wren[@]}" tokenize "${docs[@]}" --tokenizer "$work/tokenizer" --out "$work/tokens" --val-fraction 0.05
fi

echo "== train: small preset, $time_limit, B $batch x T $seq, $threads threads (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
rm -rf "$work/run"
/usr/bin/time -f "train: %e s wall, %U s user, %M KiB peak" \
  "${wren[@]}" train --data "$work/tokens" --tokenizer "$work/tokenizer" --model-config small --out "$work/run" \
  --time "$time_limit" --batch "$batch" --seq "$seq" --lr 3e-3 --eval-every 25 --eval-batches 8 --checkpoint-every 100000 \
  --threads "$threads" --sample-every 100 --sample-prompt "Fellow citizens of the Senate and House of Representatives:" --sample-tokens 40 \
  > "$work/train.log" 2>&1 || { tail -n 20 "$work/train.log"; exit 1; }
# The console log wraps at the terminal width; the figures below come from the run's JSONL files instead.
tail -n 12 "$work/train.log"
echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg); full log: $work/train.log)"

echo "== validation loss curve (step, train loss, val loss, tokens/s)"
grep '"val_loss"' "$work/run/metrics.jsonl" \
  | sed -E 's/.*"step":([0-9]+),"train_loss":([0-9.eE+-]+),.*"tokens_per_s":([0-9.]+).*"val_loss":([0-9.eE+-]+).*/\1 \2 \4 \3/' \
  | awk '{ printf "%6d  train %.4f  val %.4f  %8.0f tok/s\n", $1, $2, $3, $4 }'

echo "== samples during training (greedy, from the weights at that step)"
sed -E 's/^\{"step":([0-9]+),"prompt":"(.*)","text":"(.*)","tokens":[0-9]+\}$/step \1: \2\3/' "$work/run/samples.jsonl"

echo "== generations from $work/run/model (seeded, temperature 0.8)"
for prompt in "The state of the Union is" "I recommend to the Congress" "Our foreign relations"; do
  echo "--- $prompt"
  "${wren[@]}" generate --model "$work/run/model" --prompt "$prompt" --max-tokens 48 --seed 1 --threads "$threads" 2>/dev/null
  echo
done
