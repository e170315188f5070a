using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;
using static System.FormattableString;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Gopher's repetition rules as datatrove's <c>GopherRepetitionFilter</c> decides them, checked against
/// datatrove's main branch at a649de79 (2026-08-13; the filter last changed in 84277597, 2024-12-06):
/// duplicate paragraphs (<c>re.split(r"\n{2,}", text.strip())</c>) and lines (<c>re.split("\n+", text)</c>)
/// as a fraction of elements and of characters; the most frequent 2/3/4-gram's characters (its words
/// joined by spaces, times its count; among equally frequent ones the one seen first, as
/// <c>Counter.most_common(1)</c>) over the text length; characters in duplicated 5..10-grams (scanning
/// left to right, skipping past a repeated n-gram, counting the words' characters without separators,
/// as datatrove's <c>find_all_duplicate</c> joins them with <c>""</c>). A line or paragraph threshold
/// of 0 turns its rule off, as datatrove's <c>if self.dup_line_frac and ...</c> does. Words are
/// compared by 64-bit hashes; n-grams, not as joined strings, but exactly, by names built from the
/// words' (each distinct n-gram is named by its first position), and only n-grams that can still
/// repeat are counted (see <see cref="NGramRules"/>).
/// Deliberate differences (listed in the README's curation section): words come from
/// <see cref="WordTokenizer"/>, not NLTK's <c>word_tokenize</c>; lengths count UTF-16 units, not code
/// points; datatrove's <c>"".join</c> also makes different word splits of the same characters equal
/// ("ab c" and "a bc"), here n-grams are equal only word by word; an empty text is kept (datatrove
/// divides by its length).
/// </summary>
public sealed class GopherRepetitionStep : IDocumentStep
{
    private readonly GopherRepetitionOptions _options;
    private readonly (int N, double Max)[] _top;
    private readonly (int N, double Max)[] _dup;

    private readonly SourceKinds _kinds;

