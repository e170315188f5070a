using System.Runtime.CompilerServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// FineWeb's rules with datatrove's semantics: lines are <c>split("\n")</c>; the share of lines
/// ending in punctuation, the share of short lines, duplicated-line characters over the text's
/// characters without newlines, and newlines per word token.
/// </summary>
public sealed class FineWebQualityStep : IDocumentStep
{
    private readonly FineWebOptions _options;

    public FineWebQualityStep(FineWebOptions options) => _options = options;

    public string Name => "fineweb";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("line_punct_ratio", 0, 1, 20), new("short_line_ratio", 0, 1, 20)];

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        var lines = TextLines.SplitOnNewline(text);
        int punct = 0, shortLines = 0;
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            if (line.Length > 0 && line[^1] is '.' or '\'' or '"' or '!' or '?')
            {
                punct++;
            }
            if (line.Length <= _options.ShortLineLength)
            {
                shortLines++;
            }
        }
        double punctRatio = (double)punct / lines.Count;
        document.SetScore("line_punct_ratio", punctRatio);
        if (punctRatio <= _options.LinePunctThr && !(punctRatio == 0 && _options.LinePunctExcludeZero))
        {
            return StepResult.Drop("line_punct_ratio", punctRatio, _options.LinePunctThr);
        }
        double shortRatio = (double)shortLines / lines.Count;
        document.SetScore("short_line_ratio", shortRatio);
        if (shortRatio >= _options.ShortLineThr)
        {
            return StepResult.Drop("short_line_ratio", shortRatio, _options.ShortLineThr);
        }
        var unique = HashCounter.ForThread;
        unique.Reset(lines.Count);
        long duplicateChars = 0;
        string? example = null;
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            if (line.IsWhiteSpace())
            {
                continue;
            }
            if (!unique.Add(TextHash.Of(line)))
            {
                duplicateChars += line.Length;
                example ??= line.ToString();
            }
        }
        int charsWithoutNewlines = text.Length - (lines.Count - 1);
        double dupRatio = charsWithoutNewlines == 0 ? 0 : (double)duplicateChars / charsWithoutNewlines;
        if (dupRatio >= _options.CharDuplicatesRatio)
        {
            return StepResult.Drop("char_dup_ratio", dupRatio, _options.CharDuplicatesRatio, example);
        }
        int tokens = document.Tokens.Count;
        double newlineRatio = tokens == 0 ? double.PositiveInfinity : (double)(lines.Count - 1) / tokens;
        if (newlineRatio > _options.NewLineRatio)
        {
            return StepResult.Drop("list_ratio", newlineRatio, _options.NewLineRatio);
        }
        return StepResult.Keep;
    }
}
