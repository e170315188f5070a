using System.Text.Json;
using Wren.Data.Curation.Pipeline;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// One task: joins all candidate pairs with union-find into clusters, keeps one member per cluster
/// by the configured preference (longest, newest or first; ties go to the earlier document, so the
/// choice does not depend on the order pairs were found), and writes which documents each shard
/// must drop. Also turns the per-shard line counts into the corpus-wide boilerplate line set.
/// </summary>
public sealed class ClusterStage : ICurationStage
{
    private const int ReportedClusters = 20;
    private const int ReportedMembers = 10;
    private readonly CurationLayout _layout;
    private readonly int _shards;
    private readonly MinHashOptions _options;
    private readonly BoilerplateOptions _boilerplate;

    public ClusterStage(CurationLayout layout, int shards, MinHashOptions options, BoilerplateOptions boilerplate)
    {
        _layout = layout;
        _shards = shards;
        _options = options;
        _boilerplate = boilerplate;
        if (options.Keep is not ("longest" or "newest" or "first"))
        {
            throw new Wren.Runtime.WrenException($"dedup.keep: '{options.Keep}' is not one of longest, newest, first");
        }
    }

    public string Name => "cluster";

    public int TaskCount => 1;

    public void RunTask(int task, CancellationToken cancellationToken)
    {
        var documents = new List<DedupDocumentInfo>[_shards];
        var offsets = new int[_shards + 1];
        for (int s = 0; s < _shards; s++)
        {
            documents[s] = DedupFiles.ReadDocuments(DedupFiles.Documents(_layout.Dedup, s));
            offsets[s + 1] = offsets[s] + documents[s].Count;
        }
        int total = offsets[_shards];
        var sets = new UnionFind(total);
        int pairTasks = (_options.Near ? _options.Bands : 0) + (_options.Exact ? 1 : 0);
        for (int t = 0; t < pairTasks; t++)
        {
            foreach (var p in DedupFiles.ReadPairs(DedupFiles.Pairs(_layout.Dedup, t)))
            {
                sets.Union(offsets[p.ShardA] + p.DocA, offsets[p.ShardB] + p.DocB);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var byRoot = new Dictionary<int, List<int>>();
        for (int g = 0; g < total; g++)
        {
            int root = sets.Find(g);
            if (!byRoot.TryGetValue(root, out var list))
            {
                byRoot[root] = list = new List<int>();
            }
            list.Add(g);
        }
        // Members are added in increasing order, so each list is sorted and clusters are visited by their first member.
        var members = byRoot.Values.Where(m => m.Count > 1).OrderBy(m => m[0]).ToList();
        var removals = new List<DuplicateRemoval>[_shards];
        for (int s = 0; s < _shards; s++)
        {
            removals[s] = new List<DuplicateRemoval>();
        }
        var readers = new DedupFiles.SignatureReader?[_shards];
        var clusters = new List<DuplicateCluster>();
        long inClusters = 0;
        try
        {
            if (_options.Near)
            {
                for (int s = 0; s < _shards; s++)
                {
                    readers[s] = new DedupFiles.SignatureReader(DedupFiles.Signatures(_layout.Dedup, s));
                }
            }
            int permutations = _options.Bands * _options.Rows;
            var keptSignature = new ulong[permutations];
            var memberSignature = new ulong[permutations];
            foreach (var cluster in members)
            {
                inClusters += cluster.Count;
                int keeper = ChooseKeeper(cluster, documents, offsets);
                var (ks, kd) = Locate(keeper, offsets);
                var kept = documents[ks][kd];
                if (_options.Near)
                {
                    readers[ks]!.Read(kd, keptSignature);
                }
                var dropped = new List<DuplicateMember>();
                foreach (int g in cluster)
                {
                    if (g == keeper)
                    {
                        continue;
                    }
                    var (s, d) = Locate(g, offsets);
                    var info = documents[s][d];
                    bool exact = info.Exact == kept.Exact;
                    double jaccard = 1;
                    if (!exact && _options.Near)
                    {
                        readers[s]!.Read(d, memberSignature);
                        jaccard = MinHasher.EstimateJaccard(keptSignature, memberSignature);
                    }
                    string rule = exact ? "exact_duplicate" : "near_duplicate";
                    removals[s].Add(new DuplicateRemoval(d, rule, jaccard, exact ? 1 : _options.Threshold, kept.Id, cluster.Count));
                    if (dropped.Count < ReportedMembers)
                    {
                        dropped.Add(new DuplicateMember(info.Id, info.Chars, rule, Math.Round(jaccard, 4)));
                    }
                }
                clusters.Add(new DuplicateCluster { Size = cluster.Count, Kept = new DuplicateMember(kept.Id, kept.Chars, "kept", 1), Dropped = dropped });
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader?.Dispose();
            }
        }
        for (int s = 0; s < _shards; s++)
        {
            removals[s].Sort((a, b) => a.Index.CompareTo(b.Index));
            var list = removals[s];
            AtomicFile.Write(DedupFiles.Removals(_layout.Dedup, s), stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                foreach (var r in list)
                {
                    writer.WriteLine(JsonSerializer.Serialize(r));
                }
            });
        }
        long boilerplateLines = WriteBoilerplate();
        var summary = new DuplicateSummary
        {
            Clusters = clusters.Count,
            DocumentsInClusters = inClusters,
            BoilerplateLines = boilerplateLines,
            Largest = clusters.OrderByDescending(c => c.Size).Take(ReportedClusters).ToList(),
        };
        AtomicFile.WriteAllText(DedupFiles.Clusters(_layout.Dedup), JsonSerializer.Serialize(summary, StatisticsJson.Options));
    }

    public static DuplicateSummary? ReadSummary(CurationLayout layout)
    {
        string path = DedupFiles.Clusters(layout.Dedup);
        return File.Exists(path) ? JsonSerializer.Deserialize<DuplicateSummary>(File.ReadAllText(path), StatisticsJson.Options) : null;
    }

    /// <summary>
    /// The corpus-wide boilerplate set: a k-way merge of the per-shard (hash, documents) files, each
    /// sorted by hash, summing the counts of equal hashes. Memory holds one entry per shard and the
    /// hashes that reach the threshold, not every distinct line of the corpus.
    /// </summary>
    private long WriteBoilerplate()
    {
        var boilerplate = new List<ulong>();
        if (_boilerplate.Enabled)
        {
            var streams = new List<IEnumerator<(ulong Hash, int Count)>>();
            try
            {
                var queue = new PriorityQueue<int, ulong>();
                for (int s = 0; s < _shards; s++)
                {
                    var stream = DedupFiles.ReadLineCounts(DedupFiles.Lines(_layout.Dedup, s)).GetEnumerator();
                    streams.Add(stream);
                    if (stream.MoveNext())
                    {
                        queue.Enqueue(s, stream.Current.Hash);
                    }
                }
                while (queue.TryPeek(out _, out ulong hash))
                {
                    long count = 0;
                    while (queue.TryPeek(out int s, out ulong next) && next == hash)
                    {
                        queue.Dequeue();
                        count += streams[s].Current.Count;
                        if (streams[s].MoveNext())
                        {
                            queue.Enqueue(s, streams[s].Current.Hash);
                        }
                    }
                    if (count >= _boilerplate.MinDocuments)
                    {
                        boilerplate.Add(hash);
                    }
                }
            }
            finally
            {
                foreach (var stream in streams)
                {
                    stream.Dispose();
                }
            }
        }
        DedupFiles.WriteHashSet(DedupFiles.Boilerplate(_layout.Dedup), boilerplate);
        return boilerplate.Count;
    }

    private int ChooseKeeper(List<int> cluster, List<DedupDocumentInfo>[] documents, int[] offsets)
    {
        int best = cluster[0];
        foreach (int g in cluster)
        {
            var (s, d) = Locate(g, offsets);
            var (bs, bd) = Locate(best, offsets);
            var candidate = documents[s][d];
            var current = documents[bs][bd];
            bool better = _options.Keep switch
            {
                "longest" => candidate.Chars > current.Chars,
                "newest" => candidate.Time > current.Time,
                _ => false,
            };
            if (better)
            {
                best = g;
            }
        }
        return best;
    }

    private static (int Shard, int Doc) Locate(int global, int[] offsets)
    {
        int s = Array.BinarySearch(offsets, global);
        if (s < 0)
        {
            s = ~s - 1;
        }
        else
        {
            // Several shards may be empty and share an offset: take the last shard that starts here.
            while (s + 1 < offsets.Length - 1 && offsets[s + 1] == global)
            {
                s++;
            }
        }
        return (s, global - offsets[s]);
    }
}
