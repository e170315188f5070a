using System.Text;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// Removes lines that many documents share (the corpus-wide set from the cluster stage): mailing
/// list footers, signatures, disclaimers, navigation. Drops a document only if nothing is left
/// (rule <c>empty_after_boilerplate</c>). Counts removed lines.
/// </summary>
public sealed class BoilerplateStep : IDocumentStep
{
    private readonly HashSet<ulong> _lines;
    private readonly int _minChars;

    public BoilerplateStep(HashSet<ulong> lines, int minChars)
    {
        _lines = lines;
        _minChars = minChars;
    }

    public string Name => "boilerplate";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        if (_lines.Count == 0)
        {
            return StepResult.Keep;
        }
        string text = document.Text;
        var output = new StringBuilder(text.Length);
        int removed = 0;
        bool first = true;
        foreach (var range in TextLines.SplitOnNewline(text))
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            ReadOnlySpan<char> trimmed = line.Trim();
            if (trimmed.Length >= _minChars && _lines.Contains(TextHash.Of(trimmed)))
            {
                removed++;
                continue;
            }
            if (!first)
            {
                output.Append('\n');
            }
            output.Append(line);
            first = false;
        }
        if (removed == 0)
        {
            return StepResult.Keep;
        }
        counters.Add("lines_removed", removed);
        string result = output.ToString().Trim();
        document.Text = result;
        document.SetScore("boilerplate_lines_removed", removed);
        return result.Length == 0 ? StepResult.Drop("empty_after_boilerplate", removed, 1) : StepResult.Keep;
    }
}
