using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Eval.Planning;
using Wren.Pipeline.Planning;
using Wren.Runtime.Diagnostics;

namespace Wren.Cli.Commands;

/// <summary><c>wren plan</c>: what a training run would cost and need, before paying for it.</summary>
internal static class PlanCommand
{
    internal static Command Create(CliConsole console)
    {
        var command = new Command("plan",
            "Estimate a training run before paying for it: training FLOPs (6·N·D plus causal attention 6·L·T·C per token), " +
            "wall-clock time, GPU-hours and cost at an assumed MFU (or the MFU a known time implies, with --days); " +
            "memory per GPU for full training (mixed-precision AdamW, ZeRO sharding, activation checkpointing), LoRA and QLoRA, " +
            "and the fewest GPUs that hold it; where the plan sits against Chinchilla's 20 tokens per parameter; and, per GGUF " +
            "quantization, serving memory and a memory-bandwidth bound on decode tokens/s.\n" +
            "Counts accept 2.7e9, 2.7B, 1.4T, 124M.\n" +
            "Example: wren plan --params 2.7B --tokens 1.4T --gpu A100-80GB --gpus 96 --price 2.06 --mfu 0.6");

        var parameters = new Option<string?>("--params") { Description = "Model parameters N, e.g. 2.7B or 124M (or give --layers and --hidden)" };
        var tokens = new Option<string?>("--tokens") { Description = "Training tokens per epoch D, e.g. 1.4T; default: Chinchilla's 20·N" };
        var epochs = new Option<double>("--epochs") { Description = "Passes over the tokens", DefaultValueFactory = _ => 1 };
        var gpu = new Option<string>("--gpu") { Description = "GPU kind (see '--gpu list'), or 'cpu' to measure this machine", DefaultValueFactory = _ => "A100-80GB" };
        var gpus = new Option<int>("--gpus") { Description = "Number of GPUs", DefaultValueFactory = _ => 1 };
        var price = new Option<double?>("--price") { Description = "US dollars per GPU-hour (cost is left out without it)" };
        var mfu = new Option<double>("--mfu") { Description = "Assumed model FLOPs utilisation, 0-1 (0.4 typical; llm.c and Phi-2 report ~0.6)", DefaultValueFactory = _ => 0.4 };
        var days = new Option<double?>("--days") { Description = "Known wall-clock days: solve for the MFU they imply instead of the time" };
        var seq = new Option<int>("--seq") { Description = "Training sequence length T", DefaultValueFactory = _ => 2048 };
        var layers = new Option<int?>("--layers") { Description = "Transformer layers L (with --hidden: adds attention FLOPs, sizes activations)" };
        var hidden = new Option<int?>("--hidden") { Description = "Hidden width C" };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size V", DefaultValueFactory = _ => 32_000 };
        var heads = new Option<int?>("--heads") { Description = "Attention heads H (default C/64)" };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "Key/value heads for grouped-query attention (default H)" };
        var loraRank = new Option<int>("--lora-rank") { Description = "LoRA rank r for the LoRA/QLoRA estimates", DefaultValueFactory = _ => 16 };
        var microBatch = new Option<int>("--micro-batch") { Description = "Sequences per GPU per forward pass", DefaultValueFactory = _ => 1 };
        var context = new Option<int?>("--context") { Description = "Inference context length for the KV cache (default T)" };
        var measure = new Option<bool>("--measure") { Description = "Measure this CPU (copy bandwidth, SGEMM GFLOP/s) and run a few real training steps of the planned shape (scaled down at the same width when it is too large; about 10 s), and show the CPU time beside the GPU estimates" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var corpus = new Option<string[]>("--corpus")
        {
            Description = "Plan on your data: curated shards (wren curate's curated/ folder), JSONL or .txt files, counted with --tokenizer instead of --tokens",
            AllowMultipleArgumentsPerToken = true,
        };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json (or a model folder) to count --corpus with" };
        foreach (Option o in new Option[] { corpus, tokenizer, parameters, tokens, epochs, gpu, gpus, price, mfu, days, seq, layers, hidden, vocab, heads, kvHeads, loraRank, microBatch, context, measure, json })
        {
            command.Options.Add(o);
        }
        command.Subcommands.Add(PlanFinetuneCommand.Create(console));

        CliAction.Set(command, console, (parseResult, cancellationToken) =>
        {
            string gpuName = parseResult.GetValue(gpu)!;
            bool asJson = parseResult.GetValue(json);
            if (TrainingPlanning.IsCatalogRequest(gpuName))
            {
                if (asJson) console.WriteLine(HardwareCatalogJson.Serialize(HardwareCatalog.Gpus));
                else PlanReport.RenderCatalog(console.Out, HardwareCatalog.Gpus);
                return Task.FromResult(CliAction.Ok);
            }

            var request = new TrainingPlanRequest
            {
                Parameters = parseResult.GetValue(parameters),
                Tokens = parseResult.GetValue(tokens),
                Corpus = parseResult.GetValue(corpus) ?? [],
                Tokenizer = parseResult.GetValue(tokenizer),
                Epochs = parseResult.GetValue(epochs),
                Gpu = gpuName,
                Gpus = parseResult.GetValue(gpus),
                PricePerGpuHour = parseResult.GetValue(price),
                Mfu = parseResult.GetValue(mfu),
                Days = parseResult.GetValue(days),
                SequenceLength = parseResult.GetValue(seq),
                Layers = parseResult.GetValue(layers),
                Hidden = parseResult.GetValue(hidden),
                Vocabulary = parseResult.GetValue(vocab),
                Heads = parseResult.GetValue(heads),
                KeyValueHeads = parseResult.GetValue(kvHeads),
                LoraRank = parseResult.GetValue(loraRank),
                MicroBatch = parseResult.GetValue(microBatch),
                ContextLength = parseResult.GetValue(context),
                Measure = parseResult.GetValue(measure),
            };
            TrainingPlanResult plan;
            // Counting a corpus shows a bar (on stderr with --json); the measurements say what they are doing, except under --json.
            using (var sink = request.Corpus.Count > 0 ? new SpectreProgressSink(asJson ? console.Error : console.Out) : null)
            {
                plan = TrainingPlanning.Run(request, (IProgressSink?)sink ?? NullProgressSink.Instance,
                    note => { if (!asJson) console.Out.MarkupLine($"[grey]{Markup.Escape(note)}[/]"); }, cancellationToken);
            }

            if (asJson) console.WriteLine(TrainingEstimateJson.Serialize(plan.Estimate));
            else PlanReport.Render(console.Out, plan);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
