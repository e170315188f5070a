using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lingua;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Lingua 2.0.0's low-accuracy language detection (<c>LanguageDetectorBuilder ... WithLowAccuracyMode()</c>,
/// <c>ComputeLanguageConfidenceValues</c>), re-implemented over Lingua's own model files so that
/// it returns the same language and confidence, about two orders of magnitude faster.
/// </summary>
/// <remarks>
/// Why hand-written: Lingua spends ~1.8 ms on 500 characters. Per call it builds a string, word
/// lists, hash sets of n-grams, LINQ pipelines and a <c>Parallel.ForEach</c>, and for every
/// candidate language looks every trigram up in that language's own dictionary (falling back to
/// bigram and unigram dictionaries). Here every step is the same computation in the same order
/// (so sums are bit-identical), but over flat tables: one hash lookup per distinct trigram returns
/// the log-probabilities of all candidate languages (<see cref="LinguaNgramTable"/>), added with
/// vectors, and per-call buffers are reused per thread. Lingua stays the reference: the tests run
/// both on real text and compare. High-accuracy mode (1- to 5-gram models for texts under 120
/// characters) is not re-implemented; <see cref="LanguageStep"/> uses Lingua itself for it.
/// Thread-safe: the tables are read-only after construction; scratch buffers are per thread.
/// </remarks>
public sealed class LinguaModelScorer
{
    private const int Unknown = -1;
    private readonly Lingua.Language[] _languages;
    private readonly string[] _codes;
    private readonly LinguaNgramTable _table;
    private readonly uint[] _alphabetsOf;
    // Rule-engine indices run over the candidates, then Chinese and Japanese when they are not
    // candidates (Lingua's rules vote for them on Han/kana characters even then).
    private readonly int _ruleLanguages;
    private readonly int _chinese;
    private readonly int _japanese;
    private readonly int[] _onlyLanguageOfAlphabet;
    // Per UTF-16 unit: 1 = some candidate lists it among its unique characters, 2 = it is in CharsToLanguages.
    private readonly byte[] _charFlags = new byte[char.MaxValue + 1];
    private readonly Dictionary<char, int[]> _uniqueCharLanguages = [];
    private readonly Dictionary<char, (int Entry, int Slot)> _mappingChars = [];
    private readonly int[][] _mappingLanguages;

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <param name="isoCodes">Candidate languages (ISO 639-1), in the order Lingua would be given them (ties go to the first).</param>
    /// <param name="modelsDirectory">Lingua's model folder; default: where SearchPioneer.Lingua puts it, next to the program.</param>
    /// <param name="useCache">
    /// Read the merged table from the on-disk cache when a copy built from the same model files is
    /// there, and save it there after building (<see cref="LinguaNgramTableCache"/>); <c>false</c>: always build.
    /// </param>
    /// <param name="cacheDirectory">The cache folder; default <c>$WREN_CACHE/lingua</c>, <c>$XDG_CACHE_HOME/wren/lingua</c> or <c>~/.cache/wren/lingua</c>.</param>
    public LinguaModelScorer(IEnumerable<string> isoCodes, string? modelsDirectory = null, bool useCache = true, string? cacheDirectory = null)
    {
        _languages = LinguaLanguages.Parse(isoCodes);
        int count = _languages.Length;
        _codes = [.. _languages.Select(LinguaLanguages.Code)];
        _table = LinguaNgramTable.Load(
            _languages,
            modelsDirectory ?? Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels"),
            useCache ? cacheDirectory ?? LinguaNgramTableCache.DefaultDirectory() : null);
        _alphabetsOf = [.. _languages.Select(LinguaScriptRules.AlphabetsOf)];

        int extra = count;
        _chinese = Array.IndexOf(_languages, Lingua.Language.Chinese) is int zh and >= 0 ? zh : extra++;
        _japanese = Array.IndexOf(_languages, Lingua.Language.Japanese) is int ja and >= 0 ? ja : extra++;
        _ruleLanguages = extra;

        _onlyLanguageOfAlphabet = new int[(int)LinguaAlphabet.None + 1];
        for (int a = 0; a < _onlyLanguageOfAlphabet.Length; a++)
        {
            _onlyLanguageOfAlphabet[a] = Array.IndexOf(_languages, LinguaScriptRules.OnlyLanguageOfAlphabet[a]);
        }

        for (int l = 0; l < count; l++)
        {
            foreach (char c in _languages[l].UniqueCharacters() ?? "")
            {
                _charFlags[c] |= 1;
                _uniqueCharLanguages[c] = _uniqueCharLanguages.TryGetValue(c, out var list) ? [.. list, l] : [l];
            }
        }

        var mapping = LinguaScriptRules.CharsToLanguages;
        _mappingLanguages = new int[mapping.Length][];
        int slot = 0;
        for (int e = 0; e < mapping.Length; e++)
        {
            _mappingLanguages[e] = [.. mapping[e].Languages.Select(l => Array.IndexOf(_languages, l)).Where(i => i >= 0)];
            foreach (char c in mapping[e].Chars)
            {
                _charFlags[c] |= 2;
                _mappingChars[c] = (e, slot++);
            }
        }
    }

