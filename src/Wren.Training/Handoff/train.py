#!/usr/bin/env python3
"""Train a Wren recipe on GPUs: PyTorch DDP under torchrun, the model from Hugging Face transformers.

Written by `wren handoff torchrun`; `launch.sh` beside it passes the hyperparameters of the Wren run,
so the same recipe trains on an existing distributed engine. Nothing here is custom model code: the
architecture is the standard one named in config.json (LlamaForCausalLM or Qwen2ForCausalLM), built
with `AutoModelForCausalLM.from_config`.

What it does, and how it matches `wren train`:
  * data: llm.c token shards (`train_NNN.bin`, optional `val_NNN.bin`): a 1024-byte header of 256
    little-endian int32 (magic 20240520, version 1 = uint16 tokens / 2 = uint32, token count), then
    the tokens. The shards of a split are read as one stream cut into windows of T + 1 tokens (inputs
    and next-token targets). Without validation shards (or with fewer than one batch of them) the last
    10% of the training tokens are held out, as wren does.
  * sharding: every epoch the window order is a permutation seeded by (seed, epoch), the same on every
    rank, and rank r takes positions r, r + world, r + 2 world, ... (torch's DistributedSampler).
  * optimizer: AdamW (betas, eps, weight decay from the run) with decay on matrices only (norms and
    biases are not decayed), gradients clipped to a global norm, linear warmup then cosine decay to
    min_lr_ratio x lr, exactly wren's schedule: lr(s) = lr (s + 1) / warmup for s < warmup.
  * precision: bfloat16 autocast with float32 master weights and float32 optimizer state.
  * checkpoints: OUT/checkpoint-NNNNNNNN/ is a complete Hugging Face model folder (save_pretrained, in
    --save-dtype, sharded above --max-shard-size, plus the tokenizer files) that `wren import` reads;
    training_state.pt beside the weights (float32 weights, optimizer, schedule, data position) lets
    --resume continue exactly. OUT/final/ holds the last one.

Usage:
  torchrun --standalone --nproc_per_node 8 train.py --config HANDOFF --data TOKENS --out OUT [options]
  python3 train.py --dry-run ...   # check arguments and data, print the plan: standard library only
"""

import argparse
import array
import glob
import json
import math
import os
import shutil
import sys
import time

MAGIC = 20240520
HEADER_INTS = 256
HEADER_BYTES = HEADER_INTS * 4
HOLD_OUT = 0.1
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja",
                   "generation_config.json", "vocab.json", "merges.txt")


class PlanError(Exception):
    """Bad arguments or data: reported on one line, exit status 2."""


# ---------------------------------------------------------------------------------------------------
# Token shards (standard library only: the dry run reads them too)
# ---------------------------------------------------------------------------------------------------

class Shard:
    """One llm.c token shard: its header, checked against the file's length."""

    def __init__(self, path):
        self.path = path
        size = os.path.getsize(path)
        if size < HEADER_BYTES:
            raise PlanError(f"{path}: {size} bytes, shorter than the 1024-byte llm.c header")
        with open(path, "rb") as f:
            header = array.array("i")
            header.frombytes(f.read(HEADER_BYTES))
        if sys.byteorder != "little":
            header.byteswap()
        if header[0] != MAGIC:
            raise PlanError(f"{path}: magic {header[0]} is not 20240520 (not an llm.c token shard)")
        if header[1] not in (1, 2):
            raise PlanError(f"{path}: version {header[1]} is not 1 (uint16 tokens) or 2 (uint32 tokens)")
        self.version = header[1]
        self.token_bytes = 2 if self.version == 1 else 4
        self.tokens = header[2]
        expected = HEADER_BYTES + self.tokens * self.token_bytes
        if size != expected:
            raise PlanError(f"{path}: the header says {self.tokens} tokens ({expected} bytes), the file has {size} bytes")
        self._file = None

    def read(self, start, count):
        """Tokens [start, start + count) of this shard as a list of ints."""
        if self._file is None:
            self._file = open(self.path, "rb")
        self._file.seek(HEADER_BYTES + start * self.token_bytes)
        values = array.array("H" if self.version == 1 else "I")
        values.frombytes(self._file.read(count * self.token_bytes))
        if sys.byteorder != "little":
            values.byteswap()
        return values.tolist()


