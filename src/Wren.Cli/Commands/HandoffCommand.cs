using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Training.Handoff;

namespace Wren.Cli.Commands;

/// <summary><c>wren handoff torchrun</c>: the same recipe on GPUs, with PyTorch's torchrun and transformers.</summary>
internal static class HandoffCommand
{
    internal static Command Create(CliConsole console)
    {
        var handoff = new Command("handoff",
            "Hand a training recipe to an existing distributed engine when one machine is not enough.\n\n" +
            "Example: wren handoff torchrun --run runs/small --gpus 8");
        handoff.Subcommands.Add(CreateTorchrun(console));
        handoff.Subcommands.Add(HandoffFinetuneCommand.Create(console));
        return handoff;
    }

    private static Command CreateTorchrun(CliConsole console)
    {
        var run = new Option<string>("--run", "-r") { Description = "A wren train run folder (its run.json holds data, model and hyperparameters)", Required = true };
        var gpus = new Option<int>("--gpus", "-g") { Description = "GPUs per node (torchrun --nproc_per_node)", Required = true };
        var nodes = new Option<int>("--nodes") { Description = "Nodes (launch.sh then needs NNODES, NODE_RANK and MASTER_ADDR on each)", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Folder to write (default RUN/handoff-torchrun)" };
        var data = new Option<string?>("--data", "-d") { Description = "Token shards folder, when not the one the run used" };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps (default: the run's)" };
        var micro = new Option<int?>("--micro-batch") { Description = "Sequences per GPU per micro-step (default: split the run's global batch over the GPUs)" };
        var accumulation = new Option<int?>("--grad-accum") { Description = "Micro-steps per optimizer step per GPU" };
        var init = new Option<bool>("--init-from-run") { Description = "Start from the run's trained weights (exported to OUT/init) instead of a fresh initialisation" };
        var command = new Command("torchrun",
            "Write what a GPU cluster needs to train this run's recipe with PyTorch: config.json, the tokenizer, data.json (where the llm.c token shards are), " +
            "train.py (plain transformers: AutoModelForCausalLM from config, DDP, AdamW with the run's betas/decay/clipping, its warmup + cosine schedule, bf16 autocast, " +
            "HF checkpoints) and launch.sh (torchrun --nproc_per_node N train.py ...). Check it anywhere with: bash OUT/launch.sh --dry-run. " +
            "Bring the result back with wren import.\n\n" +
            "Example: wren handoff torchrun --run runs/small --gpus 8 --steps 20000");
        foreach (var o in new Option[] { run, gpus, nodes, output, data, steps, micro, accumulation, init }) command.Options.Add(o);
        CliAction.Set(command, console, (parse, ct) =>
        {
            var result = TorchrunHandoff.Write(new TorchrunHandoffOptions
            {
                RunFolder = parse.GetValue(run)!,
                GpusPerNode = parse.GetValue(gpus),
                Nodes = parse.GetValue(nodes),
                OutputFolder = parse.GetValue(output),
                DataFolder = parse.GetValue(data),
                Steps = parse.GetValue(steps),
                MicroBatch = parse.GetValue(micro),
                GradientAccumulation = parse.GetValue(accumulation),
                InitFromRun = parse.GetValue(init),
            });
            HandoffSummary.Torchrun(console.Out, result);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
