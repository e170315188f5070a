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
        var include = new Option<string[]>("--include") { Description = "Glob a file in a folder must match, e.g. '**/*.pdf' (repeatable; default: every file).", AllowMultipleArgumentsPerToken = false };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files in a folder to leave out, e.g. '**/drafts/**' (repeatable)." };
        var textColumn = new Option<string?>("--text-column") { Description = "CSV/TSV, Parquet and SQL: the column with the text (default: text, body, content, message or description; SQL: the second column)." };
        var textField = new Option<string?>("--text-field") { Description = "JSONL: the field with the text (default: text, body, content, message or description)." };
        var sql = new Option<string?>("--sql") { Description = "A query whose rows become documents: id column first, then the text; other columns go to metadata." };
        var connection = new Option<string?>("--connection") { Description = "Where --sql runs: a SQLite file or 'Data Source=x.db', or PostgreSQL 'Host=...;Username=...;Database=...' or postgres://user:pass@host/db." };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 1 if any input could not be read (default: report it, exit 0)." };
        var threads = new Option<int>("--threads") { Description = "Files read at the same time (default: the number of cores). Output is the same for any value.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var limits = new SourceLimitOptions();

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
        foreach (Option option in new Option[] { output, include, exclude, textColumn, textField, sql, connection, strict, threads })
        {
            command.Options.Add(option);
        }
        limits.AddTo(command);

        CliAction.Set(command, console, async (parseResult, cancellationToken) =>
        {
            var options = limits.Apply(parseResult, new SourceOptions
            {
                Include = parseResult.GetValue(include) ?? [],
                Exclude = parseResult.GetValue(exclude) ?? [],
                TextColumn = parseResult.GetValue(textColumn),
                TextField = parseResult.GetValue(textField),
                Sql = parseResult.GetValue(sql),
                Connection = parseResult.GetValue(connection),
                Threads = parseResult.GetValue(threads),
            });
            string outDirectory = parseResult.GetValue(output)!;
            IngestReport report;
            using (var progress = new SpectreProgressSink(console.Out))
            {
                report = await IngestPipeline.RunAsync(parseResult.GetValue(sources) ?? [], options, outDirectory, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            IngestSummary.Write(console.Out, report, outDirectory);
            return report.Errors.Count > 0 && parseResult.GetValue(strict) ? CliAction.UserError : CliAction.Ok;
        });
        return command;
    }
}
