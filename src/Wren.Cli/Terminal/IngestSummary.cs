using Spectre.Console;
using Wren.Data.Sources;

namespace Wren.Cli.Terminal;

/// <summary>The table <c>wren ingest</c> prints at the end: per format files, documents, bytes and errors,
/// then the first bad inputs and where the full list is.</summary>
internal static class IngestSummary
{
    private const int ErrorsShown = 10;

    public static void Write(IAnsiConsole console, IngestReport report, string outDirectory)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]ingest[/]");
        table.AddColumn("format");
        table.AddColumn(new TableColumn("files").RightAligned());
        table.AddColumn(new TableColumn("documents").RightAligned());
        table.AddColumn(new TableColumn("MB").RightAligned());
        table.AddColumn(new TableColumn("errors").RightAligned());
        foreach (FormatStatistics f in report.Formats)
        {
            table.AddRow(
                Markup.Escape(f.Format),
                f.Files.ToString("N0"),
                f.Documents.ToString("N0"),
                (f.Bytes / 1e6).ToString("N2"),
                f.Errors > 0 ? $"[yellow]{f.Errors:N0}[/]" : "0");
        }
        double seconds = Math.Max(report.Elapsed.TotalSeconds, 1e-9);
        table.AddEmptyRow();
        table.AddRow(
            "[bold]input[/]",
            report.InputFiles.ToString("N0"),
            $"[bold]{report.Documents:N0}[/]",
            (report.InputBytes / 1e6).ToString("N2"),
            report.Errors.Count > 0 ? $"[yellow]{report.Errors.Count:N0}[/]" : "0");
        table.Caption($"{report.Elapsed.TotalSeconds:F1}s, {report.InputBytes / 1e6 / seconds:F1} MB/s, {report.Documents / seconds:F0} docs/s");
        console.Write(table);

        if (report.Skipped.Count > 0)
        {
            var extensions = report.SkippedByExtension().Select(e => $"{(e.Key.Length == 0 ? "(none)" : e.Key)} x{e.Value}");
            console.MarkupLine($"[grey]skipped {report.Skipped.Count} file(s) of unknown formats: {Markup.Escape(string.Join(", ", extensions))}[/]");
        }
        string shards = Path.Combine(outDirectory, IngestPipeline.DocumentsFolder);
        console.MarkupLine($"wrote {report.Documents:N0} documents in {report.ShardFiles.Count} shard(s) to [blue]{Markup.Escape(shards)}[/]");
        WriteList(console, report.Warnings,
            $"[yellow]{report.Warnings.Count} input(s) read with a caveat[/] (listed in [blue]{Markup.Escape(report.ErrorsFile)}[/] with level \"warning\"):");
        WriteList(console, report.Errors,
            $"[yellow]warning: {report.Errors.Count} input(s) could not be read[/] (all listed in [blue]{Markup.Escape(report.ErrorsFile)}[/]):");
    }

    /// <summary>A heading and the first inputs of a list, when it is not empty.</summary>
    private static void WriteList(IAnsiConsole console, IReadOnlyList<IngestError> items, string heading)
    {
        if (items.Count == 0)
        {
            return;
        }
        console.MarkupLine(heading);
        SummaryTable.WriteSome(console, [.. items.Select(item => $"[yellow]{Markup.Escape(item.File)}[/]: {Markup.Escape(item.Error)}")], ErrorsShown);
    }
}
