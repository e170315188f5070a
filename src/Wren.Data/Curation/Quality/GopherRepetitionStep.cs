using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Gopher's repetition rules with datatrove's semantics: duplicate paragraphs (split on 2+ newlines)
/// and lines (<c>splitlines()</c>) as a fraction of elements and of characters; the most frequent
/// 2/3/4-gram's characters (its words joined by spaces, times its count; among equally frequent ones
/// the one seen first, as <c>Counter.most_common(1)</c>) over the text length; characters in
/// duplicated 5..10-grams (scanning left to right, skipping past a repeated n-gram, counting the
/// words' characters without separators, as datatrove's <c>find_all_duplicate</c> joins them with
/// <c>""</c>). N-grams are compared by 64-bit hashes built from per-word hashes, not as joined
/// strings, and only n-grams that can still repeat are counted (see <see cref="NGramRules"/>).
/// One datatrove quirk is not copied: its <c>"".join</c> also makes different word splits of the
/// same characters equal ("ab c" and "a bc"); here n-grams are equal only word by word.
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

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var scratch = RepetitionScratch.ForThread;
        scratch.Ensure(count);
        ReadOnlySpan<WordToken> words = tokens is List<WordToken> list ? CollectionsMarshal.AsSpan(list) : tokens.ToArray();
        HashWords(text, words, scratch.WordHash, scratch.WordLength);
        return NGramRules(document, text, tokens, count, scratch);
    }

    /// <summary>Each word hashed once; every n-gram hash below is built from these, never from the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashWords(string text, ReadOnlySpan<WordToken> words, Span<ulong> hash, Span<int> length)
    {
        ReadOnlySpan<char> all = text;
        for (int i = 0; i < words.Length; i++)
        {
            var t = words[i];
            hash[i] = HashWord(all, t.Start, t.Length);
            length[i] = t.Length;
        }
    }

    /// <summary>
    /// A 64-bit hash of one word. Most words are at most four UTF-16 units: those are packed into 64
    /// bits exactly (no token holds '\0', so lengths cannot be confused) and mixed by a bijection, so
    /// two of them never collide; up to eight units, the first and last four are mixed; longer words
    /// use XxHash3. Cheaper than a general hash call per word, which was a fifth of this step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashWord(ReadOnlySpan<char> text, int start, int length)
    {
        if (length < 4 && start + 4 <= text.Length)
        {
            // The same packed value as the loop below, read as one 64-bit load and masked to the
            // word's units: no loop with a data-dependent trip count for the commonest words.
            ulong four = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(text.Slice(start, 4)));
            return Mix(four & ((1UL << (16 * length)) - 1));
        }
        return HashWord(text.Slice(start, length));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashWord(ReadOnlySpan<char> word)
    {
        if (word.Length >= 4 && word.Length <= 8)
        {
            ulong first = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(word[..4]));
            ulong last = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(word[^4..]));
            return word.Length == 4 ? Mix(first) : Mix(first ^ Mix(last ^ ((ulong)word.Length * 0x9E3779B97F4A7C15UL)));
        }
        if (word.Length < 4)
        {
            ulong packed = 0;
            for (int i = 0; i < word.Length; i++)
            {
                packed |= (ulong)word[i] << (16 * i);
            }
            return Mix(packed);
        }
        return TextHash.Of(word);
    }

    /// <summary>MurmurHash3's 64-bit finalizer, shared with the MinHash word hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h) => Dedup.WordHash.Mix64(h);

    /// <summary>
    /// The top and duplicated n-gram rules for n = 2, 3, ... with datatrove's results, counting only
    /// n-grams that can repeat. An n-gram that occurs twice has its first n-1 words occurring twice
    /// at the same positions, so the positions whose n-gram may repeat are a subset of those whose
    /// (n-1)-gram repeated: each n counts only those (all positions for n = 2, then a shrinking
    /// fraction, a few percent by n = 5 in prose). An n-gram seen once changes neither result: the
    /// top count is then 1 and its first n-gram (position 0) is the top one, as with
    /// <c>Counter.most_common(1)</c>; in the left-to-right duplicate scan a position whose n-gram
    /// never recurs is only added to the set, and nothing later can find it there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepResult NGramRules(WorkingDocument document, string text, IReadOnlyList<WordToken> tokens, int count, RepetitionScratch scratch)
    {
        int maxN = Math.Max(_top.Length == 0 ? 0 : _top[^1].N, _dup.Length == 0 ? 0 : _dup[^1].N);
        Span<ulong> wordHash = scratch.WordHash.AsSpan(0, count);
        Span<int> wordLength = scratch.WordLength.AsSpan(0, count);
        Span<ulong> gram = scratch.Gram.AsSpan(0, count);
        Span<int> candidates = scratch.Candidates.AsSpan(0, count);
        Span<int> slots = scratch.Slots.AsSpan(0, count);
        var counter = scratch.Counter;
        // n = 1: every position, its "gram" the word itself.
        wordHash.CopyTo(gram);
        for (int i = 0; i < count; i++)
        {
            candidates[i] = i;
        }
        int live = count;
        int n = 1;
        while (n < maxN && n < count)
        {
            n++;
            int grams = count - n + 1;
            // Grow each candidate's gram by the next word; candidates are ascending, so those without a full n-gram are at the end.
            int kept = 0;
            for (int k = 0; k < live; k++)
            {
                int p = candidates[k];
                if (p >= grams)
                {
                    break;
                }
                gram[p] = TextHash.Combine(gram[p], wordHash[p + n - 1]);
                kept++;
            }
            live = kept;
            counter.Reset(live);
            int best = 0;
            // datatrove's find_all_duplicate runs in the same pass as the counting: left to right, a
            // visited n-gram is marked; one found marked is a repeat, and the scan jumps past it.
            // Positions the jump skips are neither looked up nor marked.
            double dupMax = DupThreshold(n);
            bool dup = !double.IsNaN(dupMax);
            long repeated = 0;
            int firstRepeat = -1;
            int next = 0;
            const int ahead = 8;
            for (int k = 0; k < live; k++)
            {
                int p = candidates[k];
                if (k + ahead < live)
                {
                    counter.Prefetch(gram[candidates[k + ahead]]);
                }
                best = Math.Max(best, counter.Add(gram[p], out slots[k]));
                if (dup && p >= next)
                {
                    if (counter.Mark(slots[k]))
                    {
                        // "".join(words[idx : idx + n]): the words' characters without separators.
                        repeated += JoinedChars(wordLength, p, n) - (n - 1);
                        if (firstRepeat < 0)
                        {
                            firstRepeat = p;
                        }
                        next = p + n;
                    }
                }
            }
            // Only n-grams that occur again can be duplicates now or extend to duplicates later. The
            // first position whose n-gram has the top count is that n-gram's first occurrence:
            // Counter.most_common(1) returns, among the most frequent, the one counted first.
            kept = 0;
            int topAt = -1;
            // After the last n, neither the surviving positions nor (without a top rule for n) the top position are read.
            bool lastN = n >= maxN || n >= count;
            int scanned = lastN && !HasTopRule(n) ? 0 : live;
            for (int k = 0; k < scanned; k++)
            {
                int c = counter.CountAt(slots[k]);
                if (topAt < 0 && c == best)
                {
                    topAt = candidates[k];
                }
                if (c > 1)
                {
                    candidates[kept++] = candidates[k];
                }
            }
            live = kept;
            foreach (var (topN, max) in _top)
            {
                if (topN != n)
                {
                    continue;
                }
                // All n-grams distinct: the top one is the first, seen once.
                int bestAt = best <= 1 ? 0 : topAt;
                best = Math.Max(best, 1);
                double frac = (double)JoinedChars(wordLength, bestAt, n) * best / text.Length;
                if (n == 2)
                {
                    document.SetScore("top_2_gram_frac", frac);
                }
                if (frac > max)
                {
                    return StepResult.Drop($"top_{n}_gram", frac, max, Join(text, tokens, bestAt, n));
                }
            }
            if (dup)
            {
                double frac = (double)repeated / text.Length;
                if (frac > dupMax)
                {
                    return StepResult.Drop($"duplicated_{n}_n_grams", frac, dupMax, firstRepeat < 0 ? null : Join(text, tokens, firstRepeat, n));
                }
            }
        }
        return StepResult.Keep;
    }

    private bool HasTopRule(int n)
    {
        foreach (var (topN, _) in _top)
        {
            if (topN == n)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The duplicated n-gram threshold for <paramref name="n"/>, or NaN when there is no such rule.</summary>
    private double DupThreshold(int n)
    {
        foreach (var (dupN, max) in _dup)
        {
            if (dupN == n)
            {
                return max;
            }
        }
        return double.NaN;
    }

    /// <summary>Characters of the n-gram at <paramref name="start"/> joined by single spaces (<c>" ".join</c>).</summary>
    private static int JoinedChars(ReadOnlySpan<int> wordLength, int start, int n)
    {
        int chars = n - 1;
        for (int k = 0; k < n; k++)
        {
            chars += wordLength[start + k];
        }
        return chars;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>datatrove's <c>find_duplicates</c> over <c>text.splitlines()</c>, walking the lines in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, int Duplicates, long DuplicateChars, string? Example) LineDuplicates(string text)
    {
        var seen = HashCounter.ForThread;
        seen.Reset(Math.Max(16, text.Length / 32));
        int count = 0, duplicates = 0;
        long chars = 0;
        string? example = null;
        var lines = new LineRanges(text);
        while (lines.MoveNext())
        {
            ReadOnlySpan<char> line = lines.Current;
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
