#!/usr/bin/env python3
"""Fine-tunes a Hugging Face causal LM on the examples Wren prepared (written by `wren handoff finetune`).

Wren has already applied the base model's chat template and tokenized each conversation, so the loss mask is
exactly `wren finetune`'s: data/train.jsonl holds one {"input_ids": [...], "labels": [...]} per conversation, with
label -100 on every token the model is not trained to predict (system and user turns, template markup).
Because the mask is made here, the script needs no chat-template code and no TRL: transformers' Trainer runs the
loop (DDP under torchrun, gradient accumulation, bf16, checkpoints) and PEFT adds the adapters.

Methods:
  lora   LoRA adapters on the base weights in bf16 (PEFT);
  qlora  LoRA on the base quantized to 4-bit NF4 with double quantization (bitsandbytes; QLoRA, Dettmers et al. 2023);
  full   every weight trained.

The result goes to OUT/final: a PEFT adapter (adapter_config.json + adapter_model.safetensors) for lora/qlora, a full
model folder for full. Bring it back with
  wren import --adapter OUT/final --base BASE --out MODEL      (lora, qlora)
  wren import --checkpoint OUT/final --out MODEL               (full)

Run with torchrun (launch.sh does); `python3 finetune.py ... --dry-run` checks the data and prints the plan with the
standard library only.
"""
import argparse
import json
import math
import os
import sys


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", required=True, help="base model: a Hugging Face folder or hub id")
    p.add_argument("--data", required=True, help="folder with train.jsonl (and val.jsonl) of input_ids/labels")
    p.add_argument("--out", required=True, help="output folder (checkpoints, final/)")
    p.add_argument("--method", choices=["lora", "qlora", "full"], default="lora")
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--lora-alpha", type=float, default=32)
    p.add_argument("--lora-dropout", type=float, default=0.05)
    p.add_argument("--target-modules", default="q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj")
    p.add_argument("--seq-len", type=int, default=2048, help="longer examples are cut to this many tokens")
    p.add_argument("--micro-batch", type=int, default=4, help="sequences per GPU per micro-step")
    p.add_argument("--grad-accum", type=int, default=4)
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--warmup-ratio", type=float, default=0.03)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--world-size", type=int, default=int(os.environ.get("WORLD_SIZE", "1")), help="GPUs in all (for --dry-run's plan)")
    p.add_argument("--gradient-checkpointing", action="store_true", help="trade compute for memory on long sequences")
    p.add_argument("--resume", action="store_true", help="continue from the newest checkpoint in --out")
    p.add_argument("--dry-run", action="store_true", help="check the data, print the plan and exit (standard library only)")
    return p.parse_args(argv)


def read_split(path, seq_len):
    """The examples of one split, each cut to seq_len tokens; errors name the file and line."""
    examples = []
    if not os.path.exists(path):
        return examples
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                ids, labels = row["input_ids"], row["labels"]
            except (ValueError, KeyError) as e:
                sys.exit(f"{path}:{number}: not an input_ids/labels line ({e})")
            if len(ids) != len(labels):
                sys.exit(f"{path}:{number}: {len(ids)} input_ids but {len(labels)} labels")
            ids, labels = ids[:seq_len], labels[:seq_len]
            if all(l == -100 for l in labels):
                continue  # cut before any trained token: nothing to learn from
            examples.append({"input_ids": ids, "labels": labels})
    return examples


def plan(args, train, val):
    tokens = sum(len(e["input_ids"]) for e in train)
    trained = sum(sum(1 for l in e["labels"] if l != -100) for e in train)
    per_step = args.micro_batch * args.grad_accum * args.world_size
    steps = max(1, math.ceil(len(train) * args.epochs / per_step))
    return {
        "method": args.method,
        "base": args.base,
        "train_examples": len(train),
        "val_examples": len(val),
        "train_tokens": tokens,
        "trained_tokens": trained,
        "sequences_per_step": per_step,
        "steps": steps,
        "epochs": args.epochs,
        "world_size": args.world_size,
    }


def main(argv=None):
    args = parse_args(argv)
    train = read_split(os.path.join(args.data, "train.jsonl"), args.seq_len)
    val = read_split(os.path.join(args.data, "val.jsonl"), args.seq_len)
    if not train:
        sys.exit(f"{args.data}/train.jsonl: no examples with a trained token")
    summary = plan(args, train, val)
    rank = int(os.environ.get("RANK", "0"))
    if rank == 0:
        print(json.dumps(summary, indent=2), flush=True)
    if args.dry_run:
        return 0

    import torch
    from transformers import AutoModelForCausalLM, Trainer, TrainingArguments, set_seed

    set_seed(args.seed)
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    dtype = torch.bfloat16 if bf16 else torch.float32
    load = {"torch_dtype": dtype}
    if args.method == "qlora":
        from transformers import BitsAndBytesConfig
        load["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=dtype)
        load["device_map"] = {"": local_rank}
    model = AutoModelForCausalLM.from_pretrained(args.base, **load)
    model.config.use_cache = False

    if args.method in ("lora", "qlora"):
        from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
        if args.method == "qlora":
            model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=args.gradient_checkpointing)
        config = LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=args.lora_dropout, bias="none",
                            task_type="CAUSAL_LM", target_modules=[m.strip() for m in args.target_modules.split(",") if m.strip()])
        model = get_peft_model(model, config)
        if rank == 0:
            model.print_trainable_parameters()

    pad = model.config.pad_token_id if model.config.pad_token_id is not None else 0

    def collate(batch):
        width = max(len(e["input_ids"]) for e in batch)
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        labels = torch.full((len(batch), width), -100, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for i, e in enumerate(batch):
            n = len(e["input_ids"])
            ids[i, :n] = torch.tensor(e["input_ids"])
            labels[i, :n] = torch.tensor(e["labels"])
            mask[i, :n] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}

    training = TrainingArguments(
        output_dir=args.out,
        per_device_train_batch_size=args.micro_batch,
        per_device_eval_batch_size=args.micro_batch,
        gradient_accumulation_steps=args.grad_accum,
        num_train_epochs=args.epochs,
        learning_rate=args.lr,
        lr_scheduler_type="cosine",
        warmup_ratio=args.warmup_ratio,
        weight_decay=args.weight_decay,
        bf16=bf16,
        logging_steps=10,
        eval_strategy="epoch" if val else "no",
        save_strategy="epoch",
        save_total_limit=2,
        gradient_checkpointing=args.gradient_checkpointing,
        report_to=[],
        seed=args.seed,
        remove_unused_columns=False,
        ddp_find_unused_parameters=False,
    )
    trainer = Trainer(model=model, args=training, train_dataset=train, eval_dataset=val or None, data_collator=collate)
    trainer.train(resume_from_checkpoint=True if args.resume else None)
    final = os.path.join(args.out, "final")
    if trainer.is_world_process_zero():
        # PEFT writes adapter_config.json + adapter_model.safetensors; a full run writes a model folder.
        trainer.model.save_pretrained(final, safe_serialization=True)
        if args.method == "full":
            # wren import --checkpoint needs the tokenizer beside the weights.
            from transformers import AutoTokenizer
            AutoTokenizer.from_pretrained(args.base).save_pretrained(final)
        metrics = {"train_loss": trainer.state.log_history[-1].get("train_loss")}
        if val:
            metrics.update(trainer.evaluate())
        with open(os.path.join(final, "wren_finetune.json"), "w", encoding="utf-8") as f:
            json.dump({"plan": summary, "metrics": metrics}, f, indent=2)
        print(f"saved {final}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
