using System.Text;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// C4's rules with datatrove's semantics: each line (stripped) is dropped if it has a word over
/// <see cref="C4Options.MaxWordLength"/>, lacks terminal punctuation, has under three words, or
/// mentions javascript or cookie/terms boilerplate (citations are removed first); the document is
/// dropped for "lorem ipsum", for '{' when enabled, or when fewer than five sentences survive.
/// Kept documents hold only the kept lines. Removed lines are counted per rule.
/// </summary>
public sealed partial class C4QualityStep : IDocumentStep
{
    private static readonly string[] PolicySubstrings = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];
    private readonly C4Options _options;

    public C4QualityStep(C4Options options) => _options = options;

    public string Name => "c4";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("c4_kept_lines_frac", 0, 1, 20)];

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"[.!?]+[""')\]]*(\s|$)")]
    private static partial Regex SentenceEnd();

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        var lines = TextLines.SplitLines(text);
        var kept = new StringBuilder(text.Length);
        int sentences = 0;
        int keptLines = 0;
        foreach (var range in lines)
        {
            string line = text.AsSpan(range).Trim().ToString();
            int words = CountWhitespaceWords(line, _options.MaxWordLength, out bool tooLong);
            if (tooLong)
            {
                counters.Add("lines_removed.too_long_word");
                continue;
            }
            if (_options.RemoveCitations)
            {
                line = Citation().Replace(line, "");
            }
            if (_options.FilterNoTerminalPunct && (!EndsWithTerminal(line) || line.EndsWith("...", StringComparison.Ordinal)))
            {
                counters.Add("lines_removed.no_terminal_punct");
                continue;
            }
            if (_options.MinWordsPerLine >= 0 && words < _options.MinWordsPerLine)
            {
                counters.Add("lines_removed.too_few_words");
                continue;
            }
            if (_options.FilterLoremIpsum && line.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
            {
                return StepResult.Drop("lorem_ipsum", 1, 1, FindIgnoreCase(line, "lorem ipsum"));
            }
            if (_options.FilterJavascript && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            {
                counters.Add("lines_removed.javascript");
                continue;
            }
            if (_options.FilterCurlyBracket && line.Contains('{'))
            {
                return StepResult.Drop("curly_bracket", 1, 1, "{");
            }
            if (_options.FilterPolicy && ContainsPolicy(line))
            {
                counters.Add("lines_removed.policy");
                continue;
            }
            sentences += CountSentences(line);
            if (keptLines > 0)
            {
                kept.Append('\n');
            }
            kept.Append(line);
            keptLines++;
        }
        document.SetScore("c4_kept_lines_frac", lines.Count == 0 ? 0 : (double)keptLines / lines.Count);
        if (_options.MinNumSentences >= 0 && sentences < _options.MinNumSentences)
        {
            return StepResult.Drop("too_few_sentences", sentences, _options.MinNumSentences);
        }
        counters.Add("lines_kept", keptLines);
        string result = kept.ToString().Trim();
        document.Text = result == text ? text : result;
        return StepResult.Keep;
    }

    /// <summary>Sentences in a kept line: runs of . ! ? followed by space or the end (NLTK punkt stands behind datatrove's count).</summary>
    internal static int CountSentences(string line)
    {
        int n = SentenceEnd().Count(line);
        return Math.Max(1, n);
    }

    /// <summary>Python's <c>len(line.split())</c>, and whether a word is longer than <paramref name="maxWordLength"/> (when that is not negative).</summary>
    private static int CountWhitespaceWords(string line, int maxWordLength, out bool tooLong)
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

    private static bool EndsWithTerminal(string line) =>
        line.Length > 0 && line[^1] is '.' or '?' or '!' or '"' or '\'';

    private static bool ContainsPolicy(string line)
    {
        foreach (string p in PolicySubstrings)
        {
            if (line.Contains(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static string FindIgnoreCase(string line, string what)
    {
        int at = line.IndexOf(what, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? what : line.Substring(at, what.Length);
    }
}