    /// <summary>The candidate languages' ISO 639-1 codes, in order.</summary>
    public IReadOnlyList<string> Codes => _codes;

    /// <summary>
    /// The likeliest language's code and its confidence in [0, 1], as Lingua's
    /// <c>ComputeLanguageConfidenceValues</c> ranks them; ("unknown", 0) when Lingua gives every
    /// language 0 (no letters, fewer than 3 characters, no known n-gram).
    /// </summary>
    public (string Code, double Confidence) Detect(ReadOnlySpan<char> text)
    {
        var s = t_scratch ??= new Scratch();
        s.Ensure(text.Length, _ruleLanguages, _table.Stride, _mappingChars.Count, _mappingLanguages.Length);
        int length = CleanUp(text, s.Text);
        var cleaned = s.Text.AsSpan(0, length);
        if (length == 0 || !ContainsLetter(cleaned))
        {
            return ("unknown", 0);
        }
        int words = SplitIntoWords(cleaned, s);

        int ruled = DetectWithRules(cleaned, words, s);
        if (ruled != Unknown)
        {
            return (_codes[ruled], 1.0);
        }
        int filtered = FilterByRules(cleaned, words, s);
        if (filtered == 1)
        {
            return (_codes[s.Filtered[0]], 1.0);
        }
        if (length < 3)
        {
            return ("unknown", 0);
        }
        SumTrigramLogProbabilities(cleaned, s);
        return Confidence(filtered, s);
    }

