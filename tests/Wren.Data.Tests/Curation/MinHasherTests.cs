using Wren.Data.Curation.Dedup;
using Xunit.Abstractions;

namespace Wren.Data.Tests.Curation;

public sealed class MinHasherTests(ITestOutputHelper output)
{
    /// <summary>Every kernel path (the one this machine takes, Vector512 and AVX2 called directly) against the scalar reference.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(37)]
    [InlineData(700)]
    public void EveryUpdatePathEqualsTheScalarReference(int shingleCount)
    {
        var random = new Random(shingleCount + 5);
        var h1 = new ulong[shingleCount];
        var h2 = new ulong[shingleCount];
        for (int i = 0; i < shingleCount; i++)
        {
            // Values near 0, near 2^63 and near 2^64 test the signed-compare trick's edges; a step of 0 or
            // of nearly 2^64 makes the permutations' values wrap or repeat.
            h1[i] = (i % 7) switch { 0 => (ulong)i, 1 => ulong.MaxValue - (ulong)i, 2 => 0x8000_0000_0000_0000UL + (ulong)i, _ => Random64(random) };
            h2[i] = (i % 5) switch { 0 => 0, 1 => ulong.MaxValue - (ulong)i, 2 => (ulong)i, _ => Random64(random) };
        }
        for (int p = 0; p <= 257; p += p < 36 ? 1 : 17)
        {
            var expected = Start(p, random);
            var start = (ulong[])expected.Clone();
            MinHasher.UpdateScalar(h1, h2, expected);

            var dispatched = (ulong[])start.Clone();
            MinHasher.Update(h1, h2, dispatched);
            Assert.Equal(expected, dispatched);

            var wide = (ulong[])start.Clone();
            MinHasher.UpdateVector512(h1, h2, wide);
            Assert.Equal(expected, wide);

            var narrow = (ulong[])start.Clone();
            MinHasher.UpdateVector128(h1, h2, narrow);
            Assert.Equal(expected, narrow);

            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                var avx2 = (ulong[])start.Clone();
                MinHasher.UpdateAvx2(h1, h2, avx2);
                Assert.Equal(expected, avx2);
            }
        }
    }

    [Fact]
    public void ScalarReferenceIsTheMinimumOfH1PlusJTimesH2()
    {
        ulong[] h1 = [10, ulong.MaxValue - 3];
        ulong[] h2 = [5, 2];
        var signature = new ulong[4];
        signature.AsSpan().Fill(ulong.MaxValue);
        MinHasher.UpdateScalar(h1, h2, signature);
        // Shingle 1 wraps past 2^64 from j = 2 on: max-3, max-1, 0, 2; shingle 0: 10, 15, 20, 25.
        Assert.Equal(new ulong[] { 10, 15, 0, 2 }, signature);
    }

    [Fact]
    public void UpdateAllAndComputeEqualTheScalarReferenceOverEachWindow()
    {
        var random = new Random(8);
        foreach (int p in new[] { 1, 7, 112, 130 })
        {
            foreach (int n in new[] { 1, 3, 5 })
            {
                var hasher = new MinHasher(p, n, (ulong)(p + n));
                foreach (int wordCount in new[] { 1, 2, 4, 5, 6, 40, 1300, 4500 })
                {
                    string text = string.Join(' ', Enumerable.Range(0, wordCount).Select(_ => "w" + random.Next(50)));
                    var wordList = new List<ulong>();
                    WordHash.AppendAll(text, wordList);
                    ulong[] words = [.. wordList];
                    // Reference: every window hashed from scratch (the fast path rolls it), all shingles through the scalar kernel.
                    int windows = Math.Max(wordCount - n + 1, 1);
                    var h1 = new ulong[windows];
                    var h2 = new ulong[windows];
                    var shingles = new ulong[windows];
                    for (int i = 0; i < windows; i++)
                    {
                        shingles[i] = MinHasher.ShingleHash(words.AsSpan(i, Math.Min(n, wordCount)));
                        (h1[i], h2[i]) = hasher.DoubleHash(shingles[i]);
                    }
                    var expected = new ulong[p];
                    expected.AsSpan().Fill(ulong.MaxValue);
                    MinHasher.UpdateScalar(h1, h2, expected);

                    var computed = new ulong[p];
                    hasher.Compute(text, computed);
                    Assert.Equal(expected, computed);

                    var all = new ulong[p];
                    all.AsSpan().Fill(ulong.MaxValue);
                    hasher.UpdateAll(shingles, all);
                    Assert.Equal(expected, all);
                }
            }
        }
    }

    [Fact]
    public void DifferentSeedsGiveDifferentSignatures()
    {
        var x = new ulong[112];
        var y = new ulong[112];
        const string text = "Fellow citizens of the Senate and of the House of Representatives, among the vicissitudes incident to life";
        new MinHasher(112, 5, 1).Compute(text, x);
        new MinHasher(112, 5, 2).Compute(text, y);
        Assert.True(MinHasher.EstimateJaccard(x, y) < 0.1);
    }

    private static ulong Random64(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);

    private static ulong[] Start(int p, Random random)
    {
        // A signature part-way through a document: some lanes untouched (MaxValue), others already low.
        var s = new ulong[p];
        for (int j = 0; j < p; j++)
        {
            s[j] = j % 3 == 0 ? ulong.MaxValue : Random64(random);
        }
        return s;
    }

    [Fact]
    public void SignaturesIgnoreCaseAndPunctuationAndDifferForDifferentText()
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
    public void HanAndKanaCharactersAreOneWordEachAndHashingEnds()
    {
        // Spam in the SpamAssassin corpus is full of these; a letter that is also ideographic once stalled the word loop.
        var hashes = new List<ulong>();
        MinHasher.HashWords("Tokyo 東京タワー is TALL, 東京!", hashes);
        var expected = new List<ulong>();
        foreach (string word in new[] { "tokyo", "東", "京", "タ", "ワ", "ー", "is", "tall", "東", "京" })
        {
            expected.Add(WordHash.Of(word));
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
    public void LSHWithVerificationFindsSimilarPairsAndRejectsDissimilarOnes()
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

    /// <summary>
    /// The estimate's error against exact Jaccard on generated pairs (40, 120 and 400 words, similarity
    /// from 0 to 1), three ways: these signatures (h1 + j * h2), a reference with 112 independent hash
    /// functions of the same shingles, and the binomial error that P truly independent permutations
    /// give (the estimate is Binomial(P, J) / P). The double-hashing permutations must be as accurate
    /// as independent ones and unbiased, and LSH bands must collide as often as the S-curve
    /// 1 - (1 - J^rows)^bands says.
    /// </summary>
    [Fact]
    public void JaccardEstimatesAreAsAccurateAsIndependentPermutations()
    {
        var options = new MinHashOptions();
        var hasher = new MinHasher(options.Bands * options.Rows, options.NGram, options.Seed);
        int p = hasher.Permutations;
        var independentSeeds = new ulong[p];
        var random = new Random(17);
        for (int j = 0; j < p; j++)
        {
            independentSeeds[j] = (ulong)random.NextInt64();
        }
        double errorSum = 0, signedSum = 0, independentErrorSum = 0, binomialErrorSum = 0, expectedCandidates = 0, candidateVariance = 0;
        int candidates = 0;
        int pairs = 0;
        var sa = new ulong[p];
        var sb = new ulong[p];
        foreach (int length in new[] { 40, 120, 400 })
        {
            for (int trial = 0; trial < 150; trial++)
            {
                var words = Enumerable.Range(0, length).Select(_ => "w" + random.Next(1_000_000)).ToArray();
                var copy = (string[])words.Clone();
                int replace = random.Next(0, length / 3);
                for (int r = 0; r < replace; r++)
                {
                    copy[random.Next(copy.Length)] = "x" + random.Next(1_000_000);
                }
                double exact = ExactJaccard(words, copy, options.NGram);
                hasher.Compute(string.Join(' ', words), sa);
                hasher.Compute(string.Join(' ', copy), sb);
                double estimate = MinHasher.EstimateJaccard(sa, sb);
                double independent = MinHasher.EstimateJaccard(IndependentSignature(words, options.NGram, independentSeeds), IndependentSignature(copy, options.NGram, independentSeeds));
                errorSum += Math.Abs(estimate - exact);
                signedSum += estimate - exact;
                independentErrorSum += Math.Abs(independent - exact);
                binomialErrorSum += BinomialMeanAbsoluteError(p, exact);
                // LSH needs more than pairwise independence: a band collides with probability J^rows only if its rows are independent.
                double collide = 1 - Math.Pow(1 - Math.Pow(exact, options.Rows), options.Bands);
                expectedCandidates += collide;
                candidateVariance += collide * (1 - collide);
                candidates += Enumerable.Range(0, options.Bands).Any(band => MinHasher.BandKey(sa, band, options.Rows) == MinHasher.BandKey(sb, band, options.Rows)) ? 1 : 0;
                pairs++;
            }
        }
        double error = errorSum / pairs, bias = signedSum / pairs, independentError = independentErrorSum / pairs, binomialError = binomialErrorSum / pairs;
        string summary = $"mean |error| {error:0.0000}, bias {bias:+0.0000;-0.0000}, independent permutations {independentError:0.0000}, binomial {binomialError:0.0000} over {pairs} pairs; LSH candidates {candidates}, expected {expectedCandidates:0.0} +- {Math.Sqrt(candidateVariance):0.0}";
        output.WriteLine(summary);
        Assert.True(binomialError is > 0.02 and < 0.045, summary); // the pairs span the range of similarity
        Assert.True(independentError < binomialError * 1.15, summary);
        Assert.True(error < binomialError * 1.15, summary);
        Assert.True(Math.Abs(bias) < 0.01, summary);
        Assert.True(Math.Abs(candidates - expectedCandidates) < 4 * Math.Sqrt(candidateVariance) + 2, summary);
    }

    /// <summary>Reference signature: P independent hash functions (a finalizer of the shingle hash xor a random seed each), no shared structure.</summary>
    private static ulong[] IndependentSignature(string[] text, int n, ulong[] seeds)
    {
        var hashes = new List<ulong>();
        WordHash.AppendAll(string.Join(' ', text), hashes);
        var signature = new ulong[seeds.Length];
        signature.AsSpan().Fill(ulong.MaxValue);
        ulong[] words = [.. hashes];
        for (int i = 0; i + n <= words.Length; i++)
        {
            ulong x = MinHasher.ShingleHash(words.AsSpan(i, n));
            for (int j = 0; j < seeds.Length; j++)
            {
                ulong v = x ^ seeds[j];
                v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9UL;
                v = (v ^ (v >> 27)) * 0x94D049BB133111EBUL;
                v ^= v >> 31;
                signature[j] = Math.Min(signature[j], v);
            }
        }
        return signature;
    }

    /// <summary>E|X/P - J| for X ~ Binomial(P, J): the mean error of P independent permutations.</summary>
    private static double BinomialMeanAbsoluteError(int p, double jaccard)
    {
        double sum = 0;
        for (int x = 0; x <= p; x++)
        {
            double logChoose = LogFactorial(p) - LogFactorial(x) - LogFactorial(p - x);
            double logProbability = logChoose + (x == 0 ? 0 : x * Math.Log(jaccard)) + (x == p ? 0 : (p - x) * Math.Log(1 - jaccard));
            if (jaccard is 0 or 1)
            {
                logProbability = (jaccard == 0 && x == 0) || (jaccard == 1 && x == p) ? 0 : double.NegativeInfinity;
            }
            sum += Math.Exp(logProbability) * Math.Abs((double)x / p - jaccard);
        }
        return sum;
    }

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int k = 2; k <= n; k++)
        {
            sum += Math.Log(k);
        }
        return sum;
    }

    private static double ExactJaccard(string[] a, string[] b, int n)
    {
        var x = Enumerable.Range(0, a.Length - n + 1).Select(i => string.Join(' ', a, i, n)).ToHashSet();
        var y = Enumerable.Range(0, b.Length - n + 1).Select(i => string.Join(' ', b, i, n)).ToHashSet();
        int inter = x.Count(y.Contains);
        return (double)inter / (x.Count + y.Count - inter);
    }
}
