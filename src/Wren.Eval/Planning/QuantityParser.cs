using System.Globalization;
using Wren.Runtime;

namespace Wren.Eval.Planning;

/// <summary>
/// Reads the counts people write for model and data sizes: <c>2.7e9</c>, <c>2.7B</c>, <c>1.4T</c>,
/// <c>124M</c>, <c>10_000</c>. Suffixes are decimal (K = 1e3, M = 1e6, B or G = 1e9, T = 1e12), because
/// parameter and token counts are quoted in decimal units.
/// </summary>
public static class QuantityParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="what"/> names the option in the error message.</summary>
    public static double Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        double multiplier = 1;
        if (s.Length > 0)
        {
            double? suffix = char.ToUpperInvariant(s[^1]) switch
            {
                'K' => 1e3,
                'M' => 1e6,
                'B' or 'G' => 1e9,
                'T' => 1e12,
                _ => null,
            };
            if (suffix is double m)
            {
                multiplier = m;
                s = s[..^1];
            }
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0)
        {
            throw new WrenException(
                $"{what}: cannot read '{text}' as a count; write e.g. 2.7e9, 2.7B, 1.4T, 124M or 500K");
        }
        return value * multiplier;
    }
}
