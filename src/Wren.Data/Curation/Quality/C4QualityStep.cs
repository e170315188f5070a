using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;
using static System.FormattableString;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// C4's rules as datatrove's <c>C4QualityFilter</c> decides them, checked against datatrove's main branch
/// at a649de79 (2026-08-13; the filter's decisions last changed in 142279ca, 2024-06-28): each line of
/// <c>splitlines()</c>, stripped, is dropped if it has a word over <see cref="C4Options.MaxWordLength"/>,
/// lacks terminal punctuation (. ? ! " ') or ends in "...", has fewer than
/// <see cref="C4Options.MinWordsPerLine"/> words (counted before citations are removed), or mentions
/// javascript or cookie/terms boilerplate (citations are removed first); the document is dropped for
/// "lorem ipsum" or '{' (when enabled) on a line that got that far, or when fewer than
/// <see cref="C4Options.MinNumSentences"/> sentences survive. Kept documents hold only the kept lines,
/// joined by '\n'. Removed lines are counted per rule.
/// Per source kind (<see cref="Recipe.SourceKinds"/>) the sentence minimum may differ, and the line filters
/// may be off: then no line is removed, "lorem ipsum" and '{' are looked for on every line, and the
/// sentences of every non-empty line count.
/// Deliberate differences: sentences are counted by <see cref="CountSentences(ReadOnlySpan{char})"/>
/// (a run of . ! ? then closing quotes or brackets, before whitespace or the end), not NLTK's Punkt, which
/// knows abbreviations such as "Mr."; <c>filter_curly_bracket</c> is off by default (datatrove: on),
/// as an organization's documents hold code and templates; word lengths count UTF-16 units.
/// </summary>
public sealed partial class C4QualityStep : IDocumentStep
{
    private static readonly SearchValues<string> PolicyValues = SearchValues.Create(
        ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> TerminalMarks = SearchValues.Create(".!?");
    private readonly C4Options _options;
    private readonly SourceKinds _kinds;

    public C4QualityStep(C4Options options, SourceKinds? kinds = null)
    {
        _options = options;
        _kinds = kinds ?? SourceKinds.None;
    }

    public string Name => "c4";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("c4_kept_lines_frac", 0, 1, 20)];

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"[.!?]+[""')\]]*(\s|$)")]
    private static partial Regex SentenceEnd();

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        ReadOnlySpan<char> all = text;
        var kind = _kinds.Of(document);
        int minSentences = kind?.MinNumSentences ?? _options.MinNumSentences;
        if (kind is { C4LineFilters: false })
        {
            return WholeDocument(text, minSentences);
        }
        // Each phrase rule first asks the whole text once (vectorised); a line can only hold a
        // phrase the text holds, unless removing a citation joined its parts, so only such lines
        // are searched again.
        bool maybeLorem = _options.FilterLoremIpsum && all.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase);
        bool maybeJavascript = _options.FilterJavascript && all.Contains("javascript", StringComparison.OrdinalIgnoreCase);
        bool maybeCurly = _options.FilterCurlyBracket && all.Contains('{');
        bool maybePolicy = _options.FilterPolicy && all.ContainsAny(PolicyValues);
        bool maybeCitation = _options.RemoveCitations && all.Contains('[');
        // Kept lines go into a pooled buffer, not a StringBuilder: the text is only copied into a new
        // string when lines were actually dropped or changed (most kept documents come out as they went in).
        char[] kept = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        int keptLength = 0;
        int sentences = 0;
        int lineCount = 0;
        int keptLines = 0;
        int tooLongWord = 0, noTerminal = 0, tooFewWords = 0, javascript = 0, policy = 0;
        try
        {
            var lines = new LineRanges(text);
            while (lines.MoveNext())
            {
                lineCount++;
                ReadOnlySpan<char> original = lines.Current.Trim();
                ReadOnlySpan<char> line = original;
                // A word longer than the limit needs a line longer than the limit.
                if (_options.MaxWordLength >= 0 && original.Length > _options.MaxWordLength && HasLongerWord(original, _options.MaxWordLength))
                {
                    tooLongWord++;
                    continue;
                }
                bool cited = false;
                // The citation pattern needs a '['; most lines have none and skip the regex.
                if (maybeCitation && line.Contains('['))
                {
                    string removed = Citation().Replace(line.ToString(), "");
                    cited = removed.Length != line.Length;
                    line = removed;
                }
                if (_options.FilterNoTerminalPunct && (!EndsWithTerminal(line) || line.EndsWith("...", StringComparison.Ordinal)))
                {
                    noTerminal++;
                    continue;
                }
                // Words are counted on the line before citations were removed, as before.
                if (_options.MinWordsPerLine >= 0 && CountWhitespaceWords(original, _options.MinWordsPerLine) < _options.MinWordsPerLine)
                {
                    tooFewWords++;
                    continue;
                }
                if (_options.FilterLoremIpsum && (maybeLorem || cited) && line.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
                {
                    Count();
                    return LoremIpsum(line);
                }
                if (_options.FilterJavascript && (maybeJavascript || cited) && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
                {
                    javascript++;
                    continue;
                }
                if (_options.FilterCurlyBracket && (maybeCurly || cited) && line.Contains('{'))
                {
                    Count();
                    return CurlyBracket(line);
                }
                if (_options.FilterPolicy && (maybePolicy || cited) && line.ContainsAny(PolicyValues))
                {
                    policy++;
                    continue;
                }
                sentences += CountSentences(line);
                if (keptLines > 0)
                {
                    Append(ref kept, ref keptLength, "\n");
                }
                Append(ref kept, ref keptLength, line);
                keptLines++;
            }
            Count();
            document.SetScore("c4_kept_lines_frac", lineCount == 0 ? 0 : (double)keptLines / lineCount);
            if (minSentences >= 0 && sentences < minSentences)
            {
                return StepResult.Drop("too_few_sentences", sentences, minSentences, Invariant(
                    $"{sentences:N0} sentences in the {keptLines:N0} kept lines of {lineCount:N0} (< min_num_sentences {minSentences:N0}); lines removed: {noTerminal:N0} without terminal punctuation, {tooFewWords:N0} with fewer than {_options.MinWordsPerLine:N0} words, {tooLongWord:N0} with a word over {_options.MaxWordLength:N0} characters, {javascript:N0} mentioning javascript, {policy:N0} cookie or policy lines"));
            }
            counters.Add("lines_kept", keptLines);
            ReadOnlySpan<char> result = kept.AsSpan(0, keptLength).Trim();
            document.Text = result.SequenceEqual(all) ? text : new string(result);
            return StepResult.Keep;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(kept);
        }

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

    /// <summary>
    /// The rules for a kind whose line filters are off: every line is kept as it is, so only the whole
    /// document is judged ("lorem ipsum", '{', and the sentences of its non-empty lines).
    /// </summary>
    private StepResult WholeDocument(string text, int minSentences)
    {
        int sentences = 0;
        var lines = new LineRanges(text);
        while (lines.MoveNext())
        {
            ReadOnlySpan<char> line = lines.Current.Trim();
            if (line.IsEmpty)
            {
                continue;
            }
            if (_options.FilterLoremIpsum && line.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
            {
                return LoremIpsum(line);
            }
            if (_options.FilterCurlyBracket && line.Contains('{'))
            {
                return CurlyBracket(line);
            }
            sentences += CountSentences(line);
        }
        if (minSentences >= 0 && sentences < minSentences)
        {
            return StepResult.Drop("too_few_sentences", sentences, minSentences, Invariant(
                $"{sentences:N0} sentences (< min_num_sentences {minSentences:N0} for this kind; no line removed, as its line filters are off)"));
        }
        return StepResult.Keep;
    }

    private static StepResult LoremIpsum(ReadOnlySpan<char> line)
    {
        string match = FindIgnoreCase(line, "lorem ipsum");
        return StepResult.Drop("lorem_ipsum", 1, 1, "a line holds \"lorem ipsum\": " + DropEvidence.Quote(line.ToString()), match);
    }

    private static StepResult CurlyBracket(ReadOnlySpan<char> line) =>
        StepResult.Drop("curly_bracket", 1, 1, "a line holds '{' (filter_curly_bracket): " + DropEvidence.Quote(line.ToString()), "{");

    /// <summary>Appends to a pooled buffer, trading it for a larger one when full.</summary>
    private static void Append(ref char[] buffer, ref int length, ReadOnlySpan<char> chars)
    {
        if (length + chars.Length > buffer.Length)
        {
            char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, length + chars.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(buffer);
            buffer = larger;
        }
        chars.CopyTo(buffer.AsSpan(length));
        length += chars.Length;
    }

    /// <summary>
    /// Sentences in a kept line: matches of <c>[.!?]+["')\]]*(\s|$)</c> (NLTK punkt stands behind
    /// datatrove's count), at least one. Scanned by hand: a run of terminal marks, then of closing
    /// quotes or brackets, counts when whitespace or the end follows (backtracking into the runs
    /// could never reach whitespace, so the maximal runs decide); the whitespace is consumed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CountSentences(ReadOnlySpan<char> line)
    {
        int n = 0;
        int i = 0;
        while (true)
        {
            int at = line[i..].IndexOfAny(TerminalMarks);
            if (at < 0)
            {
                break;
            }
            i += at;
            while (i < line.Length && line[i] is '.' or '!' or '?')
            {
                i++;
            }
            while (i < line.Length && line[i] is '"' or '\'' or ')' or ']')
            {
                i++;
            }
            if (i == line.Length)
            {
                n++;
                break;
            }
            if (char.IsWhiteSpace(line[i]))
            {
                n++;
                i++;
            }
        }
        return Math.Max(1, n);
    }

    /// <summary>The regex form of <see cref="CountSentences(ReadOnlySpan{char})"/>, kept as the reference the tests compare with.</summary>
    internal static int CountSentencesReference(string line) => Math.Max(1, SentenceEnd().Count(line));

    /// <summary>Python's <c>len(line.split())</c>, counted only up to <paramref name="enough"/> (the rule needs no more).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountWhitespaceWords(ReadOnlySpan<char> line, int enough)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                if (++words >= enough)
                {
                    break;
                }
            }
        }
        return words;
    }

    /// <summary>Whether a whitespace-separated word of <paramref name="line"/> is longer than <paramref name="maxWordLength"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasLongerWord(ReadOnlySpan<char> line, int maxWordLength)
    {
        int length = 0;
        foreach (char c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                length = 0;
            }
            else if (++length > maxWordLength)
            {
                return true;
            }
        }
        return false;
    }

    private static bool EndsWithTerminal(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] is '.' or '?' or '!' or '"' or '\'';

    private static string FindIgnoreCase(ReadOnlySpan<char> line, string what)
    {
        int at = line.IndexOf(what, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? what : line.Slice(at, what.Length).ToString();
    }
}
