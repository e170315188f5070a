using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Tokenization;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren tokenizer train</c> and <c>wren tokenize</c> print (also in <c>wren build</c>'s tokenizer stage).</summary>
internal static class TokenizerView
{
    public static Table SummaryTable(TokenizerTrainingResult result, TokenizerTrainingOptions options)
    {
        var table = new Table().AddColumns("", "");
        table.AddRow("corpus files", result.CorpusFiles.ToString("N0"));
        table.AddRow("distinct words", result.DistinctWords.ToString("N0"));
        table.AddRow("vocabulary", result.Trained.Tokens.Count.ToString("N0"));
        table.AddRow("merges", result.Trained.Merges.Count.ToString("N0"));
        table.AddRow("pre-tokenizer", options.Regex.ToString());
        table.AddRow("skipped records", result.Skipped == 0 ? "0" : $"{result.Skipped:N0} (first: {Markup.Escape(result.FirstProblem ?? "")})");
        table.AddRow("time", $"{result.Elapsed.TotalSeconds:F1} s");
        table.AddRow("written", Markup.Escape(result.TokenizerJson));
        return table;
    }

    public static void Tokenized(IAnsiConsole console, CorpusTokenizingResult result, string outputDirectory)
    {
        var c = CultureInfo.InvariantCulture;
        var shards = result.Shards;
        var table = new Table().AddColumns("split", "documents", "tokens", "files");
        table.AddRow("train", shards.TrainDocuments.ToString("N0", c), shards.TrainTokens.ToString("N0", c), shards.TrainFiles.ToString(c));
        table.AddRow("val", shards.ValidationDocuments.ToString("N0", c), shards.ValidationTokens.ToString("N0", c), shards.ValidationFiles.ToString(c));
        console.Write(table);
        console.MarkupLine(string.Create(c, $"{result.CharactersPerSecond / 1e6:F1} M chars/s, {result.TokensPerSecond / 1e6:F2} M tokens/s, {result.Elapsed.TotalSeconds:F1} s; shards in {Markup.Escape(outputDirectory)}, validation documents in {Markup.Escape(result.HeldOutPath)} (for wren eval)"));
        if (result.Skipped > 0)
        {
            console.MarkupLine(string.Create(c, $"[yellow]skipped {result.Skipped:N0} malformed records[/] (first: {Markup.Escape(result.FirstProblem ?? "")})"));
        }
    }
}
