using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Training.Tokenization;

/// <summary>
/// Trains a byte-level BPE tokenizer the way Hugging Face's <c>BpeTrainer</c> does, so the same
/// corpus gives the same vocabulary and merges: text is streamed through the pre-tokenizer regex
/// and only word counts are kept (counted in parallel); then the merge loop takes the most frequent
/// pair (ties: the smallest pair of ids) from a lazily updated priority queue and updates pair
/// counts incrementally through a pair -> words index, never recounting the corpus.
/// </summary>
public sealed class BpeTrainer
{
    private const int BatchChars = 1 << 18;
    private readonly BpeTrainerOptions _options;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public BpeTrainer(BpeTrainerOptions options)
    {
        int minimum = options.SpecialTokens.Count + (options.FullByteAlphabet ? 256 : 1);
        if (options.VocabSize < minimum)
        {
            throw new WrenException($"vocabulary size {options.VocabSize} is too small: the special tokens and byte symbols alone take {minimum}");
        }
        _options = options;
    }

    /// <summary>Distinct pre-tokens counted so far.</summary>
    public int DistinctWords => _counts.Count;

    /// <summary>Counts the words of every text, in parallel batches; <paramref name="progress"/> advances by characters.</summary>
    public void Count(IEnumerable<string> texts, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        int threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.ForEach(
            Partitioner.Create(Batches(texts), EnumerablePartitionerOptions.NoBuffering),
            parallel,
            () => new Dictionary<string, long>(StringComparer.Ordinal),
            (batch, _, local) =>
            {
                long chars = 0;
                foreach (string text in batch)
                {
                    CountInto(local, text);
                    chars += text.Length;
                }
                progress?.Increment(chars);
                return local;
            },
            local =>
            {
                lock (_gate)
                {
                    MergeCounts(local);
                }
            });
    }

