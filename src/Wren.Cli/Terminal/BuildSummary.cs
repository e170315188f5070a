using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Build;

namespace Wren.Cli.Terminal;

/// <summary>The table printed at the end of a build: every stage, whether it ran, how long, what it made, where.</summary>
internal static class BuildSummary
{
    public static void Write(IAnsiConsole console, BuildContext context, TimeSpan elapsed)
    {
        var state = context.State;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]wren build[/]")
            .AddColumns("stage", "status", "time", "result");
        foreach (var record in state.Stages)
        {
            string status = record.Status switch
            {
                StageStatus.Done => "[green]built[/]",
                StageStatus.Skipped => "[grey]up to date[/]",
                StageStatus.Failed => "[red]failed[/]",
                StageStatus.Cancelled => "[yellow]cancelled[/]",
                _ => Markup.Escape(record.Status),
            };
            string time = record.Status == StageStatus.Skipped ? "-" : record.Seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
            table.AddRow(Markup.Escape(record.Name + "/"), status, time, Markup.Escape(StageHeadline.For(record)));
        }
        console.Write(table);

        var train = state.Find(BuildStages.Train);
        if (train?.Metrics.TryGetValue("final_validation_loss", out double val) == true)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Final validation loss [bold]{val:F4}[/] (perplexity {Math.Exp(val):F1}) after {train.Metrics["steps"]:N0} steps on {train.Metrics["tokens_seen"]:N0} tokens."));
        }
        if (state.Find(BuildStages.Tasks) is { } tasks && StageHeadline.For(tasks) is { Length: > 0 } taskLine)
            console.MarkupLine($"Tasks: [bold]{Markup.Escape(taskLine)}[/] (test split; the tables above say who wins).");
        var generations = SampleGenerations.Read(context.OutputDirectory);
        if (generations.Count > 0)
        {
            console.MarkupLine("Sample generations (prompt in bold):");
            foreach (var (prompt, text) in generations) console.Write(Sample(prompt, text));
        }
        string root = Shown(context.OutputDirectory);
        string model = Path.Combine(root, BuildStages.Train, "model");
        string? gguf = state.Find(BuildStages.Export)?.Outputs.FirstOrDefault();
        console.MarkupLine($"Build finished in {elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s. Everything is in [bold]{Markup.Escape(root)}[/]:");
        console.MarkupLine($"  report     {Markup.Escape(Path.Combine(root, BuildIndexPage.FileName))} (tasks beside their baselines, curation, training curves, evaluation, cost plan)");
        console.MarkupLine($"  model      {Markup.Escape(model)} (Hugging Face folder)");
        foreach (string task in context.Recipe.Tasks.Select(t => t.Name))
            console.MarkupLine($"  task       {Markup.Escape(Path.Combine(root, BuildStages.Tasks, task))}/{{run/model, eval/task.html}} (wren task eval --model {Markup.Escape(Path.Combine(root, BuildStages.Tasks, task, "run"))} ...)");
        if (gguf is not null) console.MarkupLine($"  gguf       {Markup.Escape(Path.Combine(root, gguf))} (llama.cpp, Ollama, LM Studio)");
        console.MarkupLine($"  generate   wren generate --model {Markup.Escape(model)} --prompt \"...\"");
        console.MarkupLine($"  serve      wren serve --model {Markup.Escape(model)}");
    }

    /// <summary>A sample generation: the prompt in bold, the model's continuation after it.</summary>
    public static Panel Sample(string prompt, string text) =>
        new Panel(new Markup($"[bold]{Markup.Escape(prompt)}[/]{Markup.Escape(text)}")).Border(BoxBorder.Rounded).Expand();

    /// <summary>A path as the user would type it: relative to the current folder when it is inside it.</summary>
    private static string Shown(string path)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
