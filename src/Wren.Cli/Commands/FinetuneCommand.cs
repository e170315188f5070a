using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Training;
using Wren.Runtime;
using Wren.Training.FineTuning;
using Wren.Training.Lora;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands;

/// <summary><c>wren finetune</c>: supervised fine-tuning of a Hugging Face base model on chat JSONL, LoRA or full.</summary>
internal static class FinetuneCommand
{
    internal static Command Create(CliConsole console)
    {
        var baseModel = new Option<string>("--base") { Description = "Base model folder: config.json, model.safetensors, tokenizer.json and a chat template (chat_template.jinja or tokenizer_config.json's chat_template), or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Chat JSONL: {\"messages\": [{\"role\", \"content\"}, ...]} (OpenAI format) or {\"prompt\", \"completion\"} per line; bad lines are reported by number and skipped", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Run folder: model/ (the PEFT adapter, or the full model with --full), checkpoints/, best/, metrics.jsonl, loss.png, samples.jsonl", Required = true };
        var full = new Option<bool>("--full") { Description = "Train every weight instead of LoRA adapters (needs ~16 bytes per parameter of memory)" };
        var rank = new Option<int>("--lora-rank", "-r") { Description = "LoRA rank r", DefaultValueFactory = _ => 16 };
        var alpha = new Option<double>("--lora-alpha") { Description = "LoRA alpha (updates are scaled by alpha / r)", DefaultValueFactory = _ => 32 };
        var targets = new Option<string>("--lora-targets") { Description = "Comma-separated modules that get adapters: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj (Phi-3: qkv_proj and gate_up_proj, which their parts' names also select), or all-linear", DefaultValueFactory = _ => "q_proj,v_proj" };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps (default: 3 epochs)" };
        var epochs = new Option<double?>("--epochs") { Description = "Passes over the packed training rows" };
        var time = new Option<string?>("--time") { Description = "Train for this long, e.g. 90s, 10m, 2h" };
        var batch = new Option<int>("--batch", "-b") { Description = "Packed rows per micro-batch (B)", DefaultValueFactory = _ => 4 };
        var seq = new Option<int>("--seq", "-t") { Description = "Tokens per packed row (T; capped at the model's context)", DefaultValueFactory = _ => 512 };
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default 2e-4 with LoRA, 2e-5 with --full)" };
        var accumulation = new Option<int>("--grad-accum") { Description = "Micro-batches per optimizer step", DefaultValueFactory = _ => 1 };
        var warmup = new Option<long?>("--warmup") { Description = "Warmup steps (default 5% of the run)" };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Cosine, Wsd or Constant after warmup", DefaultValueFactory = _ => ScheduleKind.Cosine };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW decoupled weight decay", DefaultValueFactory = _ => 0.0 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Validation loss every N steps (validation: the last 5% of the conversations, from 20 on)", DefaultValueFactory = _ => 50 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N steps", DefaultValueFactory = _ => 200 };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Print a reply to --sample-prompt every N steps (and at the end), appended to RUN/samples.jsonl; 0 = never", DefaultValueFactory = _ => 0 };
        var samplePrompt = new Option<string?>("--sample-prompt") { Description = "User message for the samples (default: the first conversation's)" };
        var resume = new Option<bool>("--resume") { Description = "Continue exactly from the newest checkpoint in --out" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of adapter initialisation and data order", DefaultValueFactory = _ => 1337UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("finetune",
            "Fine-tune a Hugging Face base model on conversations. Each conversation is rendered with the model's own chat template, so the model learns the format it is " +
            "prompted with; loss is on the assistant replies (and their end-of-turn marker) only; short conversations are packed into rows. LoRA by default: RUN/model is a " +
            "PEFT adapter (adapter_config.json + adapter_model.safetensors) that PEFT loads and `wren merge` folds into a full model; --full writes a full model folder.\n" +
            "Example: wren finetune --base models/SmolLM2-135M-Instruct --data support.jsonl --out runs/support --lora-rank 16 --epochs 3 --sample-every 50");
        foreach (var o in new Option[] { baseModel, data, output, full, rank, alpha, targets, steps, epochs, time, batch, seq, lr, accumulation, warmup, schedule, weightDecay, evalEvery, checkpointEvery, sampleEvery, samplePrompt, resume, seed, threads })
            command.Options.Add(o);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            string runFolder = parse.GetValue(output)!;
            bool isFull = parse.GetValue(full);
            TimeSpan? limit = parse.GetValue(time) is { } text ? TrainingDuration.Parse(text) : null;
            long? stepCount = parse.GetValue(steps);
            double? epochCount = parse.GetValue(epochs);
            if (stepCount is not null && epochCount is not null) throw new WrenException("--steps and --epochs both set: give one");
            if (stepCount is null && epochCount is null && limit is null) epochCount = 3;
            var options = new FineTuneOptions
            {
                BaseModel = await ModelArgument.LocalPathAsync(console, parse.GetValue(baseModel)!, ct),
                DataPath = parse.GetValue(data)!,
                Lora = isFull ? null : new LoraSettings { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraSettings.ParseTargets(parse.GetValue(targets)!) },
                Batch = parse.GetValue(batch),
                SequenceLength = parse.GetValue(seq),
                Epochs = epochCount,
                Threads = Math.Max(1, parse.GetValue(threads)),
                SampleEvery = parse.GetValue(sampleEvery),
                SamplePrompt = parse.GetValue(samplePrompt),
                Trainer = new TrainerOptions
                {
                    OutputFolder = runFolder,
                    Steps = TrainerOptions.StepsFor(stepCount, limit),
                    TimeLimit = limit,
                    LearningRate = parse.GetValue(lr) ?? LoraSettings.DefaultLearningRate(lora: !isFull),
                    GradientAccumulation = Math.Max(1, parse.GetValue(accumulation)),
                    WarmupSteps = parse.GetValue(warmup),
                    Schedule = parse.GetValue(schedule),
                    Optimizer = new AdamWOptions { WeightDecay = parse.GetValue(weightDecay) },
                    EvalEvery = parse.GetValue(evalEvery),
                    CheckpointEvery = parse.GetValue(checkpointEvery),
                    Resume = parse.GetValue(resume),
                    Seed = parse.GetValue(seed),
                },
            };

