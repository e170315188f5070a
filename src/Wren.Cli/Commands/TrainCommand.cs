using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Training;
using Wren.Runtime;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands;

/// <summary><c>wren train</c>: pretrain a Llama-architecture model from scratch on llm.c token shards.</summary>
internal static class TrainCommand
{
    internal static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data", "-d") { Description = "Folder of llm.c token shards (train_NNN.bin, optional val_NNN.bin; without val shards, or with fewer val tokens than one --batch x --seq batch, the last 10% of the tokens are held out for validation, with a warning). Its tokenizer.json (or its parent's) sets the vocabulary and is copied into checkpoints.", Required = true };
        var modelConfig = new Option<string>("--model-config", "-m") { Description = "tiny (~1M params), small (~10M), base (~30M), or a config.json to train from scratch", DefaultValueFactory = _ => "tiny" };
        var output = new Option<string>("--out", "-o") { Description = "Run folder: checkpoints/, best/, model/ (the final HF folder), metrics.jsonl, loss.png", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps (default 1000, or as many as --time allows)" };
        var time = new Option<string?>("--time") { Description = "Train for this long, e.g. 90s, 10m, 2h (the schedule is sized from the speed of the first steps)" };
        var batch = new Option<int>("--batch", "-b") { Description = "Sequences per micro-batch (B)", DefaultValueFactory = _ => 8 };
        var seq = new Option<int>("--seq", "-t") { Description = "Tokens per sequence (T)", DefaultValueFactory = _ => 256 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => 3e-3 };
        var accumulation = new Option<int>("--grad-accum") { Description = "Micro-batches per optimizer step", DefaultValueFactory = _ => 1 };
        var warmup = new Option<long?>("--warmup") { Description = "Warmup steps (default 5% of the run)" };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Learning-rate decay after warmup: Cosine, Wsd (warmup-stable-decay) or Constant", DefaultValueFactory = _ => ScheduleKind.Cosine };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW decoupled weight decay (not applied to norms and biases)", DefaultValueFactory = _ => 0.1 };
        var clip = new Option<double>("--clip") { Description = "Clip gradients to this global norm (0 = off)", DefaultValueFactory = _ => 1.0 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Validation loss every N steps", DefaultValueFactory = _ => 100 };
        var evalBatches = new Option<int>("--eval-batches") { Description = "Validation batches per evaluation", DefaultValueFactory = _ => 20 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N steps", DefaultValueFactory = _ => 500 };
        var keep = new Option<int>("--keep") { Description = "Checkpoints to keep (besides best/)", DefaultValueFactory = _ => 3 };
        var resume = new Option<bool>("--resume") { Description = "Continue exactly from the newest checkpoint in --out" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and data order (same seed, same machine: bit-identical run)", DefaultValueFactory = _ => 1337UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json (or its folder) when the data folder has none" };
        var checkpointActivations = new Option<bool>("--checkpoint-activations") { Description = "Keep only each layer's input and recompute its forward during the backward pass: activation memory drops about L-fold for about a third more compute; gradients are bit-identical" };
        var bf16 = new Option<bool>("--bf16") { Description = "Round the inputs of every matrix product to bfloat16 (float32 accumulation, float32 master weights); the loss stays within about 1% of float32" };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Generate a continuation of --sample-prompt every N steps (and at the end) with the current weights, printed and appended to RUN/samples.jsonl; 0 = never", DefaultValueFactory = _ => 0 };
        var samplePrompt = new Option<string>("--sample-prompt") { Description = "Text the samples continue", DefaultValueFactory = _ => "The" };
        var sampleTokens = new Option<int>("--sample-tokens") { Description = "Tokens per sample (greedy)", DefaultValueFactory = _ => 48 };

        var command = new Command("train",
            "Pretrain a small Llama-architecture model from scratch on the CPU. On a terminal a progress bar shows steps, rate and ETA; into a log a line " +
            "(loss, learning rate, gradient norm, tokens/s, MFU, ETA) comes every 5 s and at each --eval-every step with the validation loss. It writes RUN/metrics.jsonl, RUN/loss.png and Hugging Face checkpoints (config.json, model.safetensors, tokenizer files) with optimizer state.\n" +
            "Example: wren train --data corpus/tokens --model-config small --out runs/small --time 30m --batch 8 --seq 256");
        foreach (var o in new Option[] { data, modelConfig, output, steps, time, batch, seq, lr, accumulation, warmup, schedule, weightDecay, clip, evalEvery, evalBatches, checkpointEvery, keep, resume, seed, threads, tokenizer, sampleEvery, samplePrompt, sampleTokens, checkpointActivations, bf16 })
            command.Options.Add(o);

        CliAction.Set(command, console, (parse, ct) =>
        {
            string dataFolder = parse.GetValue(data)!;
            string runFolder = parse.GetValue(output)!;
            TimeSpan? limit = parse.GetValue(time) is { } text ? TrainingDuration.Parse(text) : null;
            var options = new TrainerOptions
            {
                OutputFolder = runFolder,
                Steps = TrainerOptions.StepsFor(parse.GetValue(steps), limit),
                TimeLimit = limit,
                LearningRate = parse.GetValue(lr),
                GradientAccumulation = Math.Max(1, parse.GetValue(accumulation)),
                WarmupSteps = parse.GetValue(warmup),
                Schedule = parse.GetValue(schedule),
                ClipNorm = parse.GetValue(clip),
                Optimizer = new AdamWOptions { WeightDecay = parse.GetValue(weightDecay) },
                EvalEvery = parse.GetValue(evalEvery),
                EvalBatches = parse.GetValue(evalBatches),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                KeepLastCheckpoints = parse.GetValue(keep),
                Resume = parse.GetValue(resume),
                Seed = parse.GetValue(seed),
                CheckpointActivations = parse.GetValue(checkpointActivations),
                Bf16MatrixProducts = parse.GetValue(bf16),
            };

            using var run = TrainingRun.Open(new TrainingRunOptions
            {
                DataFolder = dataFolder,
                ModelConfig = parse.GetValue(modelConfig)!,
                Tokenizer = parse.GetValue(tokenizer),
                Batch = parse.GetValue(batch),
                Sequence = parse.GetValue(seq),
                Threads = parse.GetValue(threads),
                Trainer = options,
            });
            if (run.TokenizerJson is null)
                console.Out.MarkupLine("[yellow]warning:[/] no tokenizer.json found; the vocabulary is sized from the largest token id and checkpoints carry no tokenizer");
            console.Out.Write(TrainingView.HeaderTable(run));

            int every = parse.GetValue(sampleEvery);
            TrainingSampler? samples = null;
            if (every > 0)
            {
                if (run.TokenizerJson is null) throw new WrenException("--sample-every needs a tokenizer.json (pass --tokenizer)");
                var bpe = BpeTokenizer.Load(run.TokenizerJson);
                string prompt = parse.GetValue(samplePrompt)!;
                samples = new TrainingSampler(run.Model, bpe, prompt, bpe.Encode(prompt, addSpecialTokens: false), runFolder)
                {
                    MaxTokens = Math.Max(1, parse.GetValue(sampleTokens)),
                    StopTokenIds = run.Config.EosTokenIds.ToArray(),
                };
            }

            TrainingSummary summary;
            using (var display = new TrainingDisplay(console.Out, "train"))
            {
                summary = run.Run(
                    report =>
                    {
                        display.Step(report);
                        if (samples is not null && (report.Step % every == 0 || report.Step == report.TotalSteps))
                        {
                            var sample = samples.Sample(report.Step, ct);
                            console.Out.MarkupLine($"[blue]sample @ step {sample.Step}:[/] {Markup.Escape(sample.Prompt + sample.Text)}");
                        }
                    },
                    warning => console.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"),
                    ct);
            }
            console.Out.Write(TrainingView.SummaryTable(summary, run.PlotPath));
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
