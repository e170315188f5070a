using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Training.Handoff;
using Wren.Training.Lora;

namespace Wren.Cli.Commands;

/// <summary><c>wren handoff finetune</c>: a fine-tune on rented GPUs with PEFT under torchrun.</summary>
internal static class HandoffFinetuneCommand
{
    internal static Command Create(CliConsole console)
    {
        var baseModel = new Option<string>("--base", "-b") { Description = "Base model folder (Hugging Face layout with tokenizer and chat template); its template and tokenizer make the tokens and loss mask", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Training conversations, chat JSONL (wren examples chat writes it from a task folder)", Required = true };
        var val = new Option<string?>("--val") { Description = "Validation conversations, chat JSONL" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write: data/, finetune.py, launch.sh", Required = true };
        var method = new Option<string>("--method") { Description = "lora | qlora (4-bit NF4 base, bitsandbytes) | full", DefaultValueFactory = _ => "lora" };
        var rank = new Option<int>("--lora-rank", "-r") { Description = "LoRA rank r", DefaultValueFactory = _ => 16 };
        var alpha = new Option<double>("--lora-alpha") { Description = "LoRA alpha (scale alpha/r)", DefaultValueFactory = _ => 32 };
        var targets = new Option<string>("--lora-targets") { Description = "Projections that get adapters", DefaultValueFactory = _ => string.Join(',', LoraSettings.KnownTargets) };
        var gpus = new Option<int>("--gpus", "-g") { Description = "GPUs per node (torchrun --nproc_per_node)", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes") { Description = "Nodes (launch.sh then needs NNODES, NODE_RANK and MASTER_ADDR on each)", DefaultValueFactory = _ => 1 };
        var seq = new Option<int>("--seq-len") { Description = "Longest sequence; longer conversations are cut", DefaultValueFactory = _ => 2048 };
        var micro = new Option<int>("--micro-batch") { Description = "Sequences per GPU per micro-step", DefaultValueFactory = _ => 4 };
        var accumulation = new Option<int>("--grad-accum") { Description = "Micro-steps per optimizer step", DefaultValueFactory = _ => 4 };
        var epochs = new Option<double>("--epochs") { Description = "Passes over the training conversations", DefaultValueFactory = _ => 3 };
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default 2e-4 for LoRA/QLoRA, 2e-5 full)" };
        var hub = new Option<string?>("--base-on-gpu") { Description = "What the GPU machine loads as base (a hub id such as Qwen/Qwen2.5-0.5B-Instruct, or a path there); default --base's path" };
        var command = new Command("finetune",
            "Write what rented GPUs need to fine-tune a base model on your conversations with PEFT: Wren applies the base model's chat template and masks the loss to " +
            "the assistant's turns (as wren finetune does) and writes data/{train,val}.jsonl of input_ids and labels; finetune.py is a plain transformers Trainer + PEFT " +
            "script (LoRA, QLoRA with bitsandbytes, or full); launch.sh runs it under torchrun on one or several GPUs. Check it anywhere with bash OUT/launch.sh --dry-run; " +
            "bring the adapter back with wren import --adapter. Price it first with wren plan finetune.\n\n" +
            "Example: wren handoff finetune --base models/qwen2.5-0.5b --data tasks/replies-chat/train.jsonl --val tasks/replies-chat/val.jsonl --method qlora --out gpu/replies");
        foreach (var o in new Option[] { baseModel, data, val, output, method, rank, alpha, targets, gpus, nodes, seq, micro, accumulation, epochs, lr, hub }) command.Options.Add(o);
        CliAction.Set(command, console, (parse, ct) =>
        {
            if (!Enum.TryParse<FineTuneMethod>(parse.GetValue(method), ignoreCase: true, out var m))
                throw new Runtime.WrenException($"--method '{parse.GetValue(method)}': expected lora, qlora or full");
            var result = FineTuneHandoff.Write(new FineTuneHandoffOptions
            {
                BaseModel = parse.GetValue(baseModel)!,
                BaseModelOnGpu = parse.GetValue(hub),
                TrainData = parse.GetValue(data)!,
                ValidationData = parse.GetValue(val),
                OutputFolder = parse.GetValue(output)!,
                Method = m,
                Lora = new LoraSettings { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = parse.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                GpusPerNode = parse.GetValue(gpus),
                Nodes = parse.GetValue(nodes),
                SequenceLength = parse.GetValue(seq),
                MicroBatch = parse.GetValue(micro),
                GradientAccumulation = parse.GetValue(accumulation),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
            });
            HandoffSummary.FineTune(console.Out, result);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
