using System.Buffers;
using System.Text;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// The BPE model of a <c>tokenizer.json</c>: a vocabulary and ranked merges, applied to one
/// pre-token at a time, lowest rank first, leftmost first among equal ranks (the order Hugging
/// Face's priority queue gives). Byte-level models start from the pre-token's UTF-8 bytes;
/// SentencePiece-style models start from its characters, with <c>&lt;0xNN&gt;</c> byte fallback or
/// an unknown token for characters outside the vocabulary.
/// </summary>
internal sealed class BpeModel
{
    // Up to this many symbols the rank-scan merge (O(n^2), no heap) is faster than a priority queue.
    private const int ShortWordSymbols = 256;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabLookup;
    private readonly MergeTable _merges;
    private readonly int[] _byteIds = new int[256];
    private readonly int[] _byteFallbackIds = new int[256];

    /// <param name="ranks">The rank of each merge; by default its index. SentencePiece vocabularies give equal
    /// ranks to merges whose tokens score the same, so the leftmost of them wins.</param>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, BpeModelOptions options, IReadOnlyList<int>? ranks = null)
    {
        _vocab = vocab;
        _vocabLookup = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        Options = options;
        UnkId = options.UnkToken is not null && vocab.TryGetValue(options.UnkToken, out int unk) ? unk : -1;
        if (options.UnkToken is not null && UnkId < 0)
        {
            throw new WrenException($"tokenizer.json: model.unk_token \"{options.UnkToken}\" is not in the vocabulary");
        }
        Merges = merges;
        _merges = new MergeTable(merges.Count);
        // The merged token is looked up as a span: a string per merge was garbage the size of the merge list.
        char[] joined = new char[64];
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out int l) || !vocab.TryGetValue(right, out int r))
            {
                throw new WrenException($"tokenizer.json: merge {rank} (\"{left}\" \"{right}\") uses a token that is not in the vocabulary");
            }
            int length = left.Length + right.Length;
            if (joined.Length < length) joined = new char[Math.Max(length, joined.Length * 2)];
            left.CopyTo(joined);
            right.CopyTo(joined.AsSpan(left.Length));
            if (!_vocabLookup.TryGetValue(joined.AsSpan(0, length), out int merged))
            {
                throw new WrenException($"tokenizer.json: merge {rank} (\"{left}\" \"{right}\") makes \"{left + right}\", which is not in the vocabulary");
            }
            _merges.TryAdd(l, r, ranks is null ? rank : ranks[rank], merged);
        }
        Span<char> hex = stackalloc char[6];
        for (int b = 0; b < 256; b++)
        {
            _byteIds[b] = vocab.TryGetValue(ByteLevelAlphabet.ByteToChar((byte)b).ToString(), out int id) ? id : -1;
            $"<0x{b:X2}>".AsSpan().CopyTo(hex);
            _byteFallbackIds[b] = _vocabLookup.TryGetValue(hex, out int fb) ? fb : -1;
        }
        int maxId = -1;
        foreach (int id in vocab.Values)
        {
            maxId = Math.Max(maxId, id);
        }
        Tokens = new string?[maxId + 1];
        foreach (var (token, id) in vocab)
        {
            Tokens[id] = token;
        }
    }

    public BpeModelOptions Options { get; }

    /// <summary>The merges in rank order, as tokenizer.json lists them.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    public int UnkId { get; }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Token strings by id (null where the model has no such id).</summary>
    public string?[] Tokens { get; }

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _vocabLookup.TryGetValue(token, out id);

    /// <summary>Appends the ids of one pre-token to <paramref name="output"/>.</summary>
    public void EncodeWord(ReadOnlySpan<char> word, bool byteLevel, List<int> output)
    {
        int capacity = byteLevel ? Encoding.UTF8.GetMaxByteCount(word.Length) : word.Length * 4;
        int[]? rented = null;
        Span<int> symbols = capacity <= 512 ? stackalloc int[capacity] : (rented = ArrayPool<int>.Shared.Rent(capacity));
        try
        {
            if (Options.IgnoreMerges && TryWholeWord(word, byteLevel, output))
            {
                return;
            }
            int n = byteLevel ? InitFromBytes(word, symbols) : InitFromChars(word, symbols);
            n = n <= ShortWordSymbols ? MergeShort(symbols[..n]) : MergeLong(symbols[..n]);
            for (int i = 0; i < n; i++)
            {
                output.Add(symbols[i]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private bool TryWholeWord(ReadOnlySpan<char> word, bool byteLevel, List<int> output)
    {
        if (!byteLevel)
        {
            if (_vocabLookup.TryGetValue(word, out int id))
            {
                output.Add(id);
                return true;
            }
            return false;
        }
        int max = Encoding.UTF8.GetMaxByteCount(word.Length);
        if (max > 1024)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[max];
        int n = Encoding.UTF8.GetBytes(word, bytes);
        Span<char> mapped = stackalloc char[n];
        ByteLevelAlphabet.Map(bytes[..n], mapped);
        if (_vocabLookup.TryGetValue(mapped, out int wid))
        {
            output.Add(wid);
            return true;
        }
        return false;
    }

    private int InitFromBytes(ReadOnlySpan<char> word, Span<int> symbols)
    {
        int max = Encoding.UTF8.GetMaxByteCount(word.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int count = Encoding.UTF8.GetBytes(word, utf8);
            int n = 0;
            bool lastUnk = false;
            for (int i = 0; i < count; i++)
            {
                int id = _byteIds[utf8[i]];
                if (id >= 0)
                {
                    symbols[n++] = id;
                    lastUnk = false;
                }
                else
                {
                    n = PushUnknown(symbols, n, ref lastUnk);
                }
            }
            return n;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private int InitFromChars(ReadOnlySpan<char> word, Span<int> symbols)
    {
        int n = 0;
        bool lastUnk = false;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < word.Length;)
        {
            int width = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            ReadOnlySpan<char> ch = word.Slice(i, width);
            i += width;
            if (_vocabLookup.TryGetValue(ch, out int id))
            {
                symbols[n++] = id;
                lastUnk = false;
                continue;
            }
            if (Options.ByteFallback)
            {
                int count = Encoding.UTF8.GetBytes(ch, utf8);
                bool all = true;
                for (int b = 0; b < count; b++)
                {
                    all &= _byteFallbackIds[utf8[b]] >= 0;
                }
                if (all)
                {
                    for (int b = 0; b < count; b++)
                    {
                        symbols[n++] = _byteFallbackIds[utf8[b]];
                    }
                    lastUnk = false;
                    continue;
                }
            }
            n = PushUnknown(symbols, n, ref lastUnk);
        }
        return n;
    }

    // An unknown character becomes the unk token (consecutive ones fused into one with fuse_unk);
    // without an unk token Hugging Face drops it.
    private int PushUnknown(Span<int> symbols, int n, ref bool lastUnk)
    {
        if (UnkId < 0)
        {
            return n;
        }
        if (!(Options.FuseUnk && lastUnk))
        {
            symbols[n++] = UnkId;
        }
        lastUnk = true;
        return n;
    }

    private int Rank(int left, int right, out int merged) =>
        _merges.TryGet(left, right, out int rank, out merged) ? rank : int.MaxValue;

    /// <summary>Merges by scanning pair ranks: best for the short words that dominate text.</summary>
    private int MergeShort(Span<int> symbols)
    {
        int n = symbols.Length;
        if (n < 2)
        {
            return n;
        }
        Span<int> ranks = stackalloc int[n - 1];
        Span<int> mergedIds = stackalloc int[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            ranks[i] = Rank(symbols[i], symbols[i + 1], out mergedIds[i]);
        }
        while (n > 1)
        {
            int best = int.MaxValue, at = -1;
            for (int i = 0; i < n - 1; i++)
            {
                if (ranks[i] < best)
                {
                    best = ranks[i];
                    at = i;
                }
            }
            if (at < 0)
            {
                break;
            }
            symbols[at] = mergedIds[at];
            // Remove symbol at+1 and pair at+1 (pair at now joins the merged symbol with at+2).
            symbols.Slice(at + 2, n - at - 2).CopyTo(symbols[(at + 1)..]);
            if (at + 1 < n - 1)
            {
                ranks.Slice(at + 2, n - at - 3).CopyTo(ranks[(at + 1)..]);
                mergedIds.Slice(at + 2, n - at - 3).CopyTo(mergedIds[(at + 1)..]);
            }
            n--;
            if (at < n - 1)
            {
                ranks[at] = Rank(symbols[at], symbols[at + 1], out mergedIds[at]);
            }
            if (at > 0)
            {
                ranks[at - 1] = Rank(symbols[at - 1], symbols[at], out mergedIds[at - 1]);
            }
        }
        return n;
    }

    /// <summary>
    /// Merges with a priority queue of (rank, position) over a linked list, as Hugging Face does:
    /// O(n log n) for long runs such as a whole SentencePiece line or a long repeated character.
    /// </summary>
    private int MergeLong(Span<int> symbols)
    {
        int n = symbols.Length;
        int[] next = ArrayPool<int>.Shared.Rent(n);
        int[] prev = ArrayPool<int>.Shared.Rent(n);
        int[] ids = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var queue = new PriorityQueue<int, long>(n);
            for (int i = 0; i < n; i++)
            {
                ids[i] = symbols[i];
                next[i] = i + 1 < n ? i + 1 : -1;
                prev[i] = i - 1;
            }
            for (int i = 0; i + 1 < n; i++)
            {
                int rank = Rank(ids[i], ids[i + 1], out _);
                if (rank != int.MaxValue)
                {
                    queue.Enqueue(i, ((long)rank << 32) | (uint)i);
                }
            }
            while (queue.TryDequeue(out int pos, out long priority))
            {
                int j = next[pos];
                if (ids[pos] < 0 || j < 0)
                {
                    continue;
                }
                int rank = Rank(ids[pos], ids[j], out int merged);
                if (rank != (int)(priority >> 32))
                {
                    continue; // stale: this pair changed since it was queued
                }
                ids[pos] = merged;
                ids[j] = -1;
                next[pos] = next[j];
                if (next[j] >= 0)
                {
                    prev[next[j]] = pos;
                    int r = Rank(ids[pos], ids[next[pos]], out _);
                    if (r != int.MaxValue)
                    {
                        queue.Enqueue(pos, ((long)r << 32) | (uint)pos);
                    }
                }
                if (prev[pos] >= 0)
                {
                    int p = prev[pos];
                    int r = Rank(ids[p], ids[pos], out _);
                    if (r != int.MaxValue)
                    {
                        queue.Enqueue(p, ((long)r << 32) | (uint)p);
                    }
                }
            }
            int count = 0;
            for (int i = 0; i >= 0 && i < n; i = next[i])
            {
                symbols[count++] = ids[i];
            }
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(prev);
            ArrayPool<int>.Shared.Return(ids);
        }
    }
}
