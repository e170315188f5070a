using System.Runtime.CompilerServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;
using static System.FormattableString;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// FineWeb's rules as datatrove's <c>FineWebQualityFilter</c> decides them, checked against datatrove's main
/// branch at a649de79 (2026-08-13; the filter's decisions last changed in 84277597, 2024-12-06, which made
/// every comparison strict, left blank lines out and took the stop characters from
/// <c>TERMINAL_PUNCTUATION</c>): the lines are <c>text.split("\n")</c> without the blank ones (none left:
/// rule <c>empty</c>); dropped when the share of lines ending in a terminal mark of any script
/// (<see cref="DatatroveCharacters.EndsWithTerminal"/>; quotes no longer count) is below
/// <see cref="FineWebOptions.LinePunctThr"/>, when the share of lines of at most
/// <see cref="FineWebOptions.ShortLineLength"/> characters is above <see cref="FineWebOptions.ShortLineThr"/>,
/// when the characters of lines repeating an earlier line over the text's characters without newlines are
/// above <see cref="FineWebOptions.CharDuplicatesRatio"/>, or when newlines per token (punctuation
/// included) are above <see cref="FineWebOptions.NewLineRatio"/>. A source kind may turn the step off
/// (<see cref="SourceKindOptions.Fineweb"/>).
/// Deliberate differences: <see cref="FineWebOptions.CharDuplicatesRatio"/> defaults to the FineWeb
/// paper's 0.1 (datatrove's class default is 0.01); tokens come from <see cref="WordTokenizer"/>, not NLTK;
/// lengths count UTF-16 units.
/// </summary>
public sealed class FineWebQualityStep : IDocumentStep
{
    private readonly FineWebOptions _options;
    private readonly SourceKinds _kinds;

    public FineWebQualityStep(FineWebOptions options, SourceKinds? kinds = null)
    {
        _options = options;
        _kinds = kinds ?? SourceKinds.None;
    }

    public string Name => "fineweb";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("line_punct_ratio", 0, 1, 20), new("short_line_ratio", 0, 1, 20)];

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        if (_kinds.Of(document) is { Fineweb: false })
        {
            return StepResult.Keep;
        }
        string text = document.Text;
        var all = TextLines.SplitOnNewline(text);
        int newlines = all.Count - 1;
        var lines = new List<Range>(all.Count);
        foreach (var range in all)
        {
            if (!text.AsSpan(range).IsWhiteSpace())
            {
                lines.Add(range);
            }
        }
        if (lines.Count == 0)
        {
            return StepResult.Drop("empty", 0, 1, "no line holds anything but whitespace");
        }
        int punct = 0, shortLines = 0;
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            if (DatatroveCharacters.EndsWithTerminal(line))
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
        if (punctRatio < _options.LinePunctThr && !(punctRatio == 0 && _options.LinePunctExcludeZero))
        {
            string first = text[lines.First(r => !DatatroveCharacters.EndsWithTerminal(text.AsSpan(r)))];
            return StepResult.Drop("line_punct_ratio", punctRatio, _options.LinePunctThr, Invariant(
                $"{punct:N0} of {lines.Count:N0} non-blank lines end in a terminal mark such as . ! ? ({DropEvidence.Number(punctRatio)} < line_punct_thr {DropEvidence.Number(_options.LinePunctThr)}); the first that does not: {DropEvidence.Quote(first)}"), first);
        }
        double shortRatio = (double)shortLines / lines.Count;
        document.SetScore("short_line_ratio", shortRatio);
        if (shortRatio > _options.ShortLineThr)
        {
            var examples = lines.Where(r => text.AsSpan(r).Length <= _options.ShortLineLength).Take(DropEvidence.MaxItems).Select(r => DropEvidence.Quote(text[r]));
            return StepResult.Drop("short_line_ratio", shortRatio, _options.ShortLineThr, Invariant(
                $"{shortLines:N0} of {lines.Count:N0} non-blank lines have at most {_options.ShortLineLength:N0} characters ({DropEvidence.Number(shortRatio)} > short_line_thr {DropEvidence.Number(_options.ShortLineThr)}): {string.Join(" · ", examples)}"));
        }
        var unique = HashCounter.ForThread;
        unique.Reset(lines.Count);
        long duplicateChars = 0;
        string? example = null;
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            if (!unique.Add(TextHash.Of(line)))
            {
                duplicateChars += line.Length;
                example ??= line.ToString();
            }
        }
        int charsWithoutNewlines = text.Length - newlines;
        double dupRatio = (double)duplicateChars / charsWithoutNewlines;
        if (dupRatio > _options.CharDuplicatesRatio)
        {
            return StepResult.Drop("char_dup_ratio", dupRatio, _options.CharDuplicatesRatio, Invariant(
                $"{duplicateChars:N0} of {charsWithoutNewlines:N0} characters (newlines not counted) are in lines repeating an earlier one ({DropEvidence.Number(dupRatio)} > char_duplicates_ratio {DropEvidence.Number(_options.CharDuplicatesRatio)}): {DropEvidence.Repeated(text, lines.Select(r => (r.Start.Value, r.End.Value - r.Start.Value)), "")}"), example);
        }
        int tokens = document.Tokens.Count;
        double newlineRatio = (double)newlines / tokens;
        if (newlineRatio > _options.NewLineRatio)
        {
            return StepResult.Drop("list_ratio", newlineRatio, _options.NewLineRatio, Invariant(
                $"{newlines:N0} newlines for {tokens:N0} tokens ({DropEvidence.Number(newlineRatio)} > new_line_ratio {DropEvidence.Number(_options.NewLineRatio)})"));
        }
        return StepResult.Keep;
    }
}
