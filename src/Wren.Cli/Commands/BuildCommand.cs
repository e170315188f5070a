using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Build;
using Wren.Pipeline.Explore;

namespace Wren.Cli.Commands;

/// <summary><c>wren build</c>: every stage, from a folder of data to an evaluated, exported model, skipping what is up to date.</summary>
internal static class BuildCommand
{
    internal static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Files and folders of data (as wren ingest reads them). Default: the recipe's sources, else the bundled samples/acme.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Build folder: one folder per stage, build.json, index.html", Required = true };
        var recipe = new Option<string?>("--recipe", "-r") { Description = "Recipe YAML (write one with `wren init`); default: the built-in recipe" };
        var preset = new Option<string?>("--preset") { Description = "Model preset, overriding the recipe's model.preset: tiny (~1M parameters), small (~10M), base (~30M); not used when the recipe sets model.base_model" };
        preset.AcceptOnlyFromAmong("tiny", "small", "base");
        var from = new Option<string?>("--from") { Description = $"Re-run from this stage even if up to date: {string.Join(", ", BuildStages.Names)}" };
        var threads = new Option<int>("--threads", "-j") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("build",
            "Run every stage: ingest -> curate -> tokenizer -> tokens -> train -> eval -> export (GGUF) -> sample generations, into OUT/<stage>/,\n" +
            "then write OUT/index.html (curation report, training curves, evaluation, cost plan, generations) and print a summary.\n" +
            "OUT/build.json records each stage's input hash (recipe section, inputs, tool version): a stage whose inputs are unchanged is skipped,\n" +
            "so after editing one recipe section only that stage and the ones after it run again. Ctrl-C stops cleanly; the same command resumes.\n" +
            "With model.base_model (an HF model folder) and finetune.data (chat JSONL) in the recipe, the train stage fine-tunes that model (LoRA or full)\n" +
            "with its own tokenizer and merges the adapter into OUT/train/model, so eval, export and sample run on the fine-tuned model.\n\n" +
            "Example: wren build --out out/\n" +
            "Example: wren init --out wren.yaml && wren build ~/company-docs --recipe wren.yaml --preset small --out out/");
        command.Arguments.Add(sources);
        foreach (Option o in new Option[] { output, recipe, preset, from, threads }) command.Options.Add(o);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            int? fromIndex = parse.GetValue(from) is { } f ? BuildStages.IndexOf(f) : null;
            string? recipePath = parse.GetValue(recipe);
            var context = BuildContext.Open(new BuildRequest
            {
                OutputDirectory = parse.GetValue(output)!,
                Sources = parse.GetValue(sources) ?? [],
                RecipePath = recipePath,
                Preset = parse.GetValue(preset),
                Threads = parse.GetValue(threads),
            }, new ConsoleBuildObserver(console));
            console.Out.MarkupLine($"Building [bold]{Markup.Escape(string.Join(", ", context.Sources))}[/] with {(recipePath is null ? "the default recipe" : Markup.Escape(recipePath))} into [bold]{Markup.Escape(context.OutputDirectory)}[/]");
            await BuildRunner.RunAsync(context, fromIndex, ct).ConfigureAwait(false);
            BuildSummary.Write(console.Out, context, clock.Elapsed);
            // A recipe that names no task builds a model for no purpose yet: say which tasks the data supports.
            var suggestions = await TaskSuggestions.ForBuildAsync(context, top: 3, ct).ConfigureAwait(false);
            if (suggestions.Count > 0)
            {
                console.Out.MarkupLine("The data also supports these targeted tasks ([bold]wren explore[/] for the full picture with measured baselines):");
                ExploreSummary.Candidates(console.Out, suggestions, max: 3);
            }

            return CliAction.Ok;
        });
        return command;
    }
}
