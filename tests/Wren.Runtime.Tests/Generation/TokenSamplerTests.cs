using Wren.Runtime.Generation;

namespace Wren.Runtime.Tests.Generation;

public sealed class TokenSamplerTests
{
    private static readonly float[] Logits = [1.0f, 3.0f, 2.0f, 0.5f, -1f, 2.9f];

    [Fact]
    public void GreedyPicksTheLargestLogit() =>
        Assert.Equal(1, new TokenSampler(6, SamplingOptions.Greedy).Sample(Logits));

    [Theory]
    [InlineData(1, 1f, 0f)]
    [InlineData(0, 0.01f, 0f)]
    [InlineData(0, 1f, 1f)]
    public void TruncationToOneCandidateIsGreedy(int topK, float topP, float minP)
    {
        var sampler = new TokenSampler(6, new SamplingOptions { Temperature = 1.5f, TopK = topK, TopP = topP, MinP = minP, Seed = 3 });
        for (int i = 0; i < 50; i++) Assert.Equal(1, sampler.Sample(Logits));
    }

    [Fact]
    public void DrawsFollowTheSoftmaxOfLogitsOverTemperature()
    {
        var sampler = new TokenSampler(6, new SamplingOptions { Temperature = 2f, Seed = 11 });
        var counts = new int[6];
        const int Draws = 40000;
        for (int i = 0; i < Draws; i++) counts[sampler.Sample(Logits)]++;
        double z = Logits.Sum(l => Math.Exp(l / 2));
        for (int t = 0; t < 6; t++)
        {
            double p = Math.Exp(Logits[t] / 2) / z;
            Assert.InRange(counts[t] / (double)Draws, p - 0.01, p + 0.01);
        }
    }

    [Fact]
    public void TopKTwoOnlyEverDrawsTheTwoBest()
    {
        var sampler = new TokenSampler(6, new SamplingOptions { TopK = 2, Seed = 5 });
        var seen = new HashSet<int>();
        for (int i = 0; i < 500; i++) seen.Add(sampler.Sample(Logits));
        Assert.Equal(new HashSet<int> { 1, 5 }, seen);
    }

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP()
    {
        // Probabilities at T=1: token 1 ~0.35, token 5 ~0.32, token 2 ~0.13, ...: p = 0.6 needs tokens 1 and 5.
        var sampler = new TokenSampler(6, new SamplingOptions { TopP = 0.6f, Seed = 9 });
        var seen = new HashSet<int>();
        for (int i = 0; i < 500; i++) seen.Add(sampler.Sample(Logits));
        Assert.Equal(new HashSet<int> { 1, 5 }, seen);
    }

    [Fact]
    public void RepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits()
    {
        // Token 1 (3.0) seen in the prompt: 3.0 / 2 = 1.5 < 2.9, so greedy moves to token 5.
        var sampler = new TokenSampler(6, SamplingOptions.Greedy with { RepetitionPenalty = 2f });
        sampler.AddPromptTokens([1]);
        Assert.Equal(5, sampler.Sample(Logits));
        sampler.AddPromptTokens([5]);
        Assert.Equal(2, sampler.Sample(Logits)); // 2.0 beats 1.5 and 1.45
    }

    [Fact]
    public void FrequencyAndPresencePenaltiesCountGeneratedTokensOnly()
    {
        var sampler = new TokenSampler(6, SamplingOptions.Greedy with { PresencePenalty = 0.05f, FrequencyPenalty = 0.03f });
        sampler.AddPromptTokens([1]);
        Assert.Equal(1, sampler.Sample(Logits)); // prompt tokens are not penalised
        sampler.AddGeneratedToken(1);
        Assert.Equal(1, sampler.Sample(Logits)); // 3.0 - 0.08 = 2.92 > 2.9
        sampler.AddGeneratedToken(1);
        Assert.Equal(5, sampler.Sample(Logits)); // 3.0 - 0.11 = 2.89 < 2.9
        sampler.Reset();
        Assert.Equal(1, sampler.Sample(Logits));
    }

    [Fact]
    public void TheSameSeedGivesTheSameDraws()
    {
        var options = new SamplingOptions { Temperature = 1.3f, TopK = 4, TopP = 0.95f, MinP = 0.02f, Seed = 42 };
        var a = new TokenSampler(6, options);
        var b = new TokenSampler(6, options);
        for (int i = 0; i < 100; i++) Assert.Equal(a.Sample(Logits), b.Sample(Logits));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(6, new SamplingOptions { TopP = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(6, new SamplingOptions { TopK = -1 }));
        Assert.Throws<ArgumentException>(() => new TokenSampler(6, SamplingOptions.Greedy).Sample(new float[5]));
    }

    [Theory]
    [InlineData(0.9f, 0.7f, 0f, 32_000)]
    [InlineData(0.95f, 1.0f, 0f, 151_936)]
    [InlineData(0.5f, 1.3f, 0.05f, 4_096)]
    [InlineData(0.999f, 2.0f, 0f, 300)]
    public void TopPWithoutASortOfTheVocabularyDrawsWhatTheFullSortDrew(float topP, float temperature, float minP, int vocabulary)
    {
        var options = new SamplingOptions { Temperature = temperature, TopP = topP, MinP = minP, Seed = 5 };
        var sampler = new TokenSampler(vocabulary, options);
        var reference = new Random(5);
        var rng = new Random(vocabulary);
        var logits = new float[vocabulary];
        var order = Enumerable.Range(0, vocabulary).ToArray();
        for (int draw = 0; draw < 200; draw++)
        {
            // Distinct logits (the full sort was unstable, so equal ones came out in no defined order), peaked like a
            // trained model's (a few likely tokens, a long tail) on some draws and nearly flat on others.
            rng.Shuffle(order);
            float spread = draw % 2 == 0 ? 12f : 1f;
            for (int i = 0; i < vocabulary; i++) logits[i] = spread * MathF.Pow(order[i] / (float)vocabulary, 4);
            Assert.Equal(FullSortTopP(logits, options, reference), sampler.Sample(logits));
        }
    }

    /// <summary>What TokenSampler did before it stopped sorting the vocabulary for top-p: the reference of the test above.</summary>
    private static int FullSortTopP(float[] logits, SamplingOptions options, Random random)
    {
        int v = logits.Length;
        var keys = logits.Select(l => -l).ToArray();
        var ids = Enumerable.Range(0, v).ToArray();
        Array.Sort(keys, ids);
        for (int i = 0; i < v; i++) keys[i] = -keys[i];
        float invT = 1f / options.Temperature;
        float max = keys[0];
        double sum = 0;
        for (int i = 0; i < v; i++)
        {
            keys[i] = MathF.Exp((keys[i] - max) * invT);
            sum += keys[i];
        }
        for (int i = 0; i < v; i++) keys[i] = (float)(keys[i] / sum);
        int n = v;
        double cumulative = 0;
        for (int i = 0; i < v; i++)
        {
            cumulative += keys[i];
            if (cumulative >= options.TopP)
            {
                n = i + 1;
                break;
            }
        }
        var kept = Enumerable.Range(0, n).Where(i => options.MinP <= 0 || keys[i] >= options.MinP * keys[0]).ToList();
        double total = kept.Sum(i => (double)keys[i]);
        double r = random.NextDouble() * total;
        foreach (int i in kept)
        {
            r -= keys[i];
            if (r < 0) return ids[i];
        }
        return ids[kept[^1]];
    }
}