    /// <summary>Counts the words of one text (single-threaded).</summary>
    public void Count(ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            CountInto(_counts, text);
        }
    }

    private void MergeCounts(Dictionary<string, long> local)
    {
        foreach (var (word, count) in local)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, word, out _) += count;
        }
    }

    private void CountInto(Dictionary<string, long> counts, ReadOnlySpan<char> text)
    {
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        bool llama3 = _options.Regex == PreTokenizerRegex.Llama3;
        for (int i = 0; i < text.Length;)
        {
            int end = llama3 ? PreTokenizerScanner.NextLlama3(text, i, 3) : PreTokenizerScanner.NextGpt2(text, i);
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, text[i..end], out _)++;
            i = end;
        }
    }

    private static IEnumerable<List<string>> Batches(IEnumerable<string> texts)
    {
        var batch = new List<string>();
        long chars = 0;
        foreach (string text in texts)
        {
            batch.Add(text);
            chars += text.Length;
            if (chars >= BatchChars)
            {
                yield return batch;
                batch = new List<string>();
                chars = 0;
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Runs the merge loop over the counted words.</summary>
    public TrainedBpe Train(IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        var tokens = new List<string>();
        var tokenToId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string special in _options.SpecialTokens)
        {
            if (tokenToId.TryAdd(special, tokens.Count))
            {
                tokens.Add(special);
            }
        }

        // Words as byte symbols; the alphabet in code point order of the byte-level characters.
        var words = new List<TrainingWord>(_counts.Count);
        var counts = new List<long>(_counts.Count);
        var wordBytes = new List<byte[]>(_counts.Count);
        Span<bool> seen = stackalloc bool[256];
        foreach (var (word, count) in _counts)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(word);
            foreach (byte b in bytes)
            {
                seen[b] = true;
            }
            wordBytes.Add(bytes);
            counts.Add(count);
        }
        var alphabet = new List<char>();
        for (int b = 0; b < 256; b++)
        {
            if (_options.FullByteAlphabet || seen[b])
            {
                alphabet.Add(ByteLevelAlphabet.ByteToChar((byte)b));
            }
        }
        alphabet.Sort();
        Span<int> byteIds = stackalloc int[256];
        foreach (char c in alphabet)
        {
            string s = c.ToString();
            if (!tokenToId.TryGetValue(s, out int id))
            {
                id = tokens.Count;
                tokens.Add(s);
                tokenToId[s] = id;
            }
            ByteLevelAlphabet.TryCharToByte(c, out byte b);
            byteIds[b] = id;
        }
        foreach (byte[] bytes in wordBytes)
        {
            var symbols = new int[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                symbols[i] = byteIds[bytes[i]];
            }
            words.Add(new TrainingWord(symbols));
        }
        wordBytes.Clear();

        // Initial pair counts and the pair -> words index.
        var pairCounts = new Dictionary<ulong, long>();
        var where = new Dictionary<ulong, HashSet<int>>();
        for (int w = 0; w < words.Count; w++)
        {
            ReadOnlySpan<int> s = words[w].Symbols;
            for (int i = 0; i + 1 < s.Length; i++)
            {
                ulong pair = TrainingWord.Pair(s[i], s[i + 1]);
                CollectionsMarshal.GetValueRefOrAddDefault(pairCounts, pair, out _) += counts[w];
                ref HashSet<int>? set = ref CollectionsMarshal.GetValueRefOrAddDefault(where, pair, out _);
                (set ??= new HashSet<int>()).Add(w);
            }
        }
        var queue = new PriorityQueue<MergeCandidate, (long NegativeCount, ulong Pair)>();
        foreach (var (pair, positions) in where)
        {
            long count = pairCounts[pair];
            if (count > 0)
            {
                queue.Enqueue(new MergeCandidate(pair, count, positions), (-count, pair));
            }
        }
        where.Clear();

        var merges = new List<(string, string)>();
        var changes = new List<(ulong Pair, int Delta)>();
        using IProgressTask? task = progress?.Begin("merges", Math.Max(0, _options.VocabSize - tokens.Count), "merges");
        while (tokens.Count < _options.VocabSize && queue.TryDequeue(out MergeCandidate? top, out _))
        {
            long current = pairCounts[top.Pair];
            if (top.Count != current)
            {
                // Stale entry: requeue with today's count (as Hugging Face does) and look again.
                top.Count = current;
                queue.Enqueue(top, (-current, top.Pair));
                continue;
            }
            if (top.Count < 1 || top.Count < _options.MinFrequency)
            {
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            int a = (int)(top.Pair >> 32), b = (int)(uint)top.Pair;
            string merged = tokens[a] + tokens[b];
            if (!tokenToId.TryGetValue(merged, out int newId))
            {
                newId = tokens.Count;
                tokens.Add(merged);
                tokenToId[merged] = newId;
                task?.Increment(1);
            }
            merges.Add((tokens[a], tokens[b]));
            foreach (int w in top.Positions)
            {
                changes.Clear();
                words[w].Merge(a, b, newId, changes);
                long wordCount = counts[w];
                foreach (var (pair, delta) in changes)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(pairCounts, pair, out _) += delta * wordCount;
                    if (delta > 0)
                    {
                        ref HashSet<int>? set = ref CollectionsMarshal.GetValueRefOrAddDefault(where, pair, out _);
                        (set ??= new HashSet<int>()).Add(w);
                    }
                }
            }
            foreach (var (pair, positions) in where)
            {
                long count = pairCounts[pair];
                if (count > 0)
                {
                    queue.Enqueue(new MergeCandidate(pair, count, positions), (-count, pair));
                }
            }
            where.Clear();
        }
        return new TrainedBpe
        {
            Tokens = tokens,
            Merges = merges,
            SpecialTokens = _options.SpecialTokens,
            Regex = _options.Regex,
        };
    }

    private sealed class MergeCandidate(ulong pair, long count, HashSet<int> positions)
    {
        public ulong Pair { get; } = pair;

        public long Count { get; set; } = count;

        public HashSet<int> Positions { get; } = positions;
    }
}
