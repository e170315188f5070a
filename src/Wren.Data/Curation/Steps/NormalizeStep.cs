using System.Text;
using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Steps;

/// <summary>
/// Cleans the text without judging it: mojibake repair, Unicode NFC, control characters, line
/// endings and whitespace. Drops only documents that are empty after cleaning (rule <c>empty</c>).
/// </summary>
public sealed class NormalizeStep : IDocumentStep
{
    private readonly NormalizeOptions _options;

    public NormalizeStep(NormalizeOptions options) => _options = options;

    public string Name => "normalize";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        if (_options.FixMojibake)
        {
            text = MojibakeRepair.Repair(text, out int repairs);
            counters.Add("mojibake_repairs", repairs);
        }
        if (_options.RemoveControlCharacters || _options.NormalizeWhitespace)
        {
            text = CleanCharacters(text, _options.RemoveControlCharacters, _options.NormalizeWhitespace, counters);
        }
        if (_options.Nfc && !text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
            counters.Add("nfc_composed_documents");
        }
        document.Text = text;
        if (text.Length == 0)
        {
            return StepResult.Drop("empty", 0, 1);
        }
        return StepResult.Keep;
    }

    /// <summary>One pass: line endings, control characters, odd spaces, trailing spaces, blank-line runs, outer trim.</summary>
    internal static string CleanCharacters(string text, bool removeControl, bool whitespace, StepCounters counters)
    {
        var output = new StringBuilder(text.Length);
        int removed = 0;
        int newlinesInRow = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (whitespace && (c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085'))
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                c = '\n';
            }
            if (c == '\n')
            {
                if (whitespace)
                {
                    TrimTrailingSpaces(output);
                    newlinesInRow++;
                    if (newlinesInRow > 2 || output.Length == 0)
                    {
                        continue;
                    }
                }
                output.Append('\n');
                continue;
            }
            if (removeControl && (c < ' ' && c != '\t' || (c >= '\u007F' && c <= '\u009F') || c == '\uFEFF' || c == '\u200B'))
            {
                removed++;
                continue;
            }
            if (whitespace && c != ' ' && c != '\t' && (c == '\u00A0' || c == '\u3000' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F'))
            {
                c = ' ';
            }
            newlinesInRow = 0;
            output.Append(c);
        }
        if (whitespace)
        {
            TrimTrailingSpaces(output);
            while (output.Length > 0 && output[^1] == '\n')
            {
                output.Length--;
            }
        }
        counters.Add("control_characters_removed", removed);
        string result = output.ToString();
        return result == text ? text : result;
    }

    private static void TrimTrailingSpaces(StringBuilder output)
    {
        while (output.Length > 0 && (output[^1] == ' ' || output[^1] == '\t'))
        {
            output.Length--;
        }
    }
}
