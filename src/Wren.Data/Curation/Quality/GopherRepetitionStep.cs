using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Gopher's repetition rules with datatrove's semantics: duplicate paragraphs (split on 2+ newlines)
/// and lines (<c>splitlines()</c>) as a fraction of elements and of characters; the most frequent
/// 2/3/4-gram's characters (length x count) over the text length; characters in duplicated 5..10-grams
/// (scanning left to right, skipping past a repeated n-gram, as datatrove's <c>find_all_duplicate</c>).
/// N-grams are compared by 64-bit hashes of their words, not as joined strings.
/// </summary>
public sealed partial class GopherRepetitionStep : IDocumentStep
{
    private readonly GopherRepetitionOptions _options;
    private readonly (int N, double Max)[] _top;
    private readonly (int N, double Max)[] _dup;

    public GopherRepetitionStep(GopherRepetitionOptions options)
    {
        _options = options;
        _top = options.TopNGrams.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray();
        _dup = options.DupNGrams.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray();
    }

    public string Name => "gopher_repetition";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("dup_line_frac", 0, 1, 20), new("top_2_gram_frac", 0, 1, 20)];

    [GeneratedRegex(@"\n{2,}")]
    private static partial Regex ParagraphBreak();

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        if (text.Length == 0)
        {
            return StepResult.Keep;
        }
        string[] paragraphs = ParagraphBreak().Split(text.Trim());
        var (paraDups, paraDupChars, paraExample) = FindDuplicates(paragraphs.Select(p => (ReadOnlyMemory<char>)p.AsMemory()));
        double paraFrac = (double)paraDups / paragraphs.Length;
        if (paraFrac > _options.DupParaFrac)
        {
            return StepResult.Drop("dup_para_frac", paraFrac, _options.DupParaFrac, paraExample);
        }
        double paraCharFrac = (double)paraDupChars / text.Length;
        if (paraCharFrac > _options.DupParaCharFrac)
        {
            return StepResult.Drop("dup_para_char_frac", paraCharFrac, _options.DupParaCharFrac, paraExample);
        }
        var lines = TextLines.SplitLines(text);
        var (lineDups, lineDupChars, lineExample) = FindDuplicates(lines.Select(r => text.AsMemory(r)));
        double lineFrac = lines.Count == 0 ? 0 : (double)lineDups / lines.Count;
        document.SetScore("dup_line_frac", lineFrac);
        if (lineFrac > _options.DupLineFrac)
        {
            return StepResult.Drop("dup_line_frac", lineFrac, _options.DupLineFrac, lineExample);
        }
        double lineCharFrac = (double)lineDupChars / text.Length;
        if (lineCharFrac > _options.DupLineCharFrac)
        {
            return StepResult.Drop("dup_line_char_frac", lineCharFrac, _options.DupLineCharFrac, lineExample);
        }
        var tokens = document.Tokens;
        int count = tokens.Count;
        if (count == 0)
        {
            return StepResult.Keep;
        }
        var wordHash = new ulong[count];
        var wordLength = new int[count];
        for (int i = 0; i < count; i++)
        {
            var t = tokens[i];
            wordHash[i] = TextHash.Of(text.AsSpan(t.Start, t.Length));
            wordLength[i] = t.Length;
        }
        // gram[i] holds the hash of the n-gram starting at word i, for the current n; grown one word at a time.
        var gram = (ulong[])wordHash.Clone();
        var gramChars = (int[])wordLength.Clone();
        int n = 1;
        int maxN = Math.Max(_top.Length == 0 ? 0 : _top[^1].N, _dup.Length == 0 ? 0 : _dup[^1].N);
        var counts = new Dictionary<ulong, int>();
        var seen = new HashSet<ulong>();
        while (n < maxN && n < count)
        {
            n++;
            int grams = count - n + 1;
            for (int i = 0; i < grams; i++)
            {
                gram[i] = TextHash.Combine(gram[i], wordHash[i + n - 1]);
                gramChars[i] += 1 + wordLength[i + n - 1];
            }
            foreach (var (topN, max) in _top)
            {
                if (topN != n)
                {
                    continue;
                }
                counts.Clear();
                int best = 0, bestAt = 0;
                for (int i = 0; i < grams; i++)
                {
                    int c = counts.TryGetValue(gram[i], out int old) ? old + 1 : 1;
                    counts[gram[i]] = c;
                    // Counter.most_common(1) breaks ties by first insertion; the first n-gram to reach the top count wins here.
                    if (c > best)
                    {
                        best = c;
                        bestAt = i;
                    }
                }
                double frac = (double)gramChars[bestAt] * best / text.Length;
                if (n == 2)
                {
                    document.SetScore("top_2_gram_frac", frac);
                }
                if (frac > max)
                {
                    return StepResult.Drop($"top_{n}_gram", frac, max, Join(text, tokens, bestAt, n));
                }
            }
            foreach (var (dupN, max) in _dup)
            {
                if (dupN != n)
                {
                    continue;
                }
                seen.Clear();
                long repeated = 0;
                int firstRepeat = -1;
                int idx = 0;
                while (idx < grams)
                {
                    if (!seen.Add(gram[idx]))
                    {
                        repeated += gramChars[idx];
                        if (firstRepeat < 0)
                        {
                            firstRepeat = idx;
                        }
                        idx += n;
                    }
                    else
                    {
                        idx++;
                    }
                }
                double frac = (double)repeated / text.Length;
                if (frac > max)
                {
                    return StepResult.Drop($"duplicated_{n}_n_grams", frac, max, Join(text, tokens, firstRepeat, n));
                }
            }
        }
        return StepResult.Keep;
    }

    private static string Join(string text, IReadOnlyList<WordToken> tokens, int start, int n)
    {
        var words = new string[n];
        for (int k = 0; k < n; k++)
        {
            var t = tokens[start + k];
            words[k] = text.Substring(t.Start, t.Length);
        }
        return string.Join(' ', words);
    }

    /// <summary>datatrove's <c>find_duplicates</c>: elements seen before, and their characters.</summary>
    private static (int Duplicates, long DuplicateChars, string? Example) FindDuplicates(IEnumerable<ReadOnlyMemory<char>> elements)
    {
        var unique = new HashSet<ulong>();
        int duplicates = 0;
        long chars = 0;
        string? example = null;
        foreach (var element in elements)
        {
            if (!unique.Add(TextHash.Of(element.Span)))
            {
                duplicates++;
                chars += element.Length;
                example ??= element.Length > 0 ? element.ToString() : null;
            }
        }
        return (duplicates, chars, example);
    }
}
