using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Sources;

namespace Wren.Cli.Commands;

/// <summary><c>wren ingest</c>: sources in, document shards out (<see cref="IngestPipeline"/>).</summary>
internal static class IngestCommand
{
    internal static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Files and folders to read (folders recursively). Formats: .txt .md .html .pdf .docx .eml .mbox .csv .tsv " +
                ".jsonl .parquet, archives .zip .tar.gz (entries read by extension), single .gz/.zst files.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output folder: documents/part-NNNNN.jsonl.zst and ingest-errors.jsonl go here.", Required = true };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 1 if any input could not be read (default: report it, exit 0)." };
        var threads = new Option<int>("--threads") { Description = "Files read at the same time (default: the number of cores). Output is the same for any value.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var reading = new SourceReadingOptions();

        var command = new Command("ingest",
            "Read an organization's files, mail, records and databases into document shards that curation reads.\n" +
            "Writes OUT/documents/part-NNNNN.jsonl.zst with records {id, text, source, metadata} (ids are stable across runs:\n" +
            "a hash of the source and the location in it) and OUT/ingest-errors.jsonl with one {file, error, level} per bad input\n" +
            "(level error) or input read with a caveat (level warning: Latin-1 text, a CSV quote never closed, a page nested too deep).\n" +
            "Bad inputs are reported and skipped; the run goes on. Nothing outside the folders given is read (symbolic links that\n" +
            "lead out are listed, not followed), and archives, compressed files and documents are held to the limits below.\n\n" +
            "Example: wren ingest samples/acme --out out/ --exclude '**/bad/**'\n" +
            "Example: wren ingest --sql \"SELECT id, body, status FROM tickets\" --connection samples/acme/records/support.db --out out/");
        command.Arguments.Add(sources);
        foreach (Option option in new Option[] { output, strict, threads })
        {
            command.Options.Add(option);
        }
        reading.AddTo(command);

        CliAction.Set(command, console, async (parseResult, cancellationToken) =>
        {
            var options = reading.Read(parseResult, parseResult.GetValue(threads));
            string outDirectory = parseResult.GetValue(output)!;
            var report = await SpectreProgressSink.ShowAsync(console.Out,
                progress => IngestPipeline.RunAsync(parseResult.GetValue(sources) ?? [], options, outDirectory, progress, cancellationToken: cancellationToken)).ConfigureAwait(false);
            IngestSummary.Write(console.Out, report, outDirectory);
            return report.Errors.Count > 0 && parseResult.GetValue(strict) ? CliAction.UserError : CliAction.Ok;
        });
        return command;
    }
}