            FineTuner prepared;
            using (var sink = new SpectreProgressSink(console.Out)) prepared = new FineTuner(options, sink);
            using var tuner = prepared;
            PrintHeader(console.Out, tuner);
            string plotPath = Path.Combine(runFolder, "loss.png");
            string metricsPath = Path.Combine(runFolder, TrainingLoop.MetricsFileName);
            Action<string> warn = warning => console.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            FineTuneSummary summary;
            using (var display = new TrainingDisplay(console.Out, "finetune"))
            {
                summary = tuner.Run(
                    report =>
                    {
                        display.Step(report);
                        if (report.ValidationLoss is not null) TrainingRun.TryPlot(metricsPath, plotPath, warn);
                    },
                    sample => console.Out.MarkupLine($"[blue]sample @ step {sample.Step}:[/] {Markup.Escape(sample.Text)}"),
                    ct);
            }
            TrainingRun.TryPlot(metricsPath, plotPath, warn);
            PrintSummary(console.Out, summary, tuner.BaseFolder, plotPath);
            return CliAction.Ok;
        });
        return command;
    }

    private static void PrintHeader(IAnsiConsole console, FineTuner tuner)
    {
        var o = tuner.Options;
        var d = tuner.Data;
        var c = tuner.Model.Config;
        var table = new Table().AddColumns("", "");
        table.AddRow("base", Markup.Escape($"{tuner.BaseFolder} ({c.ArchitectureName}, {c.ParameterCount:N0} parameters)"));
        table.AddRow("method", o.Lora is { } l
            ? Markup.Escape($"LoRA r={l.Rank} alpha={l.Alpha} on {string.Join(", ", l.Targets)}: {tuner.Model.Trainable.Count:N0} trainable parameters")
            : $"full fine-tuning: {tuner.Model.Trainable.Count:N0} trainable parameters");
        table.AddRow("template", Markup.Escape(tuner.Renderer is ChatTemplateRenderer ? "the model's chat template" : "ChatML (the model has none)"));
        table.AddRow("data", Markup.Escape($"{d.Examples.Count:N0} conversations, {d.Tokens:N0} tokens ({d.TrainableTokens:N0} assistant), {d.TrainingRows:N0} train / {d.ValidationRows:N0} validation rows of {tuner.Model.Time}"));
        if (d.TruncatedExamples > 0) table.AddRow("[yellow]truncated[/]", $"{d.TruncatedExamples:N0} conversations longer than {tuner.Model.Time + 1} tokens (raise --seq)");
        table.AddRow("run", $"{o.Trainer.Steps:N0} steps x {o.Batch} x {tuner.Model.Time} tokens, lr {o.Trainer.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}");
        console.Write(table);
        if (d.Errors.Count > 0)
        {
            console.MarkupLine($"[yellow]{d.Errors.Count} line(s) skipped:[/]");
            foreach (var e in d.Errors.Take(10)) console.MarkupLine("  " + Markup.Escape(e));
            if (d.Errors.Count > 10) console.MarkupLine($"  ... and {d.Errors.Count - 10} more");
        }
    }

    private static void PrintSummary(IAnsiConsole console, FineTuneSummary s, string baseFolder, string plot)
    {
        var t = s.Training;
        var table = new Table().AddColumns("", "");
        table.AddRow("steps", t.Steps.ToString(CultureInfo.InvariantCulture));
        table.AddRow("final train loss", t.FinalTrainLoss.ToString("F4", CultureInfo.InvariantCulture));
        table.AddRow("final validation loss", t.FinalValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("time", t.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        table.AddRow(s.IsLora ? "adapter" : "model", Markup.Escape(t.ModelFolder));
        table.AddRow("plot", Markup.Escape(plot));
        console.Write(table);
        if (s.IsLora)
            console.MarkupLine(Markup.Escape($"fold it into a standalone model: wren merge --base {baseFolder} --adapter {t.ModelFolder} --out <folder>"));
    }
}