class TokenStream:
    """The shards of one split read as a single stream; a range [begin, end) of it can be cut out."""

    def __init__(self, shards, begin=0, end=None):
        self.shards = shards
        self.offsets = []
        total = 0
        for shard in shards:
            self.offsets.append(total)
            total += shard.tokens
        self.total = total
        self.begin = begin
        self.end = total if end is None else end

    def __len__(self):
        return self.end - self.begin

    def read(self, start, count):
        """Tokens [begin + start, begin + start + count), crossing shard boundaries."""
        position = self.begin + start
        if position + count > self.end:
            raise IndexError(f"tokens {start}..{start + count} are past the end ({len(self)})")
        out = []
        for shard, offset in zip(self.shards, self.offsets):
            if count == 0:
                break
            if position >= offset + shard.tokens:
                continue
            local = position - offset
            take = min(count, shard.tokens - local)
            out.extend(shard.read(local, take))
            position += take
            count -= take
        return out


class Windows:
    """Consecutive windows of seq_len + 1 tokens with stride seq_len: inputs are [:-1], targets [1:]."""

    def __init__(self, stream, seq_len):
        self.stream = stream
        self.seq_len = seq_len
        self.count = max(0, (len(stream) - 1) // seq_len)

    def __len__(self):
        return self.count

    def window(self, index):
        return self.stream.read(index * self.seq_len, self.seq_len + 1)


def find_shards(folder, split):
    return [Shard(p) for p in sorted(glob.glob(os.path.join(folder, f"{split}_*.bin")))]


def open_data(folder, seq_len, micro_batch):
    """Training and validation windows, with wren's hold-out rule."""
    if not os.path.isdir(folder):
        raise PlanError(f"--data {folder}: no such folder (set DATA= in launch.sh if the token shards moved)")
    train = find_shards(folder, "train")
    if not train:
        raise PlanError(f"--data {folder}: no llm.c token shards named train_*.bin")
    val = find_shards(folder, "val")
    versions = {s.version for s in train + val}
    if len(versions) > 1:
        raise PlanError(f"--data {folder}: shards mix uint16 and uint32 tokens")
    val_tokens = sum(s.tokens for s in val)
    if val_tokens >= max(1, micro_batch * seq_len + 1):
        return Windows(TokenStream(train), seq_len), Windows(TokenStream(val), seq_len), "val shards"
    shards = train + val
    stream = TokenStream(shards)
    cut = int(stream.total * (1 - HOLD_OUT))
    return (Windows(TokenStream(shards, 0, cut), seq_len), Windows(TokenStream(shards, cut, stream.total), seq_len),
            "last 10% of the training tokens held out")


# ---------------------------------------------------------------------------------------------------
# The recipe
# ---------------------------------------------------------------------------------------------------

def learning_rate(step, args):
    """wren's schedules: linear warmup, then cosine (or warmup-stable-decay, or constant) to min_lr_ratio x lr."""
    peak, minimum = args.lr, args.lr * args.min_lr_ratio
    if step < args.warmup_steps:
        return peak * (step + 1) / args.warmup_steps
    if args.schedule == "constant":
        return peak
    if step >= args.max_steps:
        return minimum
    if args.schedule == "wsd":
        decay_steps = max(1, round(args.max_steps * 0.2))  # round() halves to even, as C#'s Math.Round
        decay_start = args.max_steps - decay_steps
        if step < decay_start:
            return peak
        return peak + (minimum - peak) * (step - decay_start) / decay_steps
    progress = (step - args.warmup_steps) / max(1, args.max_steps - args.warmup_steps)
    return minimum + 0.5 * (peak - minimum) * (1 + math.cos(math.pi * progress))


def read_config(folder):
    path = os.path.join(folder, "config.json")
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except FileNotFoundError:
        raise PlanError(f"--config {folder}: no config.json (the folder wren handoff wrote)") from None
    except json.JSONDecodeError as e:
        raise PlanError(f"{path}: not valid JSON ({e})") from None
    for key in ("architectures", "hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size", "intermediate_size"):
        if key not in config:
            raise PlanError(f"{path}: '{key}' is missing")
    return config


def parameter_count(c):
    hidden, layers, vocab, ff = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"], c["intermediate_size"]
    heads = c["num_attention_heads"]
    kv = c.get("num_key_value_heads", heads)
    head_dim = c.get("head_dim") or hidden // heads
    per_layer = hidden * heads * head_dim * 2 + 2 * hidden * kv * head_dim + 3 * hidden * ff + 2 * hidden
    embeddings = vocab * hidden * (1 if c.get("tie_word_embeddings", False) else 2)
    return embeddings + layers * per_layer + hidden


def make_plan(args):
    """Everything the run will do, checked before torch is imported."""
    config = read_config(args.config)
    train, val, val_source = open_data(args.data, args.seq_len, args.micro_batch)
    if len(train) < args.micro_batch * args.world_size:
        raise PlanError(f"--data {args.data}: {len(train)} training windows of {args.seq_len + 1} tokens, "
                        f"fewer than one micro-batch per process ({args.micro_batch} x {args.world_size})")
    first = train.window(0)
    top = max(first)
    if top >= config["vocab_size"]:
        raise PlanError(f"--data {args.data}: token id {top} is not below vocab_size {config['vocab_size']} in config.json")
    tokens_per_step = args.micro_batch * args.seq_len * args.grad_accum * args.world_size
    windows_per_step = args.micro_batch * args.grad_accum * args.world_size
    return {
        "architecture": config["architectures"][0],
        "parameters": parameter_count(config),
        "vocab_size": config["vocab_size"],
        "data": os.path.abspath(args.data),
        "token_bytes": train.stream.shards[0].token_bytes,
        "train_tokens": len(train.stream),
        "val_tokens": len(val.stream),
        "val_source": val_source,
        "train_windows": len(train),
        "val_windows": len(val),
        "world_size": args.world_size,
        "micro_batch": args.micro_batch,
        "seq_len": args.seq_len,
        "grad_accum": args.grad_accum,
        "tokens_per_step": tokens_per_step,
        "max_steps": args.max_steps,
        "epochs": args.max_steps * windows_per_step / max(1, len(train)),
        "warmup_steps": args.warmup_steps,
        "schedule": args.schedule,
        "lr": args.lr,
        "lr_at": {str(s): learning_rate(s, args) for s in sorted({0, args.warmup_steps - 1, args.warmup_steps, args.max_steps // 2, args.max_steps - 1}) if s >= 0},
        "weight_decay": args.weight_decay,
        "betas": [args.beta1, args.beta2],
        "eps": args.eps,
        "clip_norm": args.clip_norm,
        "bf16": not args.no_bf16,
        "out": os.path.abspath(args.out),
        "save_every": args.save_every,
        "save_dtype": args.save_dtype,
        "first_window": first[:16],
    }


def print_plan(plan, stream=sys.stdout):
    p = plan
    lines = [
        ("model", f"{p['architecture']}, ~{p['parameters']:,} parameters, vocab {p['vocab_size']}"),
        ("data", f"{p['data']} (uint{p['token_bytes'] * 8} tokens): {p['train_tokens']:,} train / {p['val_tokens']:,} validation ({p['val_source']})"),
        ("windows", f"{p['train_windows']:,} train / {p['val_windows']:,} validation of {p['seq_len'] + 1} tokens"),
        ("processes", f"{p['world_size']} (each takes every {p['world_size']}th window of a seeded permutation per epoch)"),
        ("batch", f"{p['micro_batch']} x {p['seq_len']} tokens x grad-accum {p['grad_accum']} x {p['world_size']} processes = {p['tokens_per_step']:,} tokens per step"),
        ("steps", f"{p['max_steps']:,} ({p['epochs']:.2f} epochs)"),
        ("schedule", f"{p['schedule']}: warmup {p['warmup_steps']} steps to lr {p['lr']:g}; " + ", ".join(f"step {s}: {v:.3g}" for s, v in p["lr_at"].items())),
        ("optimizer", f"AdamW betas ({p['betas'][0]}, {p['betas'][1]}) eps {p['eps']:g}, weight decay {p['weight_decay']:g}, clip {p['clip_norm']:g}"),
        ("precision", "bfloat16 autocast, float32 master weights" if p["bf16"] else "float32"),
        ("checkpoints", f"{p['out']}/checkpoint-NNNNNNNN every {p['save_every']} steps ({p['save_dtype']} safetensors), final in {p['out']}/final"),
        ("first tokens", " ".join(str(t) for t in p["first_window"])),
    ]
    for name, text in lines:
        print(f"{name:>12}  {text}", file=stream)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Train a Wren recipe with torchrun + transformers (see the module docstring).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--config", required=True, help="folder with config.json and the tokenizer files (the handoff folder)")
    parser.add_argument("--data", required=True, help="folder of llm.c token shards train_*.bin, val_*.bin")
    parser.add_argument("--out", required=True, help="folder for checkpoint-NNNNNNNN/ and final/")
    parser.add_argument("--micro-batch", type=int, required=True, help="sequences per process per micro-step")
    parser.add_argument("--seq-len", type=int, required=True, help="tokens per sequence (T)")
    parser.add_argument("--grad-accum", type=int, default=1, help="micro-steps per optimizer step")
    parser.add_argument("--max-steps", type=int, required=True, help="optimizer steps")
    parser.add_argument("--lr", type=float, required=True, help="peak learning rate")
    parser.add_argument("--min-lr-ratio", type=float, default=0.1, help="final learning rate as a fraction of the peak")
    parser.add_argument("--warmup-steps", type=int, required=True, help="linear warmup steps")
    parser.add_argument("--schedule", choices=("cosine", "wsd", "constant"), default="cosine")
    parser.add_argument("--weight-decay", type=float, default=0.1)
    parser.add_argument("--decay-all-parameters", action="store_true", help="decay norms and biases too")
    parser.add_argument("--beta1", type=float, default=0.9)
    parser.add_argument("--beta2", type=float, default=0.95)
    parser.add_argument("--eps", type=float, default=1e-8)
    parser.add_argument("--clip-norm", type=float, default=1.0, help="global gradient norm clip (0 = off)")
    parser.add_argument("--eval-every", type=int, default=100, help="validation loss every N steps (0 = at the end)")
    parser.add_argument("--eval-batches", type=int, default=20, help="validation micro-batches per evaluation, split over processes")
    parser.add_argument("--save-every", type=int, default=500, help="checkpoint every N steps (0 = only at the end)")
    parser.add_argument("--save-dtype", choices=("bfloat16", "float16", "float32"), default="bfloat16")
    parser.add_argument("--max-shard-size", default="5GB", help="save_pretrained's max_shard_size")
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--init-from", help="start from this Hugging Face model folder's weights instead of a random init")
    parser.add_argument("--resume", action="store_true", help="continue from the newest OUT/checkpoint-*/training_state.pt")
    parser.add_argument("--no-bf16", action="store_true", help="train in float32")
    parser.add_argument("--compile", action="store_true", help="torch.compile the model")
    parser.add_argument("--world-size", type=int, default=int(os.environ.get("WORLD_SIZE", "1")),
                        help="processes in all (torchrun sets WORLD_SIZE; for --dry-run say how many there will be)")
    parser.add_argument("--dry-run", action="store_true", help="check arguments and data, print the plan, train nothing (no torch needed)")
    parser.add_argument("--plan-json", action="store_true", help="with --dry-run: print the plan as JSON")
    args = parser.parse_args(argv)
    for name in ("micro_batch", "seq_len", "grad_accum", "max_steps", "world_size"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive, got {getattr(args, name)}")
    if args.warmup_steps < 0 or args.warmup_steps > args.max_steps:
        parser.error(f"--warmup-steps must be between 0 and --max-steps ({args.max_steps}), got {args.warmup_steps}")
    if args.warmup_steps == 0:
        args.warmup_steps = 1
    if args.lr <= 0:
        parser.error(f"--lr must be positive, got {args.lr}")
    return args


# ---------------------------------------------------------------------------------------------------
# Training (torch and transformers are imported only here)
# ---------------------------------------------------------------------------------------------------

class RankBatches:
    """This rank's windows: a seeded permutation per epoch, every world-th entry from its rank (DistributedSampler)."""

    def __init__(self, windows, rank, world, seed, torch):
        self.windows, self.rank, self.world, self.seed, self.torch = windows, rank, world, seed, torch
        self.epoch, self.position, self.order = 0, 0, None

    def _load_epoch(self):
        generator = self.torch.Generator().manual_seed(self.seed + self.epoch)
        order = self.torch.randperm(len(self.windows), generator=generator)
        padded = math.ceil(len(order) / self.world) * self.world
        if padded > len(order):
            order = self.torch.cat([order, order[: padded - len(order)]])
        self.order = order[self.rank::self.world].tolist()

    def next(self, count):
        rows = []
        while len(rows) < count:
            if self.order is None:
                self._load_epoch()
            if self.position >= len(self.order):
                self.epoch, self.position, self.order = self.epoch + 1, 0, None
                continue
            rows.append(self.windows.window(self.order[self.position]))
            self.position += 1
        return rows

    def state(self):
        return {"epoch": self.epoch, "position": self.position}

    def restore(self, state):
        self.epoch, self.position, self.order = state["epoch"], state["position"], None


def train(args):
    import torch
    import torch.distributed as dist
    import torch.nn.functional as F
    from torch.nn.parallel import DistributedDataParallel
    from transformers import AutoConfig, AutoModelForCausalLM

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group(backend="nccl" if cuda else "gloo")
        rank, world, local_rank = dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0"))
    else:
        rank, world, local_rank = 0, 1, 0
    if world != args.world_size:
        args.world_size = world
    main = rank == 0
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(args.seed)

    plan = make_plan(args)
    if main:
        print_plan(plan)
    train_windows, val_windows, _ = open_data(args.data, args.seq_len, args.micro_batch)

    if args.init_from:
        model = AutoModelForCausalLM.from_pretrained(args.init_from, torch_dtype=torch.float32)
    else:
        model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(args.config), torch_dtype=torch.float32)
    model.to(device)
    vocab = model.config.vocab_size

    decay = [p for p in model.parameters() if p.requires_grad and (args.decay_all_parameters or p.dim() >= 2)]
    no_decay = [p for p in model.parameters() if p.requires_grad and not (args.decay_all_parameters or p.dim() >= 2)]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr, betas=(args.beta1, args.beta2), eps=args.eps, fused=cuda)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: learning_rate(step, args) / args.lr)
    batches = RankBatches(train_windows, rank, world, args.seed, torch)

    step = 0
    if args.resume:
        latest = newest_checkpoint(args.out)
        if latest is not None:
            state = torch.load(os.path.join(latest, "training_state.pt"), map_location=device, weights_only=False)
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            schedule.load_state_dict(state["schedule"])
            batches.restore(state["data"][rank] if rank < len(state["data"]) else state["data"][0])
            step = state["step"]
            if main:
                print(f"resumed from {latest} at step {step}")

    network = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if distributed else model
    if args.compile:
        network = torch.compile(network)

    def to_tensors(rows):
        t = torch.tensor(rows, dtype=torch.long, device=device)
        return t[:, :-1], t[:, 1:]

    def loss_of(inputs, targets):
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=not args.no_bf16):
            logits = network(input_ids=inputs).logits
        return F.cross_entropy(logits.float().reshape(-1, vocab), targets.reshape(-1))

    def mean_over_ranks(value):
        t = torch.tensor([value], dtype=torch.float64, device=device)
        if distributed:
            dist.all_reduce(t)
            t /= world
        return t.item()

    def evaluate():
        if len(val_windows) < args.micro_batch:
            return None
        network.eval()
        total, count = 0.0, 0
        batches_available = len(val_windows) // args.micro_batch
        with torch.no_grad():
            for b in range(rank, min(args.eval_batches, batches_available), world):
                rows = [val_windows.window(b * args.micro_batch + i) for i in range(args.micro_batch)]
                inputs, targets = to_tensors(rows)
                total += loss_of(inputs, targets).item()
                count += 1
        network.train()
        sums = torch.tensor([total, count], dtype=torch.float64, device=device)
        if distributed:
            dist.all_reduce(sums)
        return (sums[0] / sums[1]).item() if sums[1] > 0 else None

    def save(folder, val_loss):
        data_states = [None] * world
        if distributed:
            dist.all_gather_object(data_states, batches.state())
        else:
            data_states = [batches.state()]
        if main:
            save_checkpoint(args, model, optimizer, schedule, data_states, step, folder, val_loss, torch)
        if distributed:
            dist.barrier()

    network.train()
    tokens_per_step = args.micro_batch * args.seq_len * args.grad_accum * world
    val_loss = None
    while step < args.max_steps:
        started = time.time()
        step_loss = 0.0
        for micro in range(args.grad_accum):
            inputs, targets = to_tensors(batches.next(args.micro_batch))
            sync = (not distributed) or micro == args.grad_accum - 1
            context = network.no_sync() if distributed and not sync else _null_context()
            with context:
                loss = loss_of(inputs, targets) / args.grad_accum
                loss.backward()
            step_loss += loss.item()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip_norm) if args.clip_norm > 0 else torch.tensor(0.0)
        lr = optimizer.param_groups[0]["lr"]
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        step_loss = mean_over_ranks(step_loss)
        last = step == args.max_steps
        if (args.eval_every > 0 and step % args.eval_every == 0) or last:
            val_loss = evaluate()
        if main:
            elapsed = max(time.time() - started, 1e-9)
            val = f" | val {val_loss:.4f}" if val_loss is not None and ((args.eval_every > 0 and step % args.eval_every == 0) or last) else ""
            print(f"step {step:6d}/{args.max_steps} | loss {step_loss:.4f}{val} | lr {lr:.2e} | gnorm {float(norm):.3f} | {tokens_per_step / elapsed:,.0f} tok/s", flush=True)
        if (args.save_every > 0 and step % args.save_every == 0) or last:
            save(os.path.join(args.out, f"checkpoint-{step:08d}"), val_loss)
    if main:
        final = os.path.join(args.out, "final")
        if os.path.isdir(final):
            shutil.rmtree(final)
        shutil.copytree(os.path.join(args.out, f"checkpoint-{step:08d}"), final, ignore=shutil.ignore_patterns("training_state.pt"))
        print(f"done: {final} (bring it back with: wren import --checkpoint {final} --out MODEL)")
    if distributed:
        dist.destroy_process_group()


