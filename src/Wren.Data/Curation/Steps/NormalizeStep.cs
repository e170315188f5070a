using System.Buffers;
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
        // ASCII is always NFC; the vectorised check spares ICU's normalization check for most text.
        if (_options.Nfc && !System.Text.Ascii.IsValid(text) && !text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
            counters.Add("nfc_composed_documents");
        }
        document.Text = text;
        if (text.Length == 0)
        {
            return StepResult.Drop("empty", 0, 1, document.Source.Text.Length == 0
                ? "the text is empty"
                : $"nothing is left of the {document.Source.Text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters once control characters and whitespace are cleaned");
        }
        return StepResult.Keep;
    }

    /// <summary>Every character <see cref="CleanCharacters"/> may change, drop or treat as a line end; runs of other characters are copied in bulk.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F"
        + "\u00A0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u202F\u205F\u2028\u2029\uFEFF");

    /// <summary>
    /// One pass: line endings, control characters, odd spaces, trailing spaces, blank-line runs, outer
    /// trim. Runs without a <see cref="Special"/> character are copied in bulk (trailing spaces are
    /// trimmed when the line ends, as before); each special character goes through the per-character
    /// rules of <see cref="CleanCharactersReference"/>, so the result is the same.
    /// </summary>
    internal static string CleanCharacters(string text, bool removeControl, bool whitespace, StepCounters counters)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            int n = 0;
            int removed = 0;
            int newlinesInRow = 0;
            ReadOnlySpan<char> source = text;
            int i = 0;
            while (i < source.Length)
            {
                int run = source[i..].IndexOfAny(Special);
                if (run < 0)
                {
                    run = source.Length - i;
                }
                if (run > 0)
                {
                    source.Slice(i, run).CopyTo(buffer.AsSpan(n));
                    n += run;
                    i += run;
                    newlinesInRow = 0;
                    continue;
                }
                char c = source[i];
                if (whitespace && (c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085'))
                {
                    if (c == '\r' && i + 1 < source.Length && source[i + 1] == '\n')
                    {
                        i++;
                    }
                    c = '\n';
                }
                i++;
                if (c == '\n')
                {
                    if (whitespace)
                    {
                        n = TrimTrailingSpaces(buffer, n);
                        newlinesInRow++;
                        if (newlinesInRow > 2 || n == 0)
                        {
                            continue;
                        }
                    }
                    buffer[n++] = '\n';
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
                buffer[n++] = c;
            }
            if (whitespace)
            {
                n = TrimTrailingSpaces(buffer, n);
                while (n > 0 && buffer[n - 1] == '\n')
                {
                    n--;
                }
            }
            counters.Add("control_characters_removed", removed);
            return buffer.AsSpan(0, n).SequenceEqual(text) ? text : new string(buffer, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int TrimTrailingSpaces(char[] buffer, int n)
    {
        while (n > 0 && (buffer[n - 1] == ' ' || buffer[n - 1] == '\t'))
        {
            n--;
        }
        return n;
    }

    /// <summary>The per-character form of <see cref="CleanCharacters"/>, kept as the reference the tests compare with.</summary>
    internal static string CleanCharactersReference(string text, bool removeControl, bool whitespace, StepCounters counters)
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
