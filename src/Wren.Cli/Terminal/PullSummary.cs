using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Build;
using Wren.Runtime.Hub;

namespace Wren.Cli.Terminal;

/// <summary>What a pull did, as a table for <c>wren pull</c> and as one line for a verb that pulled its model first.</summary>
internal static class PullSummary
{
    public static Table Table(HubPullResult result, TimeSpan elapsed)
    {
        var table = SummaryTable.Create();
        table.AddRow("model", Markup.Escape(result.Reference.ToString()));
        table.AddRow("commit", result.CommitHash);
        table.AddRow("files", Markup.Escape(FileList(result)));
        table.AddRow("size", ByteSize.Format(result.TotalBytes));
        table.AddRow("downloaded", Downloaded(result, elapsed));
        if (result.OfflineReason is { } why) table.AddRow("[yellow]offline[/]", Markup.Escape($"the cache served it ({why})"));
        table.AddRow("path", $"[blue]{Markup.Escape(result.Path)}[/]");
        return table;
    }

    public static string Line(HubPullResult result, TimeSpan elapsed) =>
        $"{result.Reference} (commit {result.CommitHash[..Math.Min(12, result.CommitHash.Length)]}): {result.Files.Count} file(s), {ByteSize.Format(result.TotalBytes)}; " +
        $"{Downloaded(result, elapsed)}" + (result.OfflineReason is { } why ? $"; offline: {why}" : "") + $"; at {result.Path}";

    private static string Downloaded(HubPullResult result, TimeSpan elapsed)
    {
        if (result.FilesDownloaded == 0 && result.BytesDownloaded == 0) return "nothing (all in the cache)";
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        string rate = (result.BytesDownloaded / seconds / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        return $"{ByteSize.Format(result.BytesDownloaded)} in {result.FilesDownloaded} file(s), {seconds.ToString("F1", CultureInfo.InvariantCulture)} s ({rate} MB/s)";
    }

    private static string FileList(HubPullResult result)
    {
        const int Shown = 6;
        string list = string.Join(", ", result.Files.Take(Shown));
        return result.Files.Count > Shown ? $"{list}, ... ({result.Files.Count} in all)" : list;
    }
}
