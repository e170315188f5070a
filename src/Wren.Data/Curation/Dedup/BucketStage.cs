using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// LSH bucketing, one task per band (plus one for exact copies): documents whose band keys are
/// equal are candidates; each is paired with the first document of its bucket, and the pair is
/// kept when the estimated Jaccard similarity of the full signatures reaches the threshold.
/// Exact copies pair on the normalized-text hash. Pairs go to <c>pairs-TT.bin</c>.
/// </summary>
public sealed class BucketStage : ICurationStage
{
    private readonly CurationLayout _layout;
    private readonly int _shards;
    private readonly MinHashOptions _options;

    public BucketStage(CurationLayout layout, int shards, MinHashOptions options)
    {
        _layout = layout;
        _shards = shards;
        _options = options;
    }

    public string Name => "buckets";

    public int TaskCount => (_options.Near ? _options.Bands : 0) + (_options.Exact ? 1 : 0);

    public void RunTask(int task, CancellationToken cancellationToken)
    {
        var pairs = _options.Near && task < _options.Bands ? BandPairs(task, cancellationToken) : ExactPairs();
        DedupFiles.WritePairs(DedupFiles.Pairs(_layout.Dedup, task), pairs);
    }

    private List<DuplicatePair> BandPairs(int band, CancellationToken cancellationToken)
    {
        var readers = new DedupFiles.SignatureReader[_shards];
        try
        {
            var entries = new List<(ulong Key, int Shard, int Doc)>();
            int permutations = _options.Bands * _options.Rows;
            var signature = new ulong[permutations];
            for (int s = 0; s < _shards; s++)
            {
                readers[s] = new DedupFiles.SignatureReader(DedupFiles.Signatures(_layout.Dedup, s));
                for (int d = 0; d < readers[s].Count; d++)
                {
                    readers[s].Read(d, signature);
                    entries.Add((MinHasher.BandKey(signature, band, _options.Rows), s, d));
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            entries.Sort();
            var pairs = new List<DuplicatePair>();
            var first = new ulong[permutations];
            var other = new ulong[permutations];
            for (int i = 0; i < entries.Count;)
            {
                int j = i + 1;
                while (j < entries.Count && entries[j].Key == entries[i].Key)
                {
                    j++;
                }
                if (j - i > 1)
                {
                    readers[entries[i].Shard].Read(entries[i].Doc, first);
                    for (int k = i + 1; k < j; k++)
                    {
                        readers[entries[k].Shard].Read(entries[k].Doc, other);
                        double jaccard = MinHasher.EstimateJaccard(first, other);
                        if (jaccard >= _options.Threshold)
                        {
                            pairs.Add(new DuplicatePair(entries[i].Shard, entries[i].Doc, entries[k].Shard, entries[k].Doc, (float)jaccard));
                        }
                    }
                }
                i = j;
            }
            return pairs;
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader?.Dispose();
            }
        }
    }

    private List<DuplicatePair> ExactPairs()
    {
        var entries = new List<(ulong Hash, int Shard, int Doc)>();
        for (int s = 0; s < _shards; s++)
        {
            var documents = DedupFiles.ReadDocuments(DedupFiles.Documents(_layout.Dedup, s));
            for (int d = 0; d < documents.Count; d++)
            {
                entries.Add((documents[d].Exact, s, d));
            }
        }
        entries.Sort();
        var pairs = new List<DuplicatePair>();
        for (int i = 0; i < entries.Count;)
        {
            int j = i + 1;
            while (j < entries.Count && entries[j].Hash == entries[i].Hash)
            {
                pairs.Add(new DuplicatePair(entries[i].Shard, entries[i].Doc, entries[j].Shard, entries[j].Doc, 1f));
                j++;
            }
            i = j;
        }
        return pairs;
    }
}