    /// <summary>Lingua's <c>CleanUpInputText</c>: trim, lowercase, drop punctuation and digits, one space for each run of white space.</summary>
    internal static int CleanUp(ReadOnlySpan<char> text, Span<char> destination)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        int n = 0;
        bool space = false;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
            {
                // Lingua lowercases the pair and keeps it whatever its category.
                var rune = System.Text.Rune.ToLowerInvariant(new System.Text.Rune(c, text[i + 1]));
                if (space)
                {
                    destination[n++] = ' ';
                    space = false;
                }
                n += rune.EncodeToUtf16(destination[n..]);
                i++;
                continue;
            }
            char lower = char.ToLowerInvariant(c);
            if (!char.IsPunctuation(lower) && !char.IsNumber(lower))
            {
                if (space)
                {
                    destination[n++] = ' ';
                    space = false;
                }
                destination[n++] = lower;
            }
        }
        if (space)
        {
            destination[n++] = ' ';
        }
        return n;
    }

    // Lingua's NoLetter regex ^[^\p{L}]+$ fails exactly when some UTF-16 unit is a letter.
    private static bool ContainsLetter(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Lingua's <c>SplitTextIntoWords</c>: split at spaces, and every logogram is a word of its own.</summary>
    private static int SplitIntoWords(ReadOnlySpan<char> text, Scratch s)
    {
        var alphabet = LinguaScriptRules.AlphabetOfChar;
        int words = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ' ')
            {
                if (start != i)
                {
                    s.AddWord(ref words, start, i - start);
                }
                start = i + 1;
            }
            else if (LinguaScriptRules.IsLogogram(alphabet[c]))
            {
                if (start != i)
                {
                    s.AddWord(ref words, start, i - start);
                }
                s.AddWord(ref words, i, 1);
                start = i + 1;
            }
        }
        if (start != text.Length)
        {
            s.AddWord(ref words, start, text.Length - start);
        }
        return words;
    }

    /// <summary>Lingua's <c>DetectLanguageWithRules</c>: a language when the words' scripts and unique characters decide it, else <see cref="Unknown"/>.</summary>
    private int DetectWithRules(ReadOnlySpan<char> text, int words, Scratch s)
    {
        var alphabetOf = LinguaScriptRules.AlphabetOfChar;
        var votes = s.RuleVotes.AsSpan(0, _ruleLanguages);
        var wordVotes = s.WordVotes.AsSpan(0, _ruleLanguages);
        votes.Clear();
        int unknownVotes = 0;
        for (int w = 0; w < words; w++)
        {
            wordVotes.Clear();
            foreach (char c in text.Slice(s.WordStarts[w], s.WordLengths[w]))
            {
                var alphabet = alphabetOf[c];
                int only = _onlyLanguageOfAlphabet[(int)alphabet];
                if (only >= 0)
                {
                    wordVotes[only]++;
                }
                else if (alphabet == LinguaAlphabet.Han)
                {
                    wordVotes[_chinese]++;
                }
                else if (alphabet is LinguaAlphabet.Hiragana or LinguaAlphabet.Katakana)
                {
                    wordVotes[_japanese]++;
                }
                else if (alphabet is LinguaAlphabet.Latin or LinguaAlphabet.Cyrillic or LinguaAlphabet.Devanagari
                    && (_charFlags[c] & 1) != 0)
                {
                    foreach (int l in _uniqueCharLanguages[c])
                    {
                        wordVotes[l]++;
                    }
                }
            }
            var (top, topVotes, secondVotes, distinct) = Ranking(wordVotes);
            // One language, or a strict leader, that is a candidate: the word votes for it.
            bool decided = distinct == 1 || (distinct > 1 && topVotes > secondVotes);
            if (decided && top < _languages.Length)
            {
                votes[top]++;
            }
            else
            {
                unknownVotes++;
            }
        }
        var (best, bestVotes, runnerUpVotes, languages) = Ranking(votes);
        // "Unknown" only stays in the running when at least half the words voted for it.
        bool unknownInRunning = unknownVotes > 0 && unknownVotes >= 0.5 * words;
        int entries = languages + (unknownInRunning ? 1 : 0);
        if (entries == 0)
        {
            return Unknown;
        }
        if (entries == 1)
        {
            return languages == 1 ? best : Unknown;
        }
        if (entries == 2 && languages == 2 && votes[_chinese] > 0 && votes[_japanese] > 0)
        {
            return _japanese;
        }
        if (unknownInRunning)
        {
            // "Unknown" leading, or tied for the lead, is an undecided result.
            if (unknownVotes >= bestVotes)
            {
                return Unknown;
            }
            runnerUpVotes = Math.Max(runnerUpVotes, unknownVotes);
        }
        return bestVotes == runnerUpVotes ? Unknown : best;
    }

    /// <summary>First index with the most votes, its votes, the next-highest votes (may be equal), and how many have any.</summary>
    private static (int Top, int TopVotes, int SecondVotes, int Distinct) Ranking(ReadOnlySpan<int> votes)
    {
        int top = -1;
        int topVotes = 0;
        int second = 0;
        int distinct = 0;
        for (int i = 0; i < votes.Length; i++)
        {
            int v = votes[i];
            if (v == 0)
            {
                continue;
            }
            distinct++;
            if (v > topVotes)
            {
                second = topVotes;
                top = i;
                topVotes = v;
            }
            else if (v > second)
            {
                second = v;
            }
        }
        return (top, topVotes, second, distinct);
    }

    /// <summary>
    /// Lingua's <c>FilterLanguagesByRules</c>: the candidates written in the words' most frequent
    /// alphabet, narrowed by characters that only some languages use. Fills <c>s.Filtered</c> in
    /// Lingua's iteration order and returns how many.
    /// </summary>
    private int FilterByRules(ReadOnlySpan<char> text, int words, Scratch s)
    {
        var alphabetOf = LinguaScriptRules.AlphabetOfChar;
        var letters = s.AlphabetLetters;
        Array.Clear(letters);
        Span<int> order = stackalloc int[(int)LinguaAlphabet.None];
        int alphabets = 0;
        for (int w = 0; w < words; w++)
        {
            var word = text.Slice(s.WordStarts[w], s.WordLengths[w]);
            var alphabet = alphabetOf[word[0]];
            if (alphabet == LinguaAlphabet.None)
            {
                continue;
            }
            bool same = true;
            foreach (char c in word[1..])
            {
                if (alphabetOf[c] != alphabet)
                {
                    same = false;
                    break;
                }
            }
            if (!same)
            {
                continue;
            }
            if (letters[(int)alphabet] == 0)
            {
                order[alphabets++] = (int)alphabet;
            }
            letters[(int)alphabet] += word.Length;
        }
        int count = _languages.Length;
        if (alphabets == 0 || (alphabets > 1 && AllEqual(letters, order[..alphabets])))
        {
            for (int l = 0; l < count; l++)
            {
                s.Filtered[l] = l;
            }
            return count;
        }
        int mostFrequent = order[0];
        for (int i = 1; i < alphabets; i++)
        {
            if (letters[order[i]] > letters[mostFrequent])
            {
                mostFrequent = order[i];
            }
        }
        uint bit = 1u << mostFrequent;
        var inAlphabet = s.InAlphabet;
        int written = 0;
        for (int l = 0; l < count; l++)
        {
            inAlphabet[l] = (_alphabetsOf[l] & bit) != 0;
            if (inAlphabet[l])
            {
                s.Filtered[written++] = l;
            }
        }

        // Votes of characters shared by a few languages; a character counts once per word.
        var charVotes = s.CharVotes;
        Array.Clear(charVotes, 0, count);
        var lastWord = s.LastWordOfChar;
        Array.Fill(lastWord, -1, 0, _mappingChars.Count);
        var entryHit = s.EntryHit;
        Array.Clear(entryHit, 0, _mappingLanguages.Length);
        for (int w = 0; w < words; w++)
        {
            foreach (char c in text.Slice(s.WordStarts[w], s.WordLengths[w]))
            {
                if ((_charFlags[c] & 2) == 0)
                {
                    continue;
                }
                var (entry, slot) = _mappingChars[c];
                if (lastWord[slot] == w)
                {
                    continue;
                }
                lastWord[slot] = w;
                foreach (int l in _mappingLanguages[entry])
                {
                    if (inAlphabet[l])
                    {
                        charVotes[l]++;
                        entryHit[entry] = true;
                    }
                }
            }
        }
        // Lingua keeps the languages with votes from at least half the words, in the order they first got a vote.
        double half = 0.5 * words;
        int kept = 0;
        var seen = s.Seen;
        Array.Clear(seen, 0, count);
        for (int e = 0; e < _mappingLanguages.Length; e++)
        {
            if (!entryHit[e])
            {
                continue;
            }
            foreach (int l in _mappingLanguages[e])
            {
                if (inAlphabet[l] && !seen[l])
                {
                    seen[l] = true;
                    if (charVotes[l] >= half)
                    {
                        s.Narrowed[kept++] = l;
                    }
                }
            }
        }
        if (kept > 0)
        {
            Array.Copy(s.Narrowed, s.Filtered, kept);
            return kept;
        }
        return written;
    }

    private static bool AllEqual(int[] letters, ReadOnlySpan<int> alphabets)
    {
        foreach (int a in alphabets)
        {
            if (letters[a] != letters[alphabets[0]])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Lingua's low-accuracy <c>ComputeSumOfNgramProbabilities</c> for every candidate at once: each
    /// distinct trigram of letters (first occurrence order, like Lingua's hash set) adds its row.
    /// </summary>
    private void SumTrigramLogProbabilities(ReadOnlySpan<char> text, Scratch s)
    {
        var sums = s.Sums.AsSpan(0, _table.Stride);
        sums.Clear();
        s.ClearSeenTrigrams();
        var logs = _table.LogProbabilities;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }
            for (int j = start; j + 3 <= i; j++)
            {
                ulong key = LinguaNgramTable.Key(text[j], text[j + 1], text[j + 2]);
                if (!s.AddTrigram(key))
                {
                    continue;
                }
                int row = _table.Find(key);
                if (row < 0)
                {
                    row = _table.Find(LinguaNgramTable.Key(text[j], text[j + 1]));
                }
                if (row < 0)
                {
                    row = _table.Find(LinguaNgramTable.Key(text[j]));
                }
                if (row >= 0)
                {
                    Add(logs.AsSpan(row, _table.Stride), sums);
                }
            }
        }
    }

    /// <summary>
    /// Lingua's <c>SumUpProbabilities</c> and <c>ComputeConfidenceValues</c>, then the top of its
    /// ranking (ties go to the first candidate, as its stable sort does).
    /// </summary>
    private (string Code, double Confidence) Confidence(int filtered, Scratch s)
    {
        var sums = s.Sums;
        var confidences = s.Confidences.AsSpan(0, _languages.Length);
        confidences.Clear();
        double total = 0;
        int included = 0;
        int best = -1;
        for (int i = 0; i < filtered; i++)
        {
            int l = s.Filtered[i];
            // A language none of whose n-grams is known (sum 0) takes no part, as in Lingua.
            if (sums[l] < 0)
            {
                included++;
                double p = Math.Exp(sums[l]);
                confidences[l] = p;
                total += p;
                if (best < 0 || sums[l] > sums[best])
                {
                    best = l;
                }
            }
        }
        if (included == 0)
        {
            return ("unknown", 0);
        }
        if (total == 0)
        {
            // Every exp underflowed (long texts): Lingua gives the largest log sum 1.
            return (_codes[best], 1.0);
        }
        int top = -1;
        double topConfidence = 0;
        for (int l = 0; l < confidences.Length; l++)
        {
            double c = confidences[l] / total;
            if (c > topConfidence)
            {
                topConfidence = c;
                top = l;
            }
        }
        return top < 0 ? ("unknown", 0) : (_codes[top], topConfidence);
    }

    /// <summary>sums[i] += row[i] (TensorPrimitives: the widest vectors, the same IEEE additions as <see cref="AddScalar"/>).</summary>
    internal static void Add(ReadOnlySpan<double> row, Span<double> sums) => TensorPrimitives.Add(row, sums[..row.Length], sums[..row.Length]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void AddScalar(ReadOnlySpan<double> row, Span<double> sums)
    {
        for (int i = 0; i < row.Length; i++)
        {
            sums[i] += row[i];
        }
    }

    /// <summary>Per-thread buffers, grown on demand and reused (no allocation per document).</summary>
    private sealed class Scratch
    {
        public char[] Text = [];
        public int[] WordStarts = new int[64];
        public int[] WordLengths = new int[64];
        public int[] RuleVotes = [];
        public int[] WordVotes = [];
        public int[] AlphabetLetters = new int[(int)LinguaAlphabet.None];
        public bool[] InAlphabet = [];
        public int[] CharVotes = [];
        public bool[] Seen = [];
        public int[] Filtered = [];
        public int[] Narrowed = [];
        public int[] LastWordOfChar = [];
        public bool[] EntryHit = [];
        public double[] Sums = [];
        public double[] Confidences = [];
        private ulong[] _trigrams = new ulong[64];
        private int _trigramShift;
        private int _trigramCapacity;

        public void Ensure(int textLength, int ruleLanguages, int stride, int mappingChars, int mappingEntries)
        {
            // Lowercasing a surrogate pair keeps its length, and a char never grows, so the text's length suffices.
            if (Text.Length < textLength + 1)
            {
                Text = new char[textLength + 1];
            }
            if (RuleVotes.Length < ruleLanguages)
            {
                RuleVotes = new int[ruleLanguages];
                WordVotes = new int[ruleLanguages];
                InAlphabet = new bool[ruleLanguages];
                CharVotes = new int[ruleLanguages];
                Seen = new bool[ruleLanguages];
                Filtered = new int[ruleLanguages];
                Narrowed = new int[ruleLanguages];
                Confidences = new double[ruleLanguages];
            }
            if (Sums.Length < stride)
            {
                Sums = new double[stride];
            }
            if (LastWordOfChar.Length < mappingChars)
            {
                LastWordOfChar = new int[mappingChars];
            }
            if (EntryHit.Length < mappingEntries)
            {
                EntryHit = new bool[mappingEntries];
            }
            // At most one trigram per character: a set of twice the text's length stays at most half full.
            _trigramCapacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * textLength));
            _trigramShift = 64 - System.Numerics.BitOperations.Log2((uint)_trigramCapacity);
            if (_trigrams.Length < _trigramCapacity)
            {
                _trigrams = new ulong[_trigramCapacity];
            }
        }

        public void AddWord(ref int words, int start, int length)
        {
            if (words == WordStarts.Length)
            {
                Array.Resize(ref WordStarts, words * 2);
                Array.Resize(ref WordLengths, words * 2);
            }
            WordStarts[words] = start;
            WordLengths[words] = length;
            words++;
        }

        public void ClearSeenTrigrams()
        {
            // Only the part sized for this text is used (a short text does not clear a long one's set).
            Array.Clear(_trigrams, 0, _trigramCapacity);
        }

        /// <summary>True when the trigram was not seen yet in this text.</summary>
        public bool AddTrigram(ulong key)
        {
            int mask = _trigramCapacity - 1;
            int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> _trigramShift);
            while (true)
            {
                ulong k = _trigrams[slot];
                if (k == key)
                {
                    return false;
                }
                if (k == 0)
                {
                    _trigrams[slot] = key;
                    return true;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}
