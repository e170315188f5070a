using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;
using static System.FormattableString;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Gopher's quality rules as datatrove's <c>GopherQualityFilter</c> decides them (rule names as datatrove
/// reports them), checked against datatrove's main branch at a649de79 (2026-08-13; the filter's
/// decisions last changed in f9bbe093, 2025-01-30, which counts distinct stop words). Tokens are
/// words and punctuation alike (datatrove's <c>split_into_words</c> keeps NLTK's punctuation tokens);
/// "words" are the tokens with a character outside datatrove's <c>PUNCTUATION_SET</c>
/// (<see cref="DatatroveCharacters"/>). The word count bounds and the mean word length are over
/// words; the '#' and ellipsis ratios and the share of tokens with a letter are over all tokens; bullet
/// lines start with '•' or '-' and ellipsis lines end with "..." or '…' (after stripping), as a share
/// of <c>splitlines()</c>; the stop-word rule counts distinct stop words (case-sensitive). A threshold
/// of 0 turns its rule off (datatrove's <c>if self.min_doc_words and ...</c>). The minimum word and
/// stop-word counts may differ per source kind (<see cref="Recipe.SourceKinds"/>).
/// Deliberate differences: tokens come from <see cref="WordTokenizer"/>, not NLTK (which splits
/// "don't" into "do" and "n't"); lengths count UTF-16 units; a text with no token is kept (datatrove
/// divides by the token count).
/// </summary>
public sealed class GopherQualityStep : IDocumentStep
{
    private readonly GopherQualityOptions _options;
    private readonly SourceKinds _kinds;
    private readonly string[] _stopWords;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;
    private readonly int _stopMinLength;
    private readonly int _stopMaxLength;

    public GopherQualityStep(GopherQualityOptions options, SourceKinds? kinds = null)
    {
        _options = options;
        _kinds = kinds ?? SourceKinds.None;
        _stopWords = options.StopWords.Distinct(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _stopWords.Length; i++)
        {
            index[_stopWords[i]] = i;
        }
        _stopLookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        // Words outside the stop words' lengths skip the hash lookup.
        _stopMinLength = _stopWords.Length == 0 ? int.MaxValue : _stopWords.Min(w => w.Length);
        _stopMaxLength = _stopWords.Length == 0 ? -1 : _stopWords.Max(w => w.Length);
    }

    public string Name => "gopher_quality";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } =
    [
        new("word_count", 1, 1_000_000, 30, Log: true),
        new("mean_word_length", 0, 15, 30),
        new("alpha_words_ratio", 0, 1, 20),
    ];

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        var tokens = document.Tokens;
        var kind = _kinds.Of(document);
        int minDocWords = kind?.MinDocWords ?? _options.MinDocWords;
        int minStopWords = kind?.MinStopWords ?? _options.MinStopWords;
        double minAlpha = kind?.MinAlphaWordsRatio ?? _options.MinAlphaWordsRatio;
        int words = 0;
        long wordChars = 0;
        int withLetter = 0;
        ReadOnlySpan<WordToken> all = tokens is List<WordToken> list ? CollectionsMarshal.AsSpan(list) : tokens.ToArray();
        int total = all.Length;
        // The rule only asks whether there are enough distinct stop words, so looking stops there; a count
        // below the minimum (the only one reported) is still the full count.
        Span<bool> seenStop = _stopWords.Length <= 256 ? stackalloc bool[_stopWords.Length] : new bool[_stopWords.Length];
        seenStop.Clear();
        int stopWords = 0;
        foreach (var token in all)
        {
            ReadOnlySpan<char> span = text.AsSpan(token.Start, token.Length);
            // A word token starts with a letter, digit or mark, none of them in PUNCTUATION_SET but U+FF11.
            bool word = token.Kind == TokenKind.Word ? !DatatroveCharacters.IsPunctuation(span[0]) || !DatatroveCharacters.IsSymbolOnly(span) : !DatatroveCharacters.IsSymbolOnly(span);
            if (word)
            {
                words++;
                wordChars += token.Length;
            }
            if (token.Kind == TokenKind.Word)
            {
                if (HasLetter(span))
                {
                    withLetter++;
                }
                if (stopWords < minStopWords && token.Length >= _stopMinLength && token.Length <= _stopMaxLength && _stopLookup.TryGetValue(span, out int stop) && !seenStop[stop])
                {
                    seenStop[stop] = true;
                    stopWords++;
                }
            }
        }
        document.SetScore("word_count", words);
        if (minDocWords != 0 && words < minDocWords)
        {
            return Drop("gopher_short_doc", words, "words", "<", "min_doc_words", minDocWords);
        }
        if (_options.MaxDocWords != 0 && words > _options.MaxDocWords)
        {
            return Drop("gopher_long_doc", words, "words", ">", "max_doc_words", _options.MaxDocWords);
        }
        if (total == 0)
        {
            return StepResult.Keep;
        }
        // np.mean of no words is nan, which no comparison drops.
        double meanLength = words == 0 ? double.NaN : (double)wordChars / words;
        if (words > 0)
        {
            document.SetScore("mean_word_length", meanLength);
        }
        if (_options.MinAvgWordLength != 0 && meanLength < _options.MinAvgWordLength)
        {
            return Drop("gopher_below_avg_threshold", meanLength, "characters per word on average", "<", "min_avg_word_length", _options.MinAvgWordLength);
        }
        if (_options.MaxAvgWordLength != 0 && meanLength > _options.MaxAvgWordLength)
        {
            return Drop("gopher_above_avg_threshold", meanLength, "characters per word on average", ">", "max_avg_word_length", _options.MaxAvgWordLength);
        }
        // A kind may spare short texts the rules measuring shares of them.
        bool shareRules = kind is null || words >= kind.ShareRulesMinWords;
        if (shareRules && _options.MaxSymbolWordRatio != 0)
        {
            int hashes = kind is { HashRunsCountOnce: true } ? CountHashesWithRunsOnce(text) : text.AsSpan().Count('#');
            double hashRatio = (double)hashes / total;
            if (hashRatio > _options.MaxSymbolWordRatio)
            {
                return StepResult.Drop("gopher_too_many_hashes", hashRatio, _options.MaxSymbolWordRatio,
                    Invariant($"{hashes:N0} '#'{(kind is { HashRunsCountOnce: true } ? " (a run of three or more counted once)" : "")} in {total:N0} tokens: {DropEvidence.Measure("per token", hashRatio, ">", "max_symbol_word_ratio", _options.MaxSymbolWordRatio)}"), "#");
            }
            int ellipses = text.AsSpan().Count("...") + text.AsSpan().Count('…');
            double ellipsisRatio = (double)ellipses / total;
            if (ellipsisRatio > _options.MaxSymbolWordRatio)
            {
                return StepResult.Drop("gopher_too_many_ellipsis", ellipsisRatio, _options.MaxSymbolWordRatio,
                    Invariant($"{ellipses:N0} ellipses in {total:N0} tokens: {DropEvidence.Measure("per token", ellipsisRatio, ">", "max_symbol_word_ratio", _options.MaxSymbolWordRatio)}"), text.Contains("...", StringComparison.Ordinal) ? "..." : "…");
            }
        }
        int lineCount = LineRanges.Count(text);
        if (shareRules && lineCount > 0 && (_options.MaxBulletLinesRatio != 0 || _options.MaxEllipsisLinesRatio != 0))
        {
            int bullets = 0, ellipsisLines = 0;
            string? bulletExample = null, ellipsisExample = null;
            var lines = new LineRanges(text);
            while (lines.MoveNext())
            {
                ReadOnlySpan<char> line = lines.Current;
                ReadOnlySpan<char> left = line.TrimStart();
                if (left.Length > 0 && left[0] is '•' or '-')
                {
                    bullets++;
                    bulletExample ??= line.ToString();
                }
                ReadOnlySpan<char> right = line.TrimEnd();
                if (right.EndsWith("...") || right.EndsWith("…"))
                {
                    ellipsisLines++;
                    ellipsisExample ??= line.ToString();
                }
            }
            double bulletRatio = (double)bullets / lineCount;
            if (_options.MaxBulletLinesRatio != 0 && bulletRatio > _options.MaxBulletLinesRatio)
            {
                return StepResult.Drop("gopher_too_many_bullets", bulletRatio, _options.MaxBulletLinesRatio,
                    Invariant($"{bullets:N0} of {lineCount:N0} lines start with '•' or '-' ({DropEvidence.Number(bulletRatio)} > max_bullet_lines_ratio {DropEvidence.Number(_options.MaxBulletLinesRatio)}), first {DropEvidence.Quote(bulletExample!)}"), bulletExample);
            }
            double ellipsisLineRatio = (double)ellipsisLines / lineCount;
            if (_options.MaxEllipsisLinesRatio != 0 && ellipsisLineRatio > _options.MaxEllipsisLinesRatio)
            {
                return StepResult.Drop("gopher_too_many_end_ellipsis", ellipsisLineRatio, _options.MaxEllipsisLinesRatio,
                    Invariant($"{ellipsisLines:N0} of {lineCount:N0} lines end with an ellipsis ({DropEvidence.Number(ellipsisLineRatio)} > max_ellipsis_lines_ratio {DropEvidence.Number(_options.MaxEllipsisLinesRatio)}), first {DropEvidence.Quote(ellipsisExample!)}"), ellipsisExample);
            }
        }
        double alphaRatio = (double)withLetter / total;
        document.SetScore("alpha_words_ratio", alphaRatio);
        if (minAlpha != 0 && alphaRatio < minAlpha)
        {
            return StepResult.Drop("gopher_below_alpha_threshold", alphaRatio, minAlpha,
                Invariant($"{withLetter:N0} of {total:N0} tokens hold a letter ({DropEvidence.Number(alphaRatio)} < min_alpha_words_ratio {DropEvidence.Number(minAlpha)})"));
        }
        if (minStopWords != 0 && stopWords < minStopWords)
        {
            var present = new List<string>();
            for (int i = 0; i < _stopWords.Length; i++)
            {
                if (seenStop[i])
                {
                    present.Add(_stopWords[i]);
                }
            }
            string found = present.Count == 0 ? "none" : string.Join(", ", present);
            return StepResult.Drop("gopher_enough_stop_words", stopWords, minStopWords,
                Invariant($"{stopWords:N0} distinct stop words ({found}) < min_stop_words {minStopWords:N0}; the stop words: {string.Join(", ", _stopWords)}"));
        }
        return StepResult.Keep;
    }

    /// <summary>'#' characters, a run of three or more counted once.</summary>
    private static int CountHashesWithRunsOnce(ReadOnlySpan<char> text)
    {
        int count = 0;
        int at;
        while ((at = text.IndexOf('#')) >= 0)
        {
            int run = text[at..].IndexOfAnyExcept('#');
            run = run < 0 ? text.Length - at : run;
            count += run >= 3 ? 1 : run;
            text = text[(at + run)..];
        }
        return count;
    }

    private static StepResult Drop(string rule, double value, string what, string comparison, string setting, double threshold) =>
        StepResult.Drop(rule, value, threshold, DropEvidence.Measure(what, value, comparison, setting, threshold));

    private static bool HasLetter(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : char.IsLetter(c))
            {
                return true;
            }
        }
        return false;
    }
}
