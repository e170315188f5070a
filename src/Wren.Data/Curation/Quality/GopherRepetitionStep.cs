using System.Buffers;
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
public sealed class GopherRepetitionStep : IDocumentStep
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

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        if (text.Length == 0)
        {
            return StepResult.Keep;
        }
        var (paragraphs, paraDups, paraDupChars, paraExample) = ParagraphDuplicates(text);
        double paraFrac = (double)paraDups / paragraphs;
        if (paraFrac > _options.DupParaFrac)
        {
            return StepResult.Drop("dup_para_frac", paraFrac, _options.DupParaFrac, paraExample);
        }
        double paraCharFrac = (double)paraDupChars / text.Length;
        if (paraCharFrac > _options.DupParaCharFrac)
        {
            return StepResult.Drop("dup_para_char_frac", paraCharFrac, _options.DupParaCharFrac, paraExample);
        }
        var (lines, lineDups, lineDupChars, lineExample) = LineDuplicates(text);
        double lineFrac = lines == 0 ? 0 : (double)lineDups / lines;
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
        ulong[] wordHash = ArrayPool<ulong>.Shared.Rent(count);
        ulong[] gram = ArrayPool<ulong>.Shared.Rent(count);
        int[] wordLength = ArrayPool<int>.Shared.Rent(count);
        int[] gramChars = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var t = tokens[i];
                wordHash[i] = TextHash.Of(text.AsSpan(t.Start, t.Length));
                wordLength[i] = t.Length;
            }
            // gram[i] holds the hash of the n-gram starting at word i, for the current n; grown one word at a time.
            wordHash.AsSpan(0, count).CopyTo(gram);
            wordLength.AsSpan(0, count).CopyTo(gramChars);
            return NGramRules(document, text, tokens, count, wordHash, wordLength, gram, gramChars);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(wordHash);
            ArrayPool<ulong>.Shared.Return(gram);
            ArrayPool<int>.Shared.Return(wordLength);
            ArrayPool<int>.Shared.Return(gramChars);
        }
    }

    private StepResult NGramRules(WorkingDocument document, string text, IReadOnlyList<WordToken> tokens, int count, ulong[] wordHash, int[] wordLength, ulong[] gram, int[] gramChars)
    {
        int n = 1;
        int maxN = Math.Max(_top.Length == 0 ? 0 : _top[^1].N, _dup.Length == 0 ? 0 : _dup[^1].N);
        var counts = HashCounter.ForThread;
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
                counts.Reset(grams);
                int best = 0, bestAt = 0;
                for (int i = 0; i < grams; i++)
                {
                    int c = counts.Increment(gram[i]);
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
                counts.Reset(grams);
                long repeated = 0;
                int firstRepeat = -1;
                int idx = 0;
                while (idx < grams)
                {
                    if (!counts.Add(gram[idx]))
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

    /// <summary>
    /// datatrove's <c>find_duplicates</c> over paragraphs, <c>re.split(r"\n{2,}", text.strip())</c>:
    /// how many there are, how many were seen before and their characters, and the first repeat. Scans
    /// the text for newline runs instead of splitting it into strings.
    /// </summary>
    internal static (int Count, int Duplicates, long DuplicateChars, string? Example) ParagraphDuplicates(string text)
    {
        ReadOnlySpan<char> all = text.AsSpan();
        ReadOnlySpan<char> trimmed = all.Trim();
        int offset = trimmed.IsEmpty ? 0 : all.Length - all.TrimStart().Length;
        var seen = HashCounter.ForThread;
        seen.Reset(Math.Max(16, trimmed.Length / 64));
        int count = 0, duplicates = 0;
        long chars = 0;
        int exampleStart = -1, exampleLength = 0;
        int start = 0;
        while (true)
        {
            int end = start;
            int runLength = 0;
            // The next run of two or more newlines ends this paragraph.
            while (true)
            {
                int nl = trimmed[end..].IndexOf('\n');
                if (nl < 0)
                {
                    end = trimmed.Length;
                    break;
                }
                end += nl;
                runLength = 1;
                while (end + runLength < trimmed.Length && trimmed[end + runLength] == '\n')
                {
                    runLength++;
                }
                if (runLength >= 2)
                {
                    break;
                }
                end += 1;
                runLength = 0;
            }
            ReadOnlySpan<char> paragraph = trimmed[start..end];
            count++;
            if (!seen.Add(TextHash.Of(paragraph)))
            {
                duplicates++;
                chars += paragraph.Length;
                if (exampleStart < 0 && paragraph.Length > 0)
                {
                    exampleStart = offset + start;
                    exampleLength = paragraph.Length;
                }
            }
            if (end >= trimmed.Length)
            {
                break;
            }
            start = end + runLength;
        }
        return (count, duplicates, chars, exampleStart < 0 ? null : text.Substring(exampleStart, exampleLength));
    }

    /// <summary>datatrove's <c>find_duplicates</c> over <c>text.splitlines()</c>.</summary>
    private static (int Count, int Duplicates, long DuplicateChars, string? Example) LineDuplicates(string text)
    {
        var seen = HashCounter.ForThread;
        seen.Reset(Math.Max(16, text.Length / 32));
        int count = 0, duplicates = 0;
        long chars = 0;
        string? example = null;
        foreach (var range in TextLines.SplitLines(text))
        {
            ReadOnlySpan<char> line = text.AsSpan(range);
            count++;
            if (!seen.Add(TextHash.Of(line)))
            {
                duplicates++;
                chars += line.Length;
                example ??= line.Length > 0 ? line.ToString() : null;
            }
        }
        return (count, duplicates, chars, example);
    }
}
