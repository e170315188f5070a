using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Training;
using Wren.Runtime;
using Wren.Runtime.Threading;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands;

/// <summary><c>wren train</c>: pretrain a Llama-architecture model from scratch on llm.c token shards.</summary>
internal static class TrainCommand
{
    internal static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "Folder of llm.c token shards (train_NNN.bin, optional val_NNN.bin; without val shards 10% of the tokens are held out). Its tokenizer.json (or its parent's) sets the vocabulary and is copied into checkpoints.", Required = true };
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

        var command = new Command("train",
            "Pretrain a small Llama-architecture model from scratch on the CPU. Prints loss, learning rate, gradient norm, tokens/s, MFU and ETA every step, " +
            "validation loss every --eval-every steps, and writes RUN/metrics.jsonl, RUN/loss.png and Hugging Face checkpoints (config.json, model.safetensors, tokenizer files) with optimizer state.\n" +
            "Example: wren train --data corpus/tokens --model-config small --out runs/small --time 30m --batch 8 --seq 256");
        foreach (var o in new Option[] { data, modelConfig, output, steps, time, batch, seq, lr, accumulation, warmup, schedule, weightDecay, clip, evalEvery, evalBatches, checkpointEvery, keep, resume, seed, threads, tokenizer })
            command.Options.Add(o);

        CliAction.Set(command, (parse, ct) =>
        {
            string dataFolder = parse.GetValue(data)!;
            string runFolder = parse.GetValue(output)!;
            int B = parse.GetValue(batch), T = parse.GetValue(seq);
            if (B <= 0 || T <= 0) throw new WrenException("--batch and --seq must be positive");
            TimeSpan? limit = parse.GetValue(time) is { } text ? ParseDuration(text) : null;
            var options = new TrainerOptions
            {
                OutputFolder = runFolder,
                Steps = parse.GetValue(steps) ?? (limit is null ? 1000 : long.MaxValue / 4),
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
            };

            // Validation needs at least one [B, T] batch; a tiny val split falls back to a 10% hold-out.
            var sampler = TokenWindowSampler.Open(dataFolder, options.Seed, minValidationTokens: (long)B * T + 1);
            string? tokenizerJson = FindTokenizer(dataFolder, parse.GetValue(tokenizer));
            int vocabulary = sampler.VocabularyLowerBound;
            if (tokenizerJson is not null) vocabulary = Math.Max(vocabulary, ModelPresets.TokenizerVocabularySize(tokenizerJson));
            else AnsiConsole.MarkupLine("[yellow]warning:[/] no tokenizer.json found; the vocabulary is sized from the largest token id and checkpoints carry no tokenizer");
            var config = ModelPresets.Resolve(parse.GetValue(modelConfig)!, vocabulary, Math.Max(T, 1024));
            if (tokenizerJson is not null && config.EosTokenIds.Count == 0 && ModelPresets.SpecialTokenId(tokenizerJson, "<|endoftext|>") is { } eos)
                config = config with { EosTokenIds = [eos], BosTokenId = eos };

            // run.json records the recipe so it can be redone elsewhere (wren handoff torchrun).
            new TrainingRunManifest
            {
                DataFolder = Path.GetFullPath(dataFolder),
                TokenizerFolder = tokenizerJson is null ? null : Path.GetDirectoryName(Path.GetFullPath(tokenizerJson)),
                ModelConfig = config,
                BatchSize = B,
                SequenceLength = T,
                Options = options,
            }.Save(runFolder);

            using var pool = new WorkerPool(Math.Max(1, parse.GetValue(threads)));
            var model = new LlamaTrainingModel(config, B, T, pool);
            model.InitializeRandom(options.Seed);
            double peak = MatmulPeak.Measure(pool);
            var store = new CheckpointStore(runFolder, options.KeepLastCheckpoints, tokenizerJson is null ? null : Path.GetDirectoryName(Path.GetFullPath(tokenizerJson)));
            PrintHeader(config, model, sampler, options, peak, B, T);

            string plotPath = Path.Combine(runFolder, "loss.png");
            var loop = new TrainingLoop(model, sampler, options, store, peak)
            {
                StepCompleted = report =>
                {
                    AnsiConsole.MarkupLine(FormatStep(report));
                    if (report.ValidationLoss is not null) TryPlot(Path.Combine(runFolder, TrainingLoop.MetricsFileName), plotPath);
                },
            };
            var summary = loop.Run(ct);
            TryPlot(loop.MetricsPath, plotPath);
            PrintSummary(summary, plotPath);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    internal static TimeSpan ParseDuration(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new WrenException($"--time '{text}' is not a duration (examples: 90s, 10m, 1.5h, 00:30:00)");
    }

    internal static string? FindTokenizer(string dataFolder, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            string file = Directory.Exists(explicitPath) ? Path.Combine(explicitPath, "tokenizer.json") : explicitPath;
            return File.Exists(file) ? file : throw new WrenException($"--tokenizer '{explicitPath}': no tokenizer.json there");
        }

        foreach (var folder in new[] { dataFolder, Path.GetDirectoryName(Path.GetFullPath(dataFolder)) })
        {
            if (folder is null) continue;
            string file = Path.Combine(folder, "tokenizer.json");
            if (File.Exists(file)) return file;
        }

        return null;
    }

    internal static string FormatStep(StepReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string val = r.ValidationLoss is { } v ? string.Create(c, $" | [green]val {v:F4}[/]") : "";
        string mfu = r.ModelFlopsUtilization > 0 ? string.Create(c, $" | MFU {r.ModelFlopsUtilization:P1}") : "";
        return string.Create(c,
            $"step {r.Step,6}/{r.TotalSteps} | loss {r.TrainLoss:F4}{val} | lr {r.LearningRate:E2} | gnorm {r.GradientNorm:F3} | {r.TokensPerSecond:N0} tok/s{mfu} | ETA {Format(r.Remaining)}");
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    private static void TryPlot(string metrics, string png)
    {
        try
        {
            LossPlot.Render(metrics, png);
        }
        catch (Exception e) when (e is IOException or TypeInitializationException or DllNotFoundException)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] could not render {Markup.Escape(png)}: {Markup.Escape(e.Message)}");
        }
    }

    private static void PrintHeader(Wren.Runtime.Formats.HuggingFace.LlamaConfig config, LlamaTrainingModel model, TokenWindowSampler sampler, TrainerOptions options, double peak, int b, int t)
    {
        var table = new Table().AddColumns("", "");
        table.AddRow("model", Markup.Escape($"{config.ArchitectureName}: C {config.HiddenSize}, L {config.NumHiddenLayers}, H {config.NumAttentionHeads}/{config.NumKeyValueHeads}, F {config.IntermediateSize}, V {config.VocabSize}"));
        table.AddRow("parameters", config.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("data", $"{sampler.Train.Length:N0} train / {sampler.Validation.Length:N0} validation tokens");
        table.AddRow("batch", $"{b} x {t} x {options.GradientAccumulation} = {b * t * options.GradientAccumulation:N0} tokens/step");
        table.AddRow("memory", $"{(model.Parameters.Count * 16.0 + model.ActivationFloats * 4.0) / (1 << 20):N0} MiB (params, grads, AdamW, activations)");
        table.AddRow("matmul peak", $"{peak / 1e9:N1} GFLOP/s on {model.Pool.ThreadCount} threads (MFU denominator)");
        AnsiConsole.Write(table);
    }

    private static void PrintSummary(TrainingSummary s, string plot)
    {
        var table = new Table().AddColumns("", "");
        table.AddRow("steps", s.Steps.ToString(CultureInfo.InvariantCulture));
        table.AddRow("tokens", s.TokensSeen.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("final train loss", s.FinalTrainLoss.ToString("F4", CultureInfo.InvariantCulture));
        table.AddRow("final validation loss", s.FinalValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("best validation loss", s.BestValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("time", s.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        table.AddRow("model", Markup.Escape(s.ModelFolder));
        table.AddRow("plot", Markup.Escape(plot));
        AnsiConsole.Write(table);
    }
}
