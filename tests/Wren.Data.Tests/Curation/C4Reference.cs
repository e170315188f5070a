using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// The C4 step as first written (a list of lines, every rule asked of every line, the words
/// counted in full), kept as the oracle for <see cref="C4QualityStep"/>, which asks the whole
/// text first and counts lazily.
/// </summary>
internal static partial class C4Reference
{
    private static readonly SearchValues<string> PolicyValues = SearchValues.Create(
        ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]")]
    private static partial Regex Citation();

    public static StepResult Process(C4Options options, WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        var lines = TextLines.SplitLines(text);
        var kept = new StringBuilder(text.Length);
        int sentences = 0;
        int keptLines = 0;
        int tooLongWord = 0, noTerminal = 0, tooFewWords = 0, javascript = 0, policy = 0;
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range).Trim();
            int words = CountWhitespaceWords(line, options.MaxWordLength, out bool tooLong);
            if (tooLong)
            {
                tooLongWord++;
                continue;
            }
            // The citation pattern needs a '['; most lines have none and skip the regex.
            if (options.RemoveCitations && line.Contains('['))
            {
                line = Citation().Replace(line.ToString(), "");
            }
            if (options.FilterNoTerminalPunct && (!EndsWithTerminal(line) || line.EndsWith("...", StringComparison.Ordinal)))
            {
                noTerminal++;
                continue;
            }
            if (options.MinWordsPerLine >= 0 && words < options.MinWordsPerLine)
            {
                tooFewWords++;
                continue;
            }
            if (options.FilterLoremIpsum && line.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
            {
                Count();
                return StepResult.Drop("lorem_ipsum", 1, 1, "reference", FindIgnoreCase(line, "lorem ipsum"));
            }
            if (options.FilterJavascript && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            {
                javascript++;
                continue;
            }
            if (options.FilterCurlyBracket && line.Contains('{'))
            {
                Count();
                return StepResult.Drop("curly_bracket", 1, 1, "reference", "{");
            }
            if (options.FilterPolicy && line.ContainsAny(PolicyValues))
            {
                policy++;
                continue;
            }
            sentences += C4QualityStep.CountSentences(line);
            if (keptLines > 0)
            {
                kept.Append('\n');
            }
            kept.Append(line);
            keptLines++;
        }
        Count();
        document.SetScore("c4_kept_lines_frac", lines.Count == 0 ? 0 : (double)keptLines / lines.Count);
        if (options.MinNumSentences >= 0 && sentences < options.MinNumSentences)
        {
            return StepResult.Drop("too_few_sentences", sentences, options.MinNumSentences, "reference");
        }
        counters.Add("lines_kept", keptLines);
        string result = kept.ToString().Trim();
        document.Text = result == text ? text : result;
        return StepResult.Keep;

        // Line removals are counted per rule once per document (also for a document dropped part-way).
        void Count()
        {
            counters.Add("lines_removed.too_long_word", tooLongWord);
            counters.Add("lines_removed.no_terminal_punct", noTerminal);
            counters.Add("lines_removed.too_few_words", tooFewWords);
            counters.Add("lines_removed.javascript", javascript);
            counters.Add("lines_removed.policy", policy);
        }
    }

    private static int CountWhitespaceWords(ReadOnlySpan<char> line, int maxWordLength, out bool tooLong)
    {
        int words = 0, length = 0;
        tooLong = false;
        foreach (char c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                length = 0;
                continue;
            }
            if (length++ == 0)
            {
                words++;
            }
            if (maxWordLength >= 0 && length > maxWordLength)
            {
                tooLong = true;
            }
        }
        return words;
    }

    private static bool EndsWithTerminal(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] is '.' or '?' or '!' or '"' or '\'';

    private static string FindIgnoreCase(ReadOnlySpan<char> line, string what)
    {
        int at = line.IndexOf(what, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? what : line.Slice(at, what.Length).ToString();
    }
}
