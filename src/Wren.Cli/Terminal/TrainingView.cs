using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Training;
using Wren.Training.Trainer;

namespace Wren.Cli.Terminal;

/// <summary>How a training run looks on the console: the header table, a line per step, the summary table.</summary>
internal static class TrainingView
{
    /// <summary>One step: loss, learning rate, gradient norm, speed, MFU and ETA; a time-limited run's step count is its estimate (~).</summary>
    public static string StepLine(StepReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string val = r.ValidationLoss is { } v ? string.Create(c, $" | [green]val {v:F4}[/]") : "";
        string mfu = r.ModelFlopsUtilization > 0 ? string.Create(c, $" | MFU {r.ModelFlopsUtilization:P1}") : "";
        return string.Create(c,
            $"step {r.Step,6}/{(r.TimeLimited ? "~" : "")}{r.TotalSteps} | loss {r.TrainLoss:F4}{val} | lr {r.LearningRate:E2} | gnorm {r.GradientNorm:F3} | {r.TokensPerSecond:N0} tok/s{mfu} | ETA {Format(r.Remaining)}");
    }

    /// <summary>A sample generation during training: the continuation, after the prompt when it is plain text (pretraining) rather than a chat turn.</summary>
    public static string SampleLine(TrainingSample sample, bool withPrompt) =>
        $"[blue]sample @ step {sample.Step}:[/] {Markup.Escape(withPrompt ? sample.Prompt + sample.Text : sample.Text)}";

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    public static Table HeaderTable(TrainingRun run)
    {
        var config = run.Config;
        var model = run.Model;
        var sampler = run.Sampler;
        var options = run.Trainer;
        double peak = run.PeakFlops;
        int b = model.Batch, t = model.Time;
        var table = new Table().AddColumns("", "");
        table.AddRow("model", Markup.Escape($"{config.ArchitectureName}: C {config.HiddenSize}, L {config.NumHiddenLayers}, H {config.NumAttentionHeads}/{config.NumKeyValueHeads}, F {config.IntermediateSize}, V {config.VocabSize}"));
        table.AddRow("parameters", config.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("data", $"{sampler.Train.Length:N0} train / {sampler.Validation.Length:N0} validation tokens");
        if (sampler.HoldOutReason is { } why) table.AddRow("[yellow]warning[/]", $"[yellow]{Markup.Escape(why)}[/]");
        table.AddRow("batch", $"{b} x {t} x {options.GradientAccumulation} = {run.TokensPerStep:N0} tokens/step");
        table.AddRow("memory", $"{run.MemoryBytes / (1024.0 * 1024):N0} MiB (params, grads, AdamW, activations)");
        if (options.CheckpointActivations || options.Bf16MatrixProducts)
            table.AddRow("compute", string.Join(", ", new[] { options.CheckpointActivations ? "activation checkpointing" : null, options.Bf16MatrixProducts ? "BF16 matrix products (FP32 accumulation)" : null }.OfType<string>()));
        table.AddRow("matmul peak", $"{peak / 1e9:N1} GFLOP/s on {model.Pool.ThreadCount} threads (MFU denominator)");
        return table;
    }

    public static Table SummaryTable(TrainingSummary s, string plot)
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
        return table;
    }
}