    public GopherRepetitionStep(GopherRepetitionOptions options, SourceKinds? kinds = null)
    {
        _options = options;
        _kinds = kinds ?? SourceKinds.None;
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
            // datatrove divides by len(text) here (ZeroDivisionError); an empty text has nothing repeated.
            return StepResult.Keep;
        }
        var (paragraphs, paraDups, paraDupChars, paraExample) = ParagraphDuplicates(text);
        double paraFrac = (double)paraDups / paragraphs;
        if (IsOn(_options.DupParaFrac) && paraFrac > _options.DupParaFrac)
        {
            return PartsDrop("dup_para_frac", text, paraFrac, _options.DupParaFrac, Invariant($"{paraDups:N0} of {paragraphs:N0} paragraphs repeat an earlier one"), "paragraph", paraExample);
        }
        double paraCharFrac = (double)paraDupChars / text.Length;
        if (IsOn(_options.DupParaCharFrac) && paraCharFrac > _options.DupParaCharFrac)
        {
            return PartsDrop("dup_para_char_frac", text, paraCharFrac, _options.DupParaCharFrac, Invariant($"{paraDupChars:N0} of {text.Length:N0} characters are in repeated paragraphs"), "paragraph", paraExample);
        }
        var kind = _kinds.Of(document);
        var (lines, lineDups, lineDupChars, lineExample) = LineDuplicates(text, kind?.IgnoreQuoteMarkerLines ?? false);
        // Only a kind that leaves out quote-marker lines can have none.
        double lineFrac = lines == 0 ? 0 : (double)lineDups / lines;
        document.SetScore("dup_line_frac", lineFrac);
        if (IsOn(_options.DupLineFrac) && lineFrac > _options.DupLineFrac)
        {
            return PartsDrop("dup_line_frac", text, lineFrac, _options.DupLineFrac, Invariant($"{lineDups:N0} of {lines:N0} lines repeat an earlier one"), "line", lineExample);
        }
        double lineCharFrac = (double)lineDupChars / text.Length;
        if (IsOn(_options.DupLineCharFrac) && lineCharFrac > _options.DupLineCharFrac)
        {
            return PartsDrop("dup_line_char_frac", text, lineCharFrac, _options.DupLineCharFrac, Invariant($"{lineDupChars:N0} of {text.Length:N0} characters are in repeated lines"), "line", lineExample);
        }
        var tokens = document.Tokens;
        int count = tokens.Count;
        if (count == 0)
        {
            return StepResult.Keep;
        }
        ReadOnlySpan<WordToken> words = tokens is List<WordToken> list ? CollectionsMarshal.AsSpan(list) : tokens.ToArray();
        if (kind is { ShareRulesMinWords: > 0 } && CountWords(words) < kind.ShareRulesMinWords)
        {
            return StepResult.Keep;
        }
        var scratch = RepetitionScratch.ForThread;
        scratch.Ensure(count);
        return NGramRules(document, text, words, scratch);
    }

    /// <summary>Word tokens (not punctuation or symbols): the length a kind's <see cref="SourceKindOptions.ShareRulesMinWords"/> is compared with.</summary>
    private static int CountWords(ReadOnlySpan<WordToken> tokens)
    {
        int words = 0;
        foreach (var t in tokens)
        {
            words += t.Kind == TokenKind.Word ? 1 : 0;
        }
        return words;
    }

    /// <summary>datatrove tests the four line and paragraph fractions with <c>if self.dup_line_frac and ...</c>: 0 turns a rule off.</summary>
    private static bool IsOn(double threshold) => threshold != 0;

    /// <summary>
    /// A line or paragraph rule's drop, with the parts (still in the thread's <see cref="RepetitionScratch.Parts"/>)
    /// that repeat and how often, and the first repeated one to highlight.
    /// </summary>
    private static StepResult PartsDrop(string rule, string text, double value, double threshold, string measure, string noun, string? highlight)
    {
        var parts = RepetitionScratch.ForThread.Parts;
        var ranges = new (int, int)[parts.Count];
        for (int i = 0; i < ranges.Length; i++)
        {
            ranges[i] = (parts.Starts[i], parts.Lengths[i]);
        }
        string evidence = string.Create(CultureInfo.InvariantCulture,
            $"{measure} ({DropEvidence.Number(value)} > {rule} {DropEvidence.Number(threshold)}): {DropEvidence.Repeated(text, ranges, $"(empty {noun})")}");
        return StepResult.Drop(rule, value, threshold, evidence, highlight);
    }

    /// <summary>
    /// A 64-bit hash of one word, by its UTF-16 units: words of up to eight units (nine in ten) from
    /// two 64-bit loads and no jump on the length (word lengths are too irregular to predict); longer
    /// words by XxHash3. Up to four units the word is packed into 64 bits exactly (no token holds
    /// '\0', so lengths cannot be confused) and mixed by a bijection, so two of them never collide;
    /// five to eight units add the last four units and the length. Only equality matters: a word
    /// must hash the same wherever it occurs, which <see cref="HashWordScalar"/> (the plain
    /// definition, used near the end of the text) is tested against.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong HashWord(ReadOnlySpan<char> text, int start, int length)
    {
        // Tokens lie inside the text, so a word of four or more units can be read as its first and
        // last four; a shorter one needs four readable units from its start.
        if ((uint)length <= 8 && (uint)(start + 4) <= (uint)text.Length && start >= 0)
        {
            ref byte at = ref Unsafe.As<char, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
            ulong first = Unsafe.ReadUnaligned<ulong>(ref at);
            // Branch-free max(length - 4, 0): for fewer than four units this rereads the first four,
            // masked out below.
            int beyond = length - 4;
            ulong last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 2 * (beyond & ~(beyond >> 31))));
            // The first min(length, 4) units: all ones from four units on, whatever the shift gives.
            ulong low = first & (((1UL << ((16 * length) & 63)) - 1) | (ulong)(long)((3 - length) >> 31));
            // 0 for up to four units, all ones for more: the last four units count only then.
            ulong longer = (ulong)(long)(-beyond >> 31);
            return Mix(low ^ (((last & longer) ^ (ulong)length) * 0x9E3779B97F4A7C15UL));
        }
        return HashWordScalar(text.Slice(start, length));
    }

    /// <summary>The definition <see cref="HashWord(ReadOnlySpan{char}, int, int)"/> computes, one unit at a time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong HashWordScalar(ReadOnlySpan<char> word)
    {
        if (word.Length > 8)
        {
            return TextHash.Of(word);
        }
        ulong low = 0, last = 0;
        for (int i = 0; i < Math.Min(word.Length, 4); i++)
        {
            low |= (ulong)word[i] << (16 * i);
        }
        if (word.Length > 4)
        {
            for (int i = 0; i < 4; i++)
            {
                last |= (ulong)word[word.Length - 4 + i] << (16 * i);
            }
        }
        return Mix(low ^ ((last ^ (ulong)word.Length) * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>MurmurHash3's 64-bit finalizer, shared with the MinHash word hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h) => Dedup.WordHash.Mix64(h);

    /// <summary>
    /// The top and duplicated n-gram rules for n = 2, 3, ... with datatrove's results, counting only
    /// n-grams that can repeat. Every distinct n-gram is named by the position where it first occurs,
    /// so an n-gram is exactly the pair (name of the (n-1)-gram at p, name of the (n-1)-gram at p + 1):
    /// only words are hashed. An n-gram that occurs twice has both of its (n-1)-grams occurring twice,
    /// so level n counts only the positions where both repeated at level n - 1 (for n = 2: both
    /// words, about 70% of positions on the bench corpora; under a quarter by n = 5). An n-gram seen once changes neither
    /// result: the top count is then 1 and its first n-gram (position 0) is the top one, as with
    /// <c>Counter.most_common(1)</c>; in the left-to-right duplicate scan a position whose n-gram never
    /// recurs is only added to the set, and nothing later can find it there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepResult NGramRules(WorkingDocument document, string text, ReadOnlySpan<WordToken> words, RepetitionScratch scratch)
    {
        int count = words.Length;
        int maxN = Math.Max(_top.Length == 0 ? 0 : _top[^1].N, _dup.Length == 0 ? 0 : _dup[^1].N);
        // Level markers: rep[p] == n when the n-gram at p occurs more than once; mark[f] == n when
        // the n-gram first seen at f is in the duplicate scan's set. Cleared per document, so a value
        // equal to the current level was written by this document at this level.
        Span<int> id = scratch.Id.AsSpan(0, count + 1);
        Span<int> rep = scratch.Repeats.AsSpan(0, count + 1);
        Span<int> mark = scratch.Marks.AsSpan(0, count);
        Span<int> live = scratch.Live.AsSpan(0, count);
        rep.Clear();
        mark.Clear();
        var table = scratch.Table;
        int liveCount = maxN < 2 ? 0 : CountWords(text, words, scratch.WordHash, id, rep, live, table);
        for (int n = 2; n <= maxN && n <= count; n++)
        {
            double topMax = TopThreshold(n);
            double dupMax = DupThreshold(n);
            bool top = !double.IsNaN(topMax);
            bool dup = !double.IsNaN(dupMax);
            bool last = n == maxN || n == count;
            var level = CountLevel(n, id, rep, mark, live, liveCount, table, top, dup, last, words);
            liveCount = level.Live;
            if (top)
            {
                // All n-grams distinct: the top one is the first, seen once.
                int best = Math.Max(level.Best, 1);
                int bestAt = best == 1 ? 0 : level.BestFirst;
                double frac = (double)JoinedChars(words, bestAt, n) * best / text.Length;
                if (n == 2)
                {
                    document.SetScore("top_2_gram_frac", frac);
                }
                if (frac > topMax)
                {
                    string gram = Join(text, words, bestAt, n);
                    string evidence = string.Create(CultureInfo.InvariantCulture,
                        $"the most frequent {n}-gram occurs {best:N0}× ({best:N0} × {gram.Length:N0} of {text.Length:N0} characters: {DropEvidence.Number(frac)} > top_{n}_gram {DropEvidence.Number(topMax)}): {DropEvidence.Quote(gram)}");
                    return StepResult.Drop($"top_{n}_gram", frac, topMax, evidence, gram);
                }
            }
            if (dup)
            {
                double frac = (double)level.Repeated / text.Length;
                if (frac > dupMax)
                {
                    string evidence = string.Create(CultureInfo.InvariantCulture,
                        $"{level.Repeated:N0} of {text.Length:N0} characters are in repeated {n}-grams ({DropEvidence.Number(frac)} > duplicated_{n}_n_grams {DropEvidence.Number(dupMax)}): {RepeatedNGrams(text, words, id, rep, n)}");
                    return StepResult.Drop($"duplicated_{n}_n_grams", frac, dupMax, evidence, level.FirstRepeat < 0 ? null : Join(text, words, level.FirstRepeat, n));
                }
            }
        }
        return StepResult.Keep;
    }

    /// <summary>
    /// Level 1: each word named by its first position (words compared by their 64-bit hash), and
    /// <paramref name="rep"/>[p] = 1 where the word occurs again. Fills <paramref name="live"/> with the
    /// positions whose word and next word both repeat (the only places a 2-gram can repeat); returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountWords(string text, ReadOnlySpan<WordToken> words, Span<ulong> hashes, Span<int> id, Span<int> rep, Span<int> live, OccurrenceTable table)
    {
        int count = words.Length;
        if (id.Length < count || rep.Length < count || live.Length < count || hashes.Length < count)
        {
            throw new ArgumentException("CountWords: scratch arrays shorter than the words.");
        }
        // All words hashed first, in a loop of their own: the probing loop below then knows its keys
        // ahead (to prefetch their entries) and neither loop runs out of registers.
        ReadOnlySpan<char> all = text;
        Span<ulong> keys = hashes[..count];
        for (int p = 0; p < keys.Length; p++)
        {
            var t = words[p];
            keys[p] = HashWord(all, t.Start, t.Length);
        }
        // Distinct words grow slower than words (Heaps' law); the table grows past a low guess.
        table.Reset(count / 4);
        ref var slots = ref table.Entries;
        int mask = table.Mask, shift = table.Shift, room = table.Limit;
        ref int ids = ref MemoryMarshal.GetReference(id);
        ref int reps = ref MemoryMarshal.GetReference(rep);
        ref ulong key = ref MemoryMarshal.GetReference(keys);
        const int ahead = 8;
        // As in CountLevel: only tables beyond the L1 cache are worth prefetching from.
        int prefetchBelow = mask >= 2048 ? count - ahead : 0;
        for (int p = 0; p < count; p++)
        {
            if (room == 0)
            {
                table.Grow();
                slots = ref table.Entries;
                (mask, shift, room) = (table.Mask, table.Shift, table.Limit - table.Limit / 2);
                prefetchBelow = mask >= 2048 ? count - ahead : 0;
            }
            if (p < prefetchBelow)
            {
                OccurrenceTable.Prefetch(ref slots, shift, Unsafe.Add(ref key, p + ahead));
            }
            ref var e = ref OccurrenceTable.AddTo(ref slots, mask, shift, Unsafe.Add(ref key, p), p);
            int f = e.First;
            Unsafe.Add(ref ids, p) = f;
            // Branch-free (the JIT turns "f != p ? 1 : 0" into a jump): f <= p, and f < p exactly when the
            // word was seen before. A seen word marks itself and its first occurrence; a new one writes 0 over its own level.
            int level = (int)((uint)(f - p) >> 31);
            room -= 1 - level;
            Unsafe.Add(ref reps, f) = level;
            Unsafe.Add(ref reps, p) = level;
        }
        return Survivors(ref reps, ref MemoryMarshal.GetReference(live), count - 1, 1, all: true);
    }

    /// <summary>What one level's pass found: the top count and its n-gram's first position, the duplicate scan's characters and first repeat, and how many positions are left for the next level.</summary>
    private readonly record struct LevelResult(int Best, int BestFirst, long Repeated, int FirstRepeat, int Live);

    /// <summary>A compile-time switch: each generic instantiation of <see cref="CountLevel{TTop, TDup}"/> keeps only the work its rules need.</summary>
    private interface ISwitch
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct On : ISwitch
    {
        public static bool Enabled => true;
    }

    private readonly struct Off : ISwitch
    {
        public static bool Enabled => false;
    }

    private static LevelResult CountLevel(int n, Span<int> id, Span<int> rep, Span<int> mark, Span<int> live, int liveCount, OccurrenceTable table, bool top, bool dup, bool last, ReadOnlySpan<WordToken> words)
    {
        // Every index below is a position < words.Length (ids are first positions, live holds positions
        // whose successor also counted at the level before), so the spans are checked once here.
        if (id.Length <= words.Length || rep.Length <= words.Length || mark.Length < words.Length || live.Length < liveCount)
        {
            throw new ArgumentException("CountLevel: scratch arrays shorter than the words.");
        }
        return (top, dup) switch
        {
            (true, false) => CountLevel<On, Off>(n, id, rep, mark, live, liveCount, table, last, words),
            (false, true) => CountLevel<Off, On>(n, id, rep, mark, live, liveCount, table, last, words),
            (true, true) => CountLevel<On, On>(n, id, rep, mark, live, liveCount, table, last, words),
            _ => CountLevel<Off, Off>(n, id, rep, mark, live, liveCount, table, last, words),
        };
    }

    /// <summary>
    /// Level n over the positions where both (n-1)-grams repeat: names each n-gram by its first
    /// position, counts it (top rule) and runs datatrove's <c>find_all_duplicate</c> in the same pass
    /// (left to right, a visited n-gram is marked; one found marked is a repeat, and the scan jumps
    /// past it; positions the jump skips are neither looked up nor marked). Names are overwritten in
    /// place: position p reads the (n-1)-gram names at p and p + 1 before p's own is replaced, and no
    /// later position reads below itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LevelResult CountLevel<TTop, TDup>(int n, Span<int> id, Span<int> rep, Span<int> mark, Span<int> live, int liveCount, OccurrenceTable table, bool last, ReadOnlySpan<WordToken> words)
        where TTop : struct, ISwitch
        where TDup : struct, ISwitch
    {
        // At most liveCount distinct n-grams: sized for all of them, the table never grows here.
        table.Reset(liveCount);
        ref var slots = ref table.Entries;
        int mask = table.Mask, shift = table.Shift;
        ref int ids = ref MemoryMarshal.GetReference(id);
        ref int reps = ref MemoryMarshal.GetReference(rep);
        ref int marks = ref MemoryMarshal.GetReference(mark);
        ref int positions = ref MemoryMarshal.GetReference(live);
        int best = 0, bestFirst = 0;
        long repeated = 0;
        int firstRepeat = -1;
        int next = 0;
        const int ahead = 8;
        // A table within the L1 cache (2,048 entries: 32 KB) gains nothing from prefetching its entries.
        int prefetchBelow = table.Capacity > 2048 ? liveCount - ahead : 0;
        for (int k = 0; k < liveCount; k++)
        {
            if (k < prefetchBelow)
            {
                ref int q = ref Unsafe.Add(ref ids, Unsafe.Add(ref positions, k + ahead));
                OccurrenceTable.Prefetch(ref slots, shift, PairKey(q, Unsafe.Add(ref q, 1)));
            }
            int p = Unsafe.Add(ref positions, k);
            ref int at = ref Unsafe.Add(ref ids, p);
            ref var e = ref OccurrenceTable.AddTo(ref slots, mask, shift, PairKey(at, Unsafe.Add(ref at, 1)), p);
            int f = e.First;
            at = f;
            // Branch-free, as in CountWords: new and seen n-grams are about equally likely.
            int level = n & ((f - p) >> 31);
            Unsafe.Add(ref reps, f) = level;
            Unsafe.Add(ref reps, p) = level;
            if (TTop.Enabled)
            {
                int c = e.Count;
                // Counter.most_common(1): the highest count, ties to the n-gram counted first.
                if (c > best || (c == best && f < bestFirst))
                {
                    best = c;
                    bestFirst = f;
                }
            }
            if (TDup.Enabled && p >= next)
            {
                ref int m = ref Unsafe.Add(ref marks, f);
                if (m == n)
                {
                    // "".join(words[idx : idx + n]): the words' characters without separators.
                    repeated += JoinedChars(words, p, n) - (n - 1);
                    if (firstRepeat < 0)
                    {
                        firstRepeat = p;
                    }
                    next = p + n;
                }
                m = n;
            }
        }
        int kept = last ? 0 : Survivors(ref reps, ref positions, liveCount, n, all: false);
        return new LevelResult(best, bestFirst, repeated, firstRepeat, kept);
    }

    /// <summary>
    /// Keeps the positions p (all of 0..<paramref name="count"/>-1, or the first <paramref name="count"/>
    /// of <paramref name="live"/>) whose n-gram and the next position's both repeat at level <paramref name="n"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Survivors(ref int rep, ref int live, int count, int n, bool all)
    {
        int kept = 0;
        for (int k = 0; k < count; k++)
        {
            int p = all ? k : Unsafe.Add(ref live, k);
            Unsafe.Add(ref live, kept) = p;
            // 1 when both equal n (levels are never negative), without a jump.
            int differ = (Unsafe.Add(ref rep, p) ^ n) | (Unsafe.Add(ref rep, p + 1) ^ n);
            kept += (int)((uint)(differ - 1) >> 31);
        }
        return kept;
    }

    /// <summary>An n-gram as the names (first positions, under 2^31) of its two (n-1)-grams: exact, no hashing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PairKey(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;

    /// <summary>The top n-gram threshold for <paramref name="n"/>, or NaN when there is no such rule.</summary>
    private double TopThreshold(int n)
    {
        foreach (var (topN, max) in _top)
        {
            if (topN == n)
            {
                return max;
            }
        }
        return double.NaN;
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
    private static int JoinedChars(ReadOnlySpan<WordToken> words, int start, int n)
    {
        int chars = n - 1;
        for (int k = 0; k < n; k++)
        {
            chars += words[start + k].Length;
        }
        return chars;
    }

    /// <summary>
    /// The n-grams that occur more than once with their counts, for a dropped document's evidence: the
    /// positions this level marked as repeating (<paramref name="rep"/>[p] == n), counted by their names
    /// (<paramref name="id"/>[p], the first position), so only the listed n-grams become strings.
    /// </summary>
    private static string RepeatedNGrams(string text, ReadOnlySpan<WordToken> words, ReadOnlySpan<int> id, ReadOnlySpan<int> rep, int n)
    {
        var counts = new Dictionary<int, int>();
        for (int p = 0; p + n <= words.Length; p++)
        {
            if (rep[p] == n)
            {
                counts[id[p]] = counts.GetValueOrDefault(id[p]) + 1;
            }
        }
        var top = DropEvidence.Top(counts, kv => kv.Value, kv => kv.Key);
        var items = new List<(int, string)>(top.Count);
        foreach (var (name, count) in top)
        {
            items.Add((count, DropEvidence.Quote(Join(text, words, name, n))));
        }
        return DropEvidence.Format(items, counts.Count);
    }

    private static string Join(string text, ReadOnlySpan<WordToken> words, int start, int n)
    {
        var parts = new string[n];
        for (int k = 0; k < n; k++)
        {
            var t = words[start + k];
            parts[k] = text.Substring(t.Start, t.Length);
        }
        return string.Join(' ', parts);
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
        var parts = RepetitionScratch.ForThread.Parts;
        parts.Clear();
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
            parts.Add(offset + start, end - start);
            if (end >= trimmed.Length)
            {
                break;
            }
            start = end + runLength;
        }
        return Duplicates(text, parts);
    }

    /// <summary>
    /// datatrove's <c>find_duplicates</c> over <c>re.split("\n+", text)</c>, walking the lines in place: a run
    /// of newlines is one separator, so the blank lines between paragraphs are no lines at all (datatrove's
    /// a8d21e2b, 2024-04-26, "fix documents with a lot of paragraphs being removed by the repetition
    /// filter"; before it, <c>splitlines()</c> made every blank line an empty line that repeats). Only
    /// '\n' separates (not '\r' or U+2028), the text is not stripped, so a text that starts or ends with
    /// a newline has an empty first or last line, and "" is one empty line.
    /// </summary>
    /// <param name="ignoreQuoteMarkers">A kind's <see cref="SourceKindOptions.IgnoreQuoteMarkerLines"/>: lines of only '&gt;' and whitespace are left out.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int Count, int Duplicates, long DuplicateChars, string? Example) LineDuplicates(string text, bool ignoreQuoteMarkers = false)
    {
        var parts = RepetitionScratch.ForThread.Parts;
        parts.Clear();
        ReadOnlySpan<char> all = text;
        int start = 0;
        while (true)
        {
            int nl = all[start..].IndexOf('\n');
            if (nl < 0)
            {
                AddLine(all, parts, start, all.Length - start, ignoreQuoteMarkers);
                break;
            }
            AddLine(all, parts, start, nl, ignoreQuoteMarkers);
            start += nl + 1;
            while (start < all.Length && all[start] == '\n')
            {
                start++;
            }
        }
        return Duplicates(text, parts);
    }

    private static void AddLine(ReadOnlySpan<char> text, TextParts parts, int start, int length, bool ignoreQuoteMarkers)
    {
        if (ignoreQuoteMarkers && length > 0 && IsQuoteMarkerLine(text.Slice(start, length)))
        {
            return;
        }
        parts.Add(start, length);
    }

    /// <summary>A line of '&gt;' quote markers and whitespace only, with at least one marker.</summary>
    private static bool IsQuoteMarkerLine(ReadOnlySpan<char> line)
    {
        bool marker = false;
        foreach (char c in line)
        {
            if (c == '>')
            {
                marker = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return marker;
    }

    /// <summary>
    /// datatrove's <c>find_duplicates</c> over the parts of <paramref name="text"/> (lines or paragraphs):
    /// how many there are, how many equal an earlier one and their characters, and the first non-empty
    /// repeat. Two parts can be equal only if their lengths are, so only parts whose length occurs
    /// more than once are hashed: long lines and paragraphs are mostly of a length of their own, and
    /// hashing them was most of this count.
    /// </summary>
    private static (int Count, int Duplicates, long DuplicateChars, string? Example) Duplicates(string text, TextParts parts)
    {
        int count = parts.Count;
        ReadOnlySpan<int> starts = parts.Starts;
        ReadOnlySpan<int> lengths = parts.Lengths;
        Span<int> shared = parts.SharedLength;
        // Lengths named by their first part, as words are in CountWords: shared[i] = 1 when another part has part i's length.
        var table = RepetitionScratch.ForThread.Table;
        table.Reset(count);
        shared.Clear();
        for (int i = 0; i < count; i++)
        {
            int f = table.Add((ulong)lengths[i], i).First;
            int level = (int)((uint)(f - i) >> 31);
            shared[f] |= level;
            shared[i] |= level;
        }
        var seen = HashCounter.ForThread;
        // Sized for every part: a HashCounter that grows allocates.
        seen.Reset(Math.Max(16, count));
        int duplicates = 0;
        long chars = 0;
        int example = -1;
        ReadOnlySpan<char> all = text;
        for (int i = 0; i < count; i++)
        {
            if (shared[i] != 0 && !seen.Add(TextHash.Of(all.Slice(starts[i], lengths[i]))))
            {
                duplicates++;
                chars += lengths[i];
                if (example < 0 && lengths[i] > 0)
                {
                    example = i;
                }
            }
        }
        return (count, duplicates, chars, example < 0 ? null : text.Substring(starts[example], lengths[example]));
    }
}
