using Wren.Data.Curation.Dedup;

namespace Wren.Data.Teacher;

/// <summary>
/// Finds near-duplicate texts with curation's MinHash (<see cref="MinHasher"/>, the same shingles, bands and
/// threshold as <c>wren curate</c>'s dedup): texts that share a band are compared by their estimated Jaccard
/// similarity, and of each near-duplicate the first is kept.
/// </summary>
public static class NearDuplicateFilter
{
    /// <returns>For each text, whether it is kept (false: it nearly repeats an earlier one).</returns>
    public static bool[] Keep(IReadOnlyList<string> texts, MinHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var hasher = new MinHasher(options.Bands * options.Rows, options.NGram, options.Seed);
        var signatures = new ulong[texts.Count][];
        var buckets = new Dictionary<(int Band, ulong Key), List<int>>();
        var keep = new bool[texts.Count];
        var scratch = new List<ulong>();
        for (int i = 0; i < texts.Count; i++)
        {
            signatures[i] = new ulong[hasher.Permutations];
            hasher.Compute(texts[i], signatures[i], scratch);
            keep[i] = true;
            var seen = new HashSet<int>();
            for (int band = 0; band < options.Bands && keep[i]; band++)
            {
                if (!buckets.TryGetValue((band, MinHasher.BandKey(signatures[i], band, options.Rows)), out var members)) continue;
                foreach (int j in members)
                {
                    if (!seen.Add(j)) continue;
                    if (MinHasher.EstimateJaccard(signatures[i], signatures[j]) >= options.Threshold)
                    {
                        keep[i] = false;
                        break;
                    }
                }
            }

            if (!keep[i]) continue;
            for (int band = 0; band < options.Bands; band++)
            {
                var key = (band, MinHasher.BandKey(signatures[i], band, options.Rows));
                if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
                list.Add(i);
            }
        }

        return keep;
    }
}
