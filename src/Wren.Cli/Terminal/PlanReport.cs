using System.Globalization;
using Spectre.Console;
using Wren.Eval.Planning;
using Wren.Pipeline.Planning;

namespace Wren.Cli.Terminal;

/// <summary>Renders <c>wren plan</c>'s estimate and the GPU catalog as Spectre tables.</summary>
internal static class PlanReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void RenderCatalog(IAnsiConsole console, IEnumerable<HardwareSpec> gpus)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Known GPUs[/] (dense BF16, no sparsity)");
        table.AddColumn("name");
        table.AddColumn("what");
        table.AddColumn(new TableColumn("BF16 TFLOP/s").RightAligned());
        table.AddColumn(new TableColumn("memory").RightAligned());
        table.AddColumn(new TableColumn("bandwidth").RightAligned());
        foreach (HardwareSpec g in gpus)
        {
            table.AddRow(
                Markup.Escape(g.Name), Markup.Escape(g.Description),
                (g.PeakFlops / 1e12).ToString("0.#", Inv), Bytes(g.MemoryBytes), $"{g.MemoryBandwidth / 1e9:0} GB/s");
        }
        console.Write(table);
        console.MarkupLine("[grey]Sources:[/]");
        foreach (HardwareSpec g in gpus)
        {
            console.MarkupLine($"[grey]  {Markup.Escape(g.Name)}: {Markup.Escape(g.Source)}[/]");
        }
        console.MarkupLine("[grey]'--gpu cpu' measures this machine's CPU instead (SGEMM GFLOP/s and copy bandwidth).[/]");
    }

    /// <summary>Where the tokens came from, then the estimate.</summary>
    public static void Render(IAnsiConsole console, TrainingPlanResult plan)
    {
        if (plan.Tokens.Counted is { } counted)
        {
            console.MarkupLine($"[grey]Corpus: {counted.Documents:N0} documents, {counted.Bytes / 1e6:N1} MB, {counted.Tokens:N0} tokens ({counted.BytesPerToken:N2} bytes per token).[/]");
        }
        else if (plan.Tokens.IsChinchillaDefault)
        {
            console.MarkupLine("[grey]No --tokens: planning Chinchilla's 20 tokens per parameter.[/]");
        }
        Render(console, plan.Estimate);
    }

    public static void Render(IAnsiConsole console, TrainingEstimate e)
    {
        TrainingPlan p = e.Plan;
        ModelShape m = p.Model;
        HardwareSpec hw = p.Hardware;

        string shape = m.ShapeKnown
            ? $"L={m.Layers}, C={m.Hidden}, T={m.SequenceLength}, V={m.Vocabulary}"
            : $"shape assumed from N: L≈{m.Layers}, C≈{m.Hidden} (give --layers/--hidden for attention FLOPs)";
        var training = new Table().Border(TableBorder.Rounded).Title("[bold]Training[/]").HideHeaders();
        training.AddColumn("what");
        training.AddColumn("value");
        training.AddColumn("how");
        training.AddRow("model", $"{Count(m.Parameters)} parameters", Markup.Escape(shape));
        training.AddRow("data", $"{Count(e.TrainingTokens)} tokens", $"{Count(p.Tokens)} x {p.Epochs.ToString("0.##", Inv)} epoch(s)");
        training.AddRow("hardware", $"{p.GpuCount} x {Markup.Escape(hw.Name)}",
            $"{hw.PeakFlops / 1e12:0.#} TFLOP/s peak each ({Markup.Escape(hw.Description)})");
        string flopsHow = e.AttentionFlopsPerToken > 0
            ? $"(6·N + 6·L·T·C)·D = ({e.DenseFlopsPerToken:0.00e0} + {e.AttentionFlopsPerToken:0.00e0})·D"
            : "6·N·D (Chinchilla; no attention term without --layers/--hidden)";
        training.AddRow("training FLOPs", Sci(e.TrainingFlops), flopsHow);
        training.AddRow("MFU", e.Mfu.ToString("P1", Inv), e.MfuSolved ? "[yellow]solved from --days[/]" : "assumed (--mfu)");
        training.AddRow("wall-clock", Duration(e.Seconds), $"FLOPs / ({p.GpuCount} x peak x MFU)");
        training.AddRow("GPU-hours", e.GpuHours.ToString("N0", Inv), "");
        training.AddRow("cost", e.CostUsd is double cost ? cost.ToString("$#,0", Inv) : "[grey]give --price[/]",
            p.PricePerGpuHour is double price ? $"at ${price.ToString("0.00", Inv)} per GPU-hour" : "");
        if (e.CpuDays is double cpuDays && p.Cpu is CpuThroughput cpu)
        {
            training.AddRow("on this CPU", Duration(cpuDays * 86_400),
                $"at measured {cpu.SgemmFlops / 1e9:0.0} GFLOP/s SGEMM ({cpu.Threads} threads, {cpu.SimdPath}); an optimistic bound");
        }
        if (e.CpuTrainingDays is double trainingDays && p.MeasuredTraining is MeasuredTraining t)
        {
            string scaled = t.ScaledDown is null ? "the planned shape" : Markup.Escape(t.ScaledDown);
            training.AddRow("on this CPU (measured)", Duration(trainingDays * 86_400),
                $"{t.Steps} real training steps of {Markup.Escape(t.Shape)} ({scaled}): {t.TokensPerSecond.ToString("N0", Inv)} tokens/s, " +
                $"{t.ModelFlopsPerSecond / 1e9:0.0} GFLOP/s model FLOPs on {t.Threads} threads, {t.SecondsPerStep:0.00} s/step");
        }
        console.Write(training);

        var memory = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Memory per GPU[/] ({hw.MemoryBytes / 1e9:0} GB, {TrainingPlanner.UsableMemoryFraction:P0} usable; micro-batch {p.MicroBatch} x {m.SequenceLength} tokens)");
        memory.AddColumn("method");
        foreach (string h in new[] { "weights", "grads", "Adam m,v", "master", "activations", "total", "fits" })
        {
            memory.AddColumn(new TableColumn(h).RightAligned());
        }
        foreach (MemoryEstimate me in new[] { e.FullTraining, e.Lora, e.QLora })
        {
            string label = me.Method switch
            {
                "full" => p.GpuCount > 1 ? $"full ZeRO-{me.ZeroStage}" : "full",
                "LoRA" => $"LoRA r={p.LoraRank}",
                _ => $"QLoRA r={p.LoraRank}",
            };
            memory.AddRow(
                label, Bytes(me.WeightBytes), Bytes(me.GradientBytes), Bytes(me.OptimizerBytes), Bytes(me.MasterWeightBytes),
                Bytes(me.ActivationBytes) + (me.ActivationCheckpointing ? " [grey](ckpt)[/]" : ""),
                $"[bold]{Bytes(me.TotalBytes)}[/]", me.Fits ? "[green]yes[/]" : "[red]no[/]");
        }
        console.Write(memory);
        console.MarkupLine(
            $"[grey]full: BF16 weights and grads, FP32 master and AdamW moments (16 B/param){(p.GpuCount > 1 ? $", sharded over {p.GpuCount} GPUs by ZeRO stage" : "")}; " +
            "LoRA: frozen BF16 base, FP32 adapters on every linear layer; QLoRA: NF4 base (4.13 bits). ckpt = activation checkpointing.[/]");
        console.MarkupLine(e.MinimumGpus is int min
            ? $"Minimum {Markup.Escape(hw.Name)} count for full training: [bold]{min}[/] (ZeRO-3 sharding, activation checkpointing)."
            : $"[red]One micro-batch's activations do not fit one {Markup.Escape(hw.Name)}[/]: shorten --seq or use tensor/sequence parallelism.");

        ChinchillaComparison c = e.Chinchilla;
        string where = c.Ratio switch
        {
            < 0.8 => "[yellow]under-trained[/]: the same compute would do better on a smaller model",
            <= 1.25 => "[green]about compute-optimal[/]",
            _ => "over-trained (like LLaMA and Phi): more compute than optimal, buys a smaller model to serve",
        };
        console.MarkupLine(
            $"Chinchilla: 20 tokens/parameter = [bold]{Count(c.OptimalTokens)}[/] tokens; this plan has {c.Ratio.ToString("0.##", Inv)}x that, {where}. " +
            $"Compute-optimal for {Sci(e.TrainingFlops)} FLOPs: {Count(c.ComputeOptimalParameters)} parameters on {Count(c.ComputeOptimalTokens)} tokens.");

        int context = e.Inference.Count > 0 ? e.Inference[0].ContextLength : m.SequenceLength;
        var inference = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Inference[/] (one sequence, {context} tokens of F16 KV cache; decode ≤ bandwidth / bytes per token)");
        inference.AddColumn("format");
        inference.AddColumn(new TableColumn("bits/weight").RightAligned());
        inference.AddColumn(new TableColumn("weights").RightAligned());
        inference.AddColumn(new TableColumn("KV cache").RightAligned());
        inference.AddColumn(new TableColumn("total").RightAligned());
        inference.AddColumn(new TableColumn($"fits {Markup.Escape(hw.Name)}").RightAligned());
        inference.AddColumn(new TableColumn($"tok/s {Markup.Escape(hw.Name)}").RightAligned());
        bool cpuColumn = !hw.IsMeasured && e.Inference.Any(i => i.CpuDecodeTokensPerSecond is not null);
        if (cpuColumn)
        {
            inference.AddColumn(new TableColumn("tok/s this CPU").RightAligned());
        }
        foreach (InferenceEstimate i in e.Inference)
        {
            var row = new List<string>
            {
                i.Format.Name, i.Format.BitsPerWeight.ToString("0.#", Inv), Bytes(i.WeightBytes), Bytes(i.KeyValueCacheBytes),
                Bytes(i.TotalBytes), i.FitsOnGpu ? "[green]yes[/]" : "[red]no[/]", Rate(i.GpuDecodeTokensPerSecond),
            };
            if (cpuColumn)
            {
                row.Add(i.CpuDecodeTokensPerSecond is double r ? Rate(r) : "");
            }
            inference.AddRow(row.ToArray());
        }
        console.Write(inference);
        if (p.Cpu is CpuThroughput measured)
        {
            console.MarkupLine(
                $"[grey]This CPU: {measured.CopyBandwidth / 1e9:0.0} GB/s copy bandwidth (STREAM-style), " +
                $"{measured.SgemmFlops / 1e9:0.0} GFLOP/s FP32 SGEMM on {measured.Threads} threads ({measured.SimdPath}).[/]");
        }
    }

    /// <summary><c>wren plan finetune</c>'s estimate.</summary>
    public static void RenderFineTune(IAnsiConsole console, FineTuneCost.Result r)
    {
        var c = CultureInfo.InvariantCulture;
        var e = r.Estimate;
        var p = e.Plan;
        var table = SummaryTable.Create();
        table.AddRow("model", $"{(p.Model.Parameters / 1e6).ToString("#,0.###", c)}M parameters, {p.Model.Layers} layers, width {p.Model.Hidden}");
        table.AddRow("data", $"{r.Examples.ToString("N0", c)} conversations, {(e.TrainingTokens / p.Epochs).ToString("N0", c)} tokens per epoch ({r.TrainedTokens.ToString("N0", c)} trained) x {p.Epochs.ToString("0.##", c)} epochs");
        table.AddRow("compute", $"{e.TrainingFlops.ToString("0.00e0", c)} FLOPs ({Markup.Escape(p.Method)}: {(e.FlopsPerToken / p.Model.Parameters).ToString("0.0", c)}·N per token)");
        table.AddRow("time", $"{(e.Seconds / 3600).ToString("0.00", c)} h on {p.GpuCount} x {Markup.Escape(p.Hardware.Name)} at {e.Mfu.ToString("P0", c)} MFU");
        table.AddRow("GPU-hours", e.GpuHours.ToString("0.00", c));
        table.AddRow("cost", e.CostUsd is { } usd ? $"[green]${usd.ToString("0.00", c)}[/] at ${p.PricePerGpuHour!.Value.ToString("0.00", c)}/GPU-hour" : "give --price (US$ per GPU-hour)");
        double gb = e.Memory.TotalBytes / 1e9;
        table.AddRow("memory", $"{gb.ToString("0.0", c)} GB per GPU of {(p.Hardware.MemoryBytes / 1e9).ToString("0", c)} GB: " + (e.Memory.Fits ? "[green]fits[/]" : "[red]does not fit[/] (try qlora, a smaller --micro-batch or more GPUs)"));
        console.Write(table);
        console.MarkupLine("[grey]Estimates: FLOPs are exact for the shape; the time assumes the MFU given. Model download and start-up are not counted.[/]");
    }

    private static string Count(double x) => x switch
    {
        >= 1e12 => (x / 1e12).ToString("0.##", Inv) + "T",
        >= 1e9 => (x / 1e9).ToString("0.##", Inv) + "B",
        >= 1e6 => (x / 1e6).ToString("0.##", Inv) + "M",
        >= 1e3 => (x / 1e3).ToString("0.##", Inv) + "K",
        _ => x.ToString("0.##", Inv),
    };

    private static string Sci(double x) => x.ToString("0.00e0", Inv);

    private static string Bytes(double b) => b switch
    {
        >= 1e9 => (b / 1e9).ToString("0.0", Inv) + " GB",
        >= 1e6 => (b / 1e6).ToString("0", Inv) + " MB",
        _ => (b / 1e3).ToString("0", Inv) + " KB",
    };

    private static string Rate(double tokensPerSecond) =>
        tokensPerSecond >= 100 ? tokensPerSecond.ToString("N0", Inv) : tokensPerSecond.ToString("0.0", Inv);

    private static string Duration(double seconds) => seconds switch
    {
        < 3600 => (seconds / 60).ToString("0.#", Inv) + " minutes",
        < 2 * 86_400 => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):00} min",
        < 730 * 86_400 => (seconds / 86_400).ToString("0.#", Inv) + " days",
        _ => (seconds / 86_400 / 365.25).ToString("0.#", Inv) + " years",
    };
}
