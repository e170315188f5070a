using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Gopher's quality rules, with datatrove's semantics (rule names as datatrove reports them):
/// words are tokens that are not punctuation; mean word length over those; '#' and ellipsis counts
/// per word; bullet and ellipsis line fractions over <c>splitlines()</c>; the fraction of words with
/// a letter; the number of stop words (case-sensitive, as datatrove counts them).
/// </summary>
public sealed class GopherQualityStep : IDocumentStep
{
    private readonly GopherQualityOptions _options;
    private readonly HashSet<string> _stopWords;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;
    private readonly int _stopMinLength;
    private readonly int _stopMaxLength;

    public GopherQualityStep(GopherQualityOptions options)
    {
        _options = options;
        _stopWords = new HashSet<string>(options.StopWords, StringComparer.Ordinal);
        _stopLookup = _stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        // Words outside the stop words' lengths skip the hash lookup.
        _stopMinLength = _stopWords.Count == 0 ? int.MaxValue : _stopWords.Min(w => w.Length);
        _stopMaxLength = _stopWords.Count == 0 ? -1 : _stopWords.Max(w => w.Length);
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
        int words = 0;
        long wordChars = 0;
        int withLetter = 0;
        int stopWords = 0;
        ReadOnlySpan<WordToken> all = tokens is List<WordToken> list ? CollectionsMarshal.AsSpan(list) : tokens.ToArray();
        // The rule only asks whether there are enough stop words, so counting stops there; a count
        // below the minimum (the only one reported) is still the full count.
        int enoughStopWords = _options.MinStopWords;
        foreach (var token in all)
        {
            if (token.Kind != TokenKind.Punctuation)
            {
                words++;
                wordChars += token.Length;
            }
            if (token.Kind == TokenKind.Word)
            {
                ReadOnlySpan<char> span = text.AsSpan(token.Start, token.Length);
                if (HasLetter(span))
                {
                    withLetter++;
                }
                if (stopWords < enoughStopWords && token.Length >= _stopMinLength && token.Length <= _stopMaxLength && _stopLookup.Contains(span))
                {
                    stopWords++;
                }
            }
        }
        document.SetScore("word_count", words);
        if (words < _options.MinDocWords)
        {
            return StepResult.Drop("gopher_short_doc", words, _options.MinDocWords);
        }
        if (words > _options.MaxDocWords)
        {
            return StepResult.Drop("gopher_long_doc", words, _options.MaxDocWords);
        }
        double meanLength = (double)wordChars / words;
        document.SetScore("mean_word_length", meanLength);
        if (meanLength < _options.MinAvgWordLength)
        {
            return StepResult.Drop("gopher_below_avg_threshold", meanLength, _options.MinAvgWordLength);
        }
        if (meanLength > _options.MaxAvgWordLength)
        {
            return StepResult.Drop("gopher_above_avg_threshold", meanLength, _options.MaxAvgWordLength);
        }
        double hashRatio = (double)text.AsSpan().Count('#') / words;
        if (hashRatio > _options.MaxSymbolWordRatio)
        {
            return StepResult.Drop("gopher_too_many_hashes", hashRatio, _options.MaxSymbolWordRatio, "#");
        }
        double ellipsisRatio = (double)(text.AsSpan().Count("...") + text.AsSpan().Count('…')) / words;
        if (ellipsisRatio > _options.MaxSymbolWordRatio)
        {
            return StepResult.Drop("gopher_too_many_ellipsis", ellipsisRatio, _options.MaxSymbolWordRatio, "...");
        }
        int lineCount = LineRanges.Count(text);
        if (lineCount > 0)
        {
            int bullets = 0, ellipsisLines = 0;
            string? bulletExample = null, ellipsisExample = null;
            var lines = new LineRanges(text);
            while (lines.MoveNext())
            {
                ReadOnlySpan<char> line = lines.Current;
                ReadOnlySpan<char> left = line.TrimStart();
                if (left.Length > 0 && IsBullet(left[0]))
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
            if (bulletRatio > _options.MaxBulletLinesRatio)
            {
                return StepResult.Drop("gopher_too_many_bullets", bulletRatio, _options.MaxBulletLinesRatio, bulletExample);
            }
            double ellipsisLineRatio = (double)ellipsisLines / lineCount;
            if (ellipsisLineRatio > _options.MaxEllipsisLinesRatio)
            {
                return StepResult.Drop("gopher_too_many_end_ellipsis", ellipsisLineRatio, _options.MaxEllipsisLinesRatio, ellipsisExample);
            }
        }
        double alphaRatio = (double)withLetter / words;
        document.SetScore("alpha_words_ratio", alphaRatio);
        if (alphaRatio < _options.MinAlphaWordsRatio)
        {
            return StepResult.Drop("gopher_below_alpha_threshold", alphaRatio, _options.MinAlphaWordsRatio);
        }
        if (stopWords < _options.MinStopWords)
        {
            return StepResult.Drop("gopher_enough_stop_words", stopWords, _options.MinStopWords);
        }
        return StepResult.Keep;
    }

    /// <summary>datatrove checks only '•'; the other common bullet glyphs and list dashes count too.</summary>
    private static bool IsBullet(char c) => c is '•' or '●' or '◦' or '▪' or '‣' or '∙' or '·';

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
