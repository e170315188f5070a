using System.Text;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// Removes lines and paragraphs that many documents share (the corpus-wide set from the cluster
/// stage, the second of two passes): mailing-list footers, signatures, disclaimers, page menus and
/// cookie banners. A removed paragraph goes whole; then single lines go. Blank-line runs left by a
/// removal are closed up. The document counts as changed; removals are counted per rule
/// (<c>paragraphs_removed.repeated_paragraph</c>, <c>lines_removed.repeated_line</c>). Drops a
/// document only if nothing is left (rule <c>empty_after_boilerplate</c>).
/// </summary>
public sealed class BoilerplateStep : IDocumentStep
{
    private readonly HashSet<ulong> _units;
    private readonly int _minChars;

    public BoilerplateStep(HashSet<ulong> units, int minChars)
    {
        _units = units;
        _minChars = minChars;
    }

    public string Name => "boilerplate";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        if (_units.Count == 0)
        {
            return StepResult.Keep;
        }
        string text = document.Text;
        var lines = TextLines.SplitOnNewline(text);
        bool[]? removed = null;
        int paragraphs = 0, single = 0;
        foreach (var (first, end) in BoilerplateUnits.Paragraphs(text, lines))
        {
            ReadOnlySpan<char> paragraph = BoilerplateUnits.Span(text, lines, first, end);
            if (paragraph.Length >= _minChars && _units.Contains(BoilerplateUnits.ParagraphHash(paragraph)))
            {
                removed ??= new bool[lines.Count];
                removed.AsSpan(first, end - first).Fill(true);
                paragraphs++;
            }
        }
        for (int i = 0; i < lines.Count; i++)
        {
            if (removed is not null && removed[i])
            {
                continue;
            }
            ReadOnlySpan<char> line = text.AsSpan(lines[i]).Trim();
            if (line.Length >= _minChars && _units.Contains(BoilerplateUnits.LineHash(line)))
            {
                removed ??= new bool[lines.Count];
                removed[i] = true;
                single++;
            }
        }
        if (removed is null)
        {
            return StepResult.Keep;
        }
        var output = new StringBuilder(text.Length);
        bool previousBlank = true; // no blank lines at the start
        for (int i = 0; i < lines.Count; i++)
        {
            if (removed[i])
            {
                continue;
            }
            ReadOnlySpan<char> line = text.AsSpan(lines[i]);
            bool blank = line.IsWhiteSpace();
            if (blank && previousBlank)
            {
                continue;
            }
            if (output.Length > 0)
            {
                output.Append('\n');
            }
            output.Append(line);
            previousBlank = blank;
        }
        counters.Add("paragraphs_removed.repeated_paragraph", paragraphs);
        counters.Add("lines_removed.repeated_line", single);
        string result = output.ToString().Trim();
        document.Text = result;
        document.SetScore("boilerplate_lines_removed", single);
        if (paragraphs > 0)
        {
            document.SetScore("boilerplate_paragraphs_removed", paragraphs);
        }
        return result.Length == 0
            ? StepResult.Drop("empty_after_boilerplate", single + paragraphs, 1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"every line is boilerplate shared by many documents ({single:N0} lines and {paragraphs:N0} paragraphs removed): {Quality.DropEvidence.Quote(text)}"))
            : StepResult.Keep;
    }
}