class _null_context:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def newest_checkpoint(out):
    found = sorted(p for p in glob.glob(os.path.join(out, "checkpoint-*")) if os.path.isfile(os.path.join(p, "training_state.pt")))
    return found[-1] if found else None


def save_checkpoint(args, model, optimizer, schedule, data_states, step, folder, val_loss, torch):
    """An HF model folder in --save-dtype (written beside, then renamed) plus the exact training state."""
    dtype = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[args.save_dtype]
    temp = folder + ".tmp"
    if os.path.isdir(temp):
        shutil.rmtree(temp)
    state_dict = {k: v.detach().to(dtype).cpu() for k, v in model.state_dict().items()}
    if getattr(model.config, "tie_word_embeddings", False):
        # The converted copies no longer share storage, so save_pretrained would not see the tie.
        state_dict.pop("lm_head.weight", None)
    model.config.torch_dtype = args.save_dtype
    model.save_pretrained(temp, state_dict=state_dict, safe_serialization=True, max_shard_size=args.max_shard_size)
    for name in TOKENIZER_FILES:
        source = os.path.join(args.config, name)
        if os.path.isfile(source) and not os.path.exists(os.path.join(temp, name)):
            shutil.copy(source, temp)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                "data": data_states, "step": step}, os.path.join(temp, "training_state.pt"))
    with open(os.path.join(temp, "trainer_state.json"), "w", encoding="utf-8") as f:
        json.dump({"step": step, "total_steps": args.max_steps, "validation_loss": val_loss}, f, indent=2)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.replace(temp, folder)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.dry_run:
            plan = make_plan(args)
            if args.plan_json:
                print(json.dumps(plan, indent=2))
            else:
                print("dry run: nothing is trained")
                print_plan(plan)
            return 0
        train(args)
        return 0
    except PlanError as e:
        print(f"train.py: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
