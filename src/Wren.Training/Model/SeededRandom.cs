namespace Wren.Training.Model;

/// <summary>
/// A small deterministic generator (SplitMix64) so initialisation and data sampling are reproducible bit for bit
/// across runs, machines and .NET versions (System.Random's algorithm is not a documented contract).
/// Its whole state is one ulong, which checkpoints save to resume sampling exactly.
/// </summary>
public sealed class SeededRandom
{
    public SeededRandom(ulong seed) => State = seed;

    /// <summary>The generator state (save it to continue the same sequence later).</summary>
    public ulong State { get; set; }

    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound).</summary>
    public long NextInt64(long bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        return (long)(NextUInt64() % (ulong)bound);
    }

    public void FillNormal(Span<float> span, double std)
    {
        for (int i = 0; i < span.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(), u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            span[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < span.Length) span[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }

    public void FillUniform(Span<float> span, double bound)
    {
        for (int i = 0; i < span.Length; i++) span[i] = (float)((NextDouble() * 2 - 1) * bound);
    }
}
