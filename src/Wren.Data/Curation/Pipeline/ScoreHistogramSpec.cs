namespace Wren.Data.Curation.Pipeline;

/// <summary>A score to histogram in the report: its name in <c>metadata.wren</c> and fixed bins over [Min, Max] (log10 scale when <see cref="Log"/>).</summary>
public sealed record ScoreHistogramSpec(string Score, double Min, double Max, int Bins = 30, bool Log = false)
{
    public int BinOf(double value)
    {
        double v = Log ? Math.Log10(Math.Max(value, 1e-9)) : value;
        double lo = Log ? Math.Log10(Math.Max(Min, 1e-9)) : Min;
        double hi = Log ? Math.Log10(Max) : Max;
        int bin = (int)Math.Floor((v - lo) / (hi - lo) * Bins);
        return Math.Clamp(bin, 0, Bins - 1);
    }
}
