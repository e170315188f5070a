using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// fastText-style features: lower-cased word unigrams and bigrams hashed into 2^bits buckets, each
/// weighted 1/sqrt(count) so long documents do not dominate the dot product.
/// </summary>
public static class HashedFeatures
{
    /// <summary>Fills <paramref name="buckets"/> with the feature indices of <paramref name="text"/> (duplicates allowed).</summary>
    public static void Extract(string text, int bits, List<int> buckets, List<ulong> wordScratch)
    {
        buckets.Clear();
        wordScratch.Clear();
        MinHasher.HashWords(text, wordScratch);
        uint mask = (1u << bits) - 1;
        ulong previous = 0;
        for (int i = 0; i < wordScratch.Count; i++)
        {
            ulong w = wordScratch[i];
            buckets.Add((int)(uint)(w & mask));
            if (i > 0)
            {
                buckets.Add((int)(uint)(TextHash.Combine(previous, w) & mask));
            }
            previous = w;
        }
    }
}
