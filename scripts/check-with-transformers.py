#!/usr/bin/env python3
"""Checks Wren's outputs with the Python reference stack (torch, transformers, peft).

Wren itself needs no Python; this script is for a machine that has it (a GPU box that runs the
train.py of `wren handoff torchrun`), to confirm that what Wren writes loads and computes the same there.

  # greedy tokens of a Wren model folder in transformers vs `wren generate --greedy --json`
  wren generate --model M --prompt "Hello" --greedy --max-tokens 16 --json > expected.json
  python3 check-with-transformers.py greedy M "Hello" expected.json

  # a LoRA adapter from `wren finetune` loaded by PEFT vs the model `wren merge` wrote
  python3 check-with-transformers.py peft BASE ADAPTER MERGED "What is Wren?"

Exits 1 on a mismatch.
"""
import json
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def load(folder):
    return AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()


def greedy(folder, prompt, expected_file):
    expected = json.load(open(expected_file))["ids"]
    tok = AutoTokenizer.from_pretrained(folder)
    enc = tok(prompt, return_tensors="pt")
    n = len(expected)
    out = load(folder).generate(**enc, do_sample=False, max_new_tokens=n, min_new_tokens=n,
                                pad_token_id=tok.eos_token_id)
    ids = out[0, enc["input_ids"].shape[1]:].tolist()
    print(f"{folder}: transformers {ids}\n{' ' * len(folder)}  wren         {expected}")
    return ids == expected


def lora(base, adapter, merged, user_message):
    from peft import PeftModel
    tok = AutoTokenizer.from_pretrained(base)
    text = tok.apply_chat_template([{"role": "user", "content": user_message}], tokenize=False,
                                   add_generation_prompt=True)
    enc = tok(text, return_tensors="pt", add_special_tokens=False)
    model = PeftModel.from_pretrained(load(base), adapter).eval()
    with torch.no_grad():
        adapted = model(**enc).logits
        folded = load(merged)(**enc).logits
        with model.disable_adapter():
            plain = model(**enc).logits
    diff = (adapted - folded).abs().max().item()
    effect = (adapted - plain).abs().max().item()
    print(f"PEFT(base + adapter) vs merged: max |logit diff| {diff:.2e}; the adapter moves logits by up to {effect:.3f}")
    return diff < 1e-4 and effect > 1e-3


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "greedy":
        ok = greedy(*sys.argv[2:])
    elif len(sys.argv) == 6 and sys.argv[1] == "peft":
        ok = lora(*sys.argv[2:])
    else:
        sys.exit(__doc__)
    print("identical" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
