using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Slurm;
using Wren.Data.Sources;
using Wren.Runtime;

namespace Wren.Cli.Commands;

/// <summary><c>wren curate</c>: clean, filter, deduplicate, redact and vet documents, accounting for every decision.</summary>
internal static class CurateCommand
{
    internal static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "What to curate: a previous documents/ folder or JSONL shards with a \"text\" field (*.jsonl, *.jsonl.zst, *.jsonl.gz), " +
                "or anything 'wren ingest' reads (files, folders, archives: .txt .md .html .pdf .docx .eml .mbox .csv .parquet .zip .tar.gz ...), or both.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder: curated/ (kept documents), rejected/ (dropped ones with step, rule, value, threshold: part-N from the per-document steps, corpus-N from dedup and boilerplate), stats.json, report.html." };
        var config = new Option<string?>("--config", "-c") { Description = "Recipe YAML (default: the built-in recipe; see --init)." };
        var init = new Option<string?>("--init") { Description = "Write the default recipe, every threshold commented, to this path (default curate.yaml) and exit.", Arity = ArgumentArity.ZeroOrOne };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the recipe's steps and what they would do to a sample of the input; write nothing." };
        var sample = new Option<int>("--sample") { Description = "Documents read by --dry-run.", DefaultValueFactory = _ => 1000 };
        var explain = new Option<string?>("--explain") { Description = "Print one document's path through the steps, by id: each step's outcome, and for a drop its rule, value, threshold and evidence (the repeated lines or n-grams with their counts, the measure beside its threshold)." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in --out: finished tasks are skipped." };
        var threads = new Option<int>("--threads", "-j") { Description = "Parallel tasks (default: all cores). The output is the same for any value.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html." };
        var executor = new Option<string>("--executor") { Description = "Where the tasks run: local (this machine, --threads at once) or slurm (one job array per stage, submitted with sbatch; --out must be on a folder the nodes share).", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var partition = new Option<string?>("--partition") { Description = "--executor slurm: the partition to submit to (default: the cluster's default)." };
        var tasks = new Option<int?>("--tasks") { Description = "Split the input into this many shards, so each per-shard stage runs as this many tasks (document order is kept). Default: one task per input shard." };
        var tasksAtOnce = new Option<int?>("--tasks-at-once") { Description = "--executor slurm: at most this many tasks of a stage run at once (sbatch --array=...%N)." };
        var sbatchArgs = new Option<string[]>("--sbatch-arg") { Description = "--executor slurm: an extra sbatch argument for every job, e.g. --sbatch-arg=--time=02:00:00 (repeatable)." };
        var reading = new SourceReadingOptions();
        var command = new Command("curate",
            "Clean, filter, deduplicate, redact and decontaminate documents; every dropped or changed document says which step, rule, value, threshold and evidence.\n" +
            "The rules decide as datatrove's main branch does; the recipe's 'kinds' gives long-form documents, mail and records (from ingest's format) their own thresholds.\n" +
            "Steps: normalize, gopher_repetition, language, gopher_quality, c4, fineweb, quality_model, pii, decontamination, dedup (exact + MinHash LSH), boilerplate.\n" +
            "Tasks: each stage runs as tasks over input shards; a task writes its outputs atomically, then a completion marker, so\n" +
            "--resume continues a killed run, and --executor slurm runs the same tasks as Slurm job arrays.\n" +
            "Example: wren curate documents/ --out curated-run --config curate.yaml\n" +
            "Example: wren curate samples/acme --out /shared/run --executor slurm --partition batch --tasks 64");
        command.Arguments.Add(sources);
        foreach (var option in new Option[] { output, config, init, dryRun, sample, explain, resume, threads, noReport, executor, partition, tasks, tasksAtOnce, sbatchArgs })
        {
            command.Options.Add(option);
        }
        reading.AddTo(command);
        CliAction.Set(command, console, (parseResult, cancellationToken) =>
        {
            var terminal = console.Out;
            if (parseResult.GetResult(init) is not null)
            {
                string path = parseResult.GetValue(init) ?? "curate.yaml";
                Wren.Runtime.Diagnostics.AtomicFile.WriteAllText(path, RecipeYaml.DefaultWithComments());
                terminal.MarkupLine($"Wrote the default recipe to [bold]{Markup.Escape(path)}[/].");
                return Task.FromResult(CliAction.Ok);
            }
            string? configPath = parseResult.GetValue(config);
            var recipe = configPath is null ? new CurationRecipe() : RecipeYaml.Load(configPath);
            var curationSources = new CurationSources
            {
                Paths = parseResult.GetValue(sources) ?? [],
                Ingest = reading.Read(parseResult, Math.Max(1, parseResult.GetValue(threads))),
                Tasks = parseResult.GetValue(tasks),
            };
            string? explainId = parseResult.GetValue(explain);
            if (explainId is not null)
            {
                CurationView.Explanation(terminal, CurationPipeline.Explain(CurationInputs.Documents(curationSources, cancellationToken), recipe, explainId)
                    ?? throw new WrenException($"curate --explain: no document with id '{explainId}' in the sources"));
                return Task.FromResult(CliAction.Ok);
            }
            if (parseResult.GetValue(dryRun))
            {
                var stats = CurationPipeline.DryRun(CurationInputs.Documents(curationSources, cancellationToken), recipe, parseResult.GetValue(sample));
                terminal.MarkupLine($"Dry run of the {(configPath is null ? "default" : Markup.Escape(configPath))} recipe on up to {parseResult.GetValue(sample)} documents of {Markup.Escape(string.Join(", ", curationSources.Paths))} (dedup and boilerplate need the whole corpus and are not sampled):");
                terminal.Write(CurationView.StepTable(stats));
                return Task.FromResult(CliAction.Ok);
            }
            string outDir = parseResult.GetValue(output) ?? throw new WrenException("curate: --out DIR is required (where curated/, rejected/, stats.json go)");
            bool resuming = parseResult.GetValue(resume);
            if (parseResult.GetValue(executor) != "slurm"
                && (parseResult.GetValue(partition) is not null || parseResult.GetValue(tasksAtOnce) is not null || (parseResult.GetValue(sbatchArgs) ?? []).Length > 0))
            {
                throw new WrenException("curate: --partition, --tasks-at-once and --sbatch-arg are for --executor slurm");
            }
            ICurationExecutor? runner = parseResult.GetValue(executor) == "slurm"
                ? new SlurmExecutor(new SlurmOptions
                {
                    WorkerCommand = WrenExecutable.Command(),
                    Partition = parseResult.GetValue(partition),
                    MaxRunning = parseResult.GetValue(tasksAtOnce),
                    ExtraArguments = parseResult.GetValue(sbatchArgs) ?? [],
                })
                : null;
            CurationStatistics result;
            try
            {
                using var progress = new SpectreProgressSink(terminal);
                var inputs = CurationInputs.Prepare(curationSources, new CurationLayout(outDir), resuming, progress, cancellationToken);
                if (inputs.IngestErrors > 0)
                {
                    terminal.MarkupLine($"[yellow]{inputs.IngestErrors} input(s) could not be read[/] (listed in {Markup.Escape(inputs.ErrorsFile!)}); curating the rest.");
                }
                result = CurationPipeline.Run(new CurationRunOptions
                {
                    Inputs = inputs.Shards,
                    OutputDirectory = outDir,
                    Recipe = recipe,
                    Threads = parseResult.GetValue(threads),
                    Resume = resuming,
                    WriteReport = !parseResult.GetValue(noReport),
                    Executor = runner,
                    Progress = progress,
                }, cancellationToken);
            }
            catch (CurationTasksFailedException e)
            {
                terminal.Write(CurationView.FailureTable(e.Failures));
                terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return Task.FromResult(CliAction.UserError);
            }
            CurationView.Summary(terminal, result, outDir);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
