using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Cli.Commands;

/// <summary><c>wren curate</c>: clean, filter, deduplicate, redact and vet documents, accounting for every decision.</summary>
internal static class CurateCommand
{
    internal static Command Create()
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Document shards: files or folders of *.jsonl, *.jsonl.zst or *.jsonl.gz with {\"id\",\"text\",\"source\",\"metadata\"} (e.g. a previous documents/ folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder: curated/, rejected/, stats.json, report.html." };
        var config = new Option<string?>("--config", "-c") { Description = "Recipe YAML (default: the built-in recipe; see --init)." };
        var init = new Option<string?>("--init") { Description = "Write the default recipe, every threshold commented, to this path (default curate.yaml) and exit.", Arity = ArgumentArity.ZeroOrOne };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the recipe's steps and what they would do to a sample of the input; write nothing." };
        var sample = new Option<int>("--sample") { Description = "Documents read by --dry-run.", DefaultValueFactory = _ => 1000 };
        var explain = new Option<string?>("--explain") { Description = "Print one document's path through the steps, by id." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in --out: finished tasks are skipped." };
        var threads = new Option<int>("--threads", "-j") { Description = "Parallel tasks (default: all cores). The output is the same for any value.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html." };
        var command = new Command("curate",
            "Clean, filter, deduplicate, redact and decontaminate documents; every dropped or changed document says which step, rule, value and threshold.\n" +
            "Steps: normalize, language, gopher_repetition, gopher_quality, c4, fineweb, quality_model, pii, decontamination, dedup (exact + MinHash LSH), boilerplate.\n" +
            "Example: wren curate documents/ --out curated-run --config curate.yaml");
        command.Arguments.Add(sources);
        foreach (var option in new Option[] { output, config, init, dryRun, sample, explain, resume, threads, noReport })
        {
            command.Options.Add(option);
        }
        CliAction.Set(command, (parseResult, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            if (parseResult.GetResult(init) is not null)
            {
                string path = parseResult.GetValue(init) ?? "curate.yaml";
                Wren.Runtime.Diagnostics.AtomicFile.WriteAllText(path, RecipeYaml.DefaultWithComments());
                console.MarkupLine($"Wrote the default recipe to [bold]{Markup.Escape(path)}[/].");
                return Task.FromResult(CliAction.Ok);
            }
            string? configPath = parseResult.GetValue(config);
            var recipe = configPath is null ? new CurationRecipe() : RecipeYaml.Load(configPath);
            string[] paths = parseResult.GetValue(sources) ?? [];
            if (paths.Length == 0)
            {
                throw new WrenException("curate: give at least one SOURCE (a file or folder of document shards)");
            }
            var inputs = CurationInputs.FromPaths(paths);
            string? explainId = parseResult.GetValue(explain);
            if (explainId is not null)
            {
                return Task.FromResult(Explain(console, inputs, recipe, explainId));
            }
            if (parseResult.GetValue(dryRun))
            {
                var stats = CurationPipeline.DryRun(inputs.SelectMany(DocumentShardReader.Read), recipe, parseResult.GetValue(sample));
                console.MarkupLine($"Dry run of the {(configPath is null ? "default" : Markup.Escape(configPath))} recipe on up to {parseResult.GetValue(sample)} documents from {inputs.Count} shards (dedup and boilerplate need the whole corpus and are not sampled):");
                console.Write(StepTable(stats));
                return Task.FromResult(CliAction.Ok);
            }
            string outDir = parseResult.GetValue(output) ?? throw new WrenException("curate: --out DIR is required (where curated/, rejected/, stats.json go)");
            CurationStatistics result;
            using (var progress = new SpectreProgressSink(console))
            {
                result = CurationPipeline.Run(new CurationRunOptions
                {
                    Inputs = inputs,
                    OutputDirectory = outDir,
                    Recipe = recipe,
                    Threads = parseResult.GetValue(threads),
                    Resume = parseResult.GetValue(resume),
                    WriteReport = !parseResult.GetValue(noReport),
                    Progress = progress,
                }, cancellationToken);
            }
            console.Write(StepTable(result.Steps.ToArray()));
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Kept [green]{result.Output.Documents:N0}[/] of {result.Input.Documents:N0} documents ({result.Output.Bytes / 1e6:0.0} of {result.Input.Bytes / 1e6:0.0} MB) in {result.WallSeconds:0.0} s. Outputs in [bold]{Markup.Escape(outDir)}[/]."));
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    private static int Explain(IAnsiConsole console, IReadOnlyList<string> inputs, CurationRecipe recipe, string id)
    {
        var found = CurationPipeline.Explain(inputs.SelectMany(DocumentShardReader.Read), recipe, id)
            ?? throw new WrenException($"curate --explain: no document with id '{id}' in the sources");
        var (document, trace, rejection) = found;
        console.MarkupLine($"Document [bold]{Markup.Escape(document.Id)}[/] from {Markup.Escape(document.Source)} ({document.Text.Length:N0} chars)");
        var table = new Table().AddColumns("step", "outcome", "rule", "value", "threshold", "chars", "evidence");
        foreach (var t in trace)
        {
            table.AddRow(
                Markup.Escape(t.Step),
                t.Outcome switch { "dropped" => "[red]dropped[/]", "changed" => "[yellow]changed[/]", _ => "[green]kept[/]" },
                Markup.Escape(t.Rule ?? ""),
                t.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
                t.Threshold?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
                $"{t.CharsBefore} -> {t.CharsAfter}",
                Markup.Escape(Shorten(t.Evidence ?? "", 60)));
        }
        console.Write(table);
        if (trace.Count > 0)
        {
            console.MarkupLine($"Scores: {Markup.Escape(trace[^1].Scores)}");
        }
        console.MarkupLine(rejection is null
            ? "[green]Kept[/] by every per-document step (dedup and boilerplate are decided over the whole corpus)."
            : $"[red]Dropped[/] by {Markup.Escape(rejection.Step)}/{Markup.Escape(rejection.Rule)}.");
        return CliAction.Ok;
    }

    internal static Table StepTable(StepStatistics[] steps)
    {
        var table = new Table().AddColumns("step", "docs in", "kept", "dropped", "changed", "top rules", "MB/s");
        foreach (var s in steps)
        {
            string rules = string.Join(", ", s.Dropped.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key} {kv.Value:N0}"));
            double rate = s.Seconds > 0 ? s.BytesIn / 1e6 / s.Seconds : 0;
            table.AddRow(Markup.Escape(s.Step), s.DocumentsIn.ToString("N0", CultureInfo.InvariantCulture), s.Kept.ToString("N0", CultureInfo.InvariantCulture),
                s.DroppedTotal.ToString("N0", CultureInfo.InvariantCulture), s.Changed.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(rules),
                rate.ToString("0.0", CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text.ReplaceLineEndings(" ") : text[..max].ReplaceLineEndings(" ") + "…";
}
