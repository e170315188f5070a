namespace Wren.Bench.Runtime;

/// <summary>One engine's rounds on one case, summarised by their medians (and the best decode rate).</summary>
internal sealed record EngineSummary(IReadOnlyList<RoundResult> Rounds, long WeightBytesPerToken)
{
    public double PrefillTokensPerSecond => Median(Rounds.Select(r => r.PrefillTokensPerSecond));

    public double DecodeTokensPerSecond => Median(Rounds.Select(r => r.DecodeTokensPerSecond));

    public double BestDecodeTokensPerSecond => Rounds.Max(r => r.DecodeTokensPerSecond);

    public double DecodeCpuMillisecondsPerToken => Median(Rounds.Select(r => r.DecodeCpuMillisecondsPerToken));

    public double PrefillCpuMillisecondsPerToken => Median(Rounds.Select(r => r.PrefillCpuMillisecondsPerToken));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
