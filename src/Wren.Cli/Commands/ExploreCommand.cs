using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Sources;
using Wren.Pipeline.Explore;
using Wren.Runtime;

namespace Wren.Cli.Commands;

/// <summary><c>wren explore</c>: what is in the data and which small models it could make (<see cref="Explorer"/>).</summary>
internal static class ExploreCommand
{
    internal static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Files and folders to look at, in any format wren ingest reads (documents, mail, records, SQLite files, archives).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Folder for explore.html (the report to read) and explore.json", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object on stdout (progress goes to stderr)" };
        var include = new Option<string[]>("--include") { Description = "Glob a file in a folder must match (repeatable)" };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out, e.g. '**/bad/**' (repeatable)" };
        var analyse = new Option<int>("--analyse-mb") { Description = "Megabytes analysed in full (curation dry run, PII, language, near-duplicates); above it a seeded share is, and the report says which. Every document is still read and counted.", DefaultValueFactory = _ => 128 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json to count tokens with (default: estimated as UTF-8 bytes / 4)" };
        var gpu = new Option<string>("--gpu") { Description = "GPU of the cost estimates (wren plan --gpu list)", DefaultValueFactory = _ => "H100" };
        var price = new Option<double>("--price") { Description = "US dollars per GPU-hour (0 leaves cost out)", DefaultValueFactory = _ => 2.5 };
        var noMeasure = new Option<bool>("--no-measure") { Description = "Do not measure this CPU (about 2 s); assume 50 GFLOP/s for the training times" };
        var minPerLabel = new Option<int>("--min-per-label") { Description = "Fewest examples a label needs to count (as wren task data's)", DefaultValueFactory = _ => 10 };
        var folds = new Option<int>("--folds") { Description = "Folds of the baselines' cross-validation", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Files read at the same time (default: the number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var limits = new SourceLimitOptions();

        var command = new Command("explore",
            "Look at an organization's data before building anything: what is there, what curation would keep, what personal data it holds,\n" +
            "and which small models its structure supports. Writes OUT/explore.html and OUT/explore.json:\n" +
            "  inventory   documents by format, words and tokens, languages, dates, mail senders (domains) and lists, tables and columns, unreadable files\n" +
            "  quality     the default curation recipe's keep/drop per kind with examples, duplicate and near-duplicate rates, PII counts (masked, never values)\n" +
            "  candidates  tasks found in the data's structure (label-like columns, ticket and Q&A tables, mail lists and folders, spam, reply pairs,\n" +
            "              reference documents, recurring fields), each with its examples, labels, a cross-validated TF-IDF baseline (with its learning\n" +
            "              curve and, as an estimate, the accuracy more labelled examples would bring), what Wren would build (size, time on this CPU,\n" +
            "              GPU cost) and the exact `wren task data` command that builds it\n" +
            "  cost        tokens after curation, each preset from scratch and a base model fine-tuned, and Chinchilla's view\n" +
            "Every document is read once, streaming; above --analyse-mb the close look is at a seeded share, said in the report.\n\n" +
            "Example: wren explore samples/acme --out explore/ --exclude '**/bad/**'\n" +
            "Example: wren explore ~/mail ~/exports/tickets.csv --out explore/ --json | jq '.candidates[] | {kind, examples, command}'");
        command.Arguments.Add(sources);
        foreach (Option o in new Option[] { output, json, include, exclude, analyse, tokenizer, gpu, price, noMeasure, minPerLabel, folds, threads }) command.Options.Add(o);
        limits.AddTo(command);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            int mb = parse.GetValue(analyse);
            if (mb < 1) throw new WrenException($"--analyse-mb must be at least 1 (got {mb})");
            var options = new ExploreOptions
            {
                Sources = parse.GetValue(sources) ?? [],
                Source = limits.Apply(parse, new SourceOptions
                {
                    Include = parse.GetValue(include) ?? [],
                    Exclude = parse.GetValue(exclude) ?? [],
                    Threads = parse.GetValue(threads),
                }),
                AnalyseBytes = (long)mb << 20,
                Tokenizer = parse.GetValue(tokenizer),
                Gpu = parse.GetValue(gpu)!,
                PricePerGpuHour = parse.GetValue(price),
                MeasureCpu = !parse.GetValue(noMeasure),
                MinPerLabel = parse.GetValue(minPerLabel),
                Folds = parse.GetValue(folds),
            };
            bool asJson = parse.GetValue(json);
            var report = await SpectreProgressSink.ShowAsync(asJson ? console.Error : console.Out, progress => Explorer.RunAsync(options, progress, cancellationToken: ct)).ConfigureAwait(false);

            var (jsonPath, htmlPath) = ExploreJson.Write(report, parse.GetValue(output)!);
            if (asJson) console.WriteLine(ExploreJson.Serialize(report));
            else ExploreSummary.Write(console.Out, report, htmlPath, jsonPath);
            return CliAction.Ok;
        });
        return command;
    }
}
