using Wren.Data.Curation.Dedup;

namespace Wren.Data.Tests.Curation;

public sealed class MinHasherTests
{
    [Fact]
    public void Vectorised_update_equals_the_scalar_reference_for_every_length()
    {
        var random = new Random(3);
        for (int p = 0; p <= 257; p++)
        {
            var a = new ulong[p];
            var b = new ulong[p];
            var fast = new ulong[p];
            var slow = new ulong[p];
            for (int j = 0; j < p; j++)
            {
                a[j] = (ulong)random.NextInt64() | 1;
                b[j] = (ulong)random.NextInt64();
            }
            fast.AsSpan().Fill(ulong.MaxValue);
            slow.AsSpan().Fill(ulong.MaxValue);
            for (int k = 0; k < 5; k++)
            {
                ulong h = (ulong)random.NextInt64();
                MinHasher.Update(h, a, b, fast);
                MinHasher.UpdateScalar(h, a, b, slow);
            }
            Assert.Equal(slow, fast);
        }
    }

    /// <summary>Every path of the many-shingle kernel (the one this machine takes, Vector512 and AVX2 called directly) against the scalar reference.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(37)]
    [InlineData(1500)]
    public void Update_all_equals_the_scalar_reference_on_every_path(int shingleCount)
    {
        var random = new Random(shingleCount + 5);
        var shingles = new ulong[shingleCount];
        foreach (int p in new[] { 1, 4, 7, 8, 16, 31, 32, 33, 112, 128, 257 })
        {
            var hasher = new MinHasher(p, 5, (ulong)p);
            for (int i = 0; i < shingles.Length; i++)
            {
                // Values near 0, near 2^63 and near 2^64 test the signed-compare trick's edges.
                shingles[i] = (i % 7) switch { 0 => (ulong)i, 1 => ulong.MaxValue - (ulong)i, 2 => 0x8000_0000_0000_0000UL + (ulong)i, _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63) };
            }
            var expected = Start(p, random);
            var start = (ulong[])expected.Clone();
            foreach (ulong h in shingles)
            {
                MinHasher.UpdateScalar(h, hasher.A, hasher.B, expected);
            }
            var all = (ulong[])start.Clone();
            hasher.UpdateAll(shingles, all);
            Assert.Equal(expected, all);

            var wide = (ulong[])start.Clone();
            int covered = MinHasher.UpdateVector512(shingles, hasher.A, hasher.B, wide);
            foreach (ulong h in shingles)
            {
                MinHasher.UpdateScalar(h, hasher.A[covered..], hasher.B[covered..], wide.AsSpan(covered));
            }
            Assert.Equal(expected, wide);

            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                var high = hasher.A.ToArray().Select(a => a >> 32).ToArray();
                var flipped = hasher.B.ToArray().Select(b => b + 0x8000_0000_0000_0000UL).ToArray();
                var avx2 = (ulong[])start.Clone();
                covered = MinHasher.UpdateAvx2(shingles, hasher.A, high, flipped, avx2);
                foreach (ulong h in shingles)
                {
                    MinHasher.UpdateScalar(h, hasher.A[covered..], hasher.B[covered..], avx2.AsSpan(covered));
                }
                Assert.Equal(expected, avx2);
            }
        }
    }

    private static ulong[] Start(int p, Random random)
    {
        // A signature part-way through a document: some lanes untouched (MaxValue), others already low.
        var s = new ulong[p];
        for (int j = 0; j < p; j++)
        {
            s[j] = j % 3 == 0 ? ulong.MaxValue : (ulong)random.NextInt64();
        }
        return s;
    }

    [Fact]
    public void Signatures_ignore_case_and_punctuation_and_differ_for_different_text()
    {
        var hasher = new MinHasher(112, 5, 1);
        var x = new ulong[112];
        var y = new ulong[112];
        var z = new ulong[112];
        hasher.Compute("The progress of public credit is witnessed by a considerable rise.", x);
        hasher.Compute("the progress of public credit, is witnessed by a CONSIDERABLE rise", y);
        hasher.Compute("Our commerce has suffered from the embargo on the western rivers.", z);
        Assert.Equal(x, y);
        Assert.True(MinHasher.EstimateJaccard(x, z) < 0.1);
    }

    [Fact]
    public void Han_and_kana_characters_are_one_word_each_and_hashing_ends()
    {
        // Spam in the SpamAssassin corpus is full of these; a letter that is also ideographic once stalled the word loop.
        var hashes = new List<ulong>();
        MinHasher.HashWords("Tokyo 東京タワー is TALL, 東京!", hashes);
        var expected = new List<ulong>();
        foreach (string word in new[] { "tokyo", "東", "京", "タ", "ワ", "ー", "is", "tall", "東", "京" })
        {
            expected.Add(Wren.Data.Curation.Text.TextHash.Of(word));
        }
        Assert.Equal(expected, hashes);
        var hasher = new MinHasher(112, 5, 1);
        var signature = new ulong[112];
        hasher.Compute("这是一个测试文档，用于检查中文文本的签名计算。", signature);
        Assert.DoesNotContain(ulong.MaxValue, signature);
    }

    /// <summary>
    /// Pairs at known similarity: a 300-word text and a copy with k words replaced, whose exact
    /// 5-gram-shingle Jaccard is computed directly. A pair is found when an LSH band collides and
    /// the estimated Jaccard reaches 0.8, which is what the dedup stages do.
    /// </summary>
    [Fact]
    public void LSH_with_verification_finds_similar_pairs_and_rejects_dissimilar_ones()
    {
        var options = new MinHashOptions();
        var hasher = new MinHasher(options.Bands * options.Rows, options.NGram, options.Seed);
        var random = new Random(11);
        int similar = 0, similarFound = 0, dissimilar = 0, dissimilarFound = 0;
        var sa = new ulong[hasher.Permutations];
        var sb = new ulong[hasher.Permutations];
        for (int trial = 0; trial < 600; trial++)
        {
            var words = Enumerable.Range(0, 300).Select(_ => "w" + random.Next(1_000_000)).ToArray();
            var copy = (string[])words.Clone();
            // Half the pairs nearly equal (each replaced word changes up to 5 shingles), half far apart.
            int replace = trial % 2 == 0 ? random.Next(0, 7) : random.Next(7, 90);
            for (int r = 0; r < replace; r++)
            {
                copy[random.Next(copy.Length)] = "x" + random.Next(1_000_000);
            }
            double exact = ExactJaccard(words, copy, options.NGram);
            hasher.Compute(string.Join(' ', words), sa);
            hasher.Compute(string.Join(' ', copy), sb);
            bool candidate = Enumerable.Range(0, options.Bands).Any(band => MinHasher.BandKey(sa, band, options.Rows) == MinHasher.BandKey(sb, band, options.Rows));
            bool found = candidate && MinHasher.EstimateJaccard(sa, sb) >= options.Threshold;
            if (exact >= 0.85)
            {
                similar++;
                similarFound += found ? 1 : 0;
            }
            else if (exact <= 0.5)
            {
                dissimilar++;
                dissimilarFound += found ? 1 : 0;
            }
        }
        Assert.True(similar >= 50 && dissimilar >= 50, $"generated {similar} similar and {dissimilar} dissimilar pairs");
        double recall = (double)similarFound / similar;
        double falsePositives = (double)dissimilarFound / dissimilar;
        Assert.True(recall >= 0.9, $"recall {recall:0.000} at J >= 0.85 over {similar} pairs");
        Assert.True(falsePositives <= 0.05, $"false positives {falsePositives:0.000} at J <= 0.5 over {dissimilar} pairs");
    }

    private static double ExactJaccard(string[] a, string[] b, int n)
    {
        var x = Enumerable.Range(0, a.Length - n + 1).Select(i => string.Join(' ', a, i, n)).ToHashSet();
        var y = Enumerable.Range(0, b.Length - n + 1).Select(i => string.Join(' ', b, i, n)).ToHashSet();
        int inter = x.Count(y.Contains);
        return (double)inter / (x.Count + y.Count - inter);
    }
}
