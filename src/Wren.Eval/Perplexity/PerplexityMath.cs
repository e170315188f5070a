using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Eval.Perplexity;

/// <summary>The harness's per-document weights and the bits-per-byte conversion.</summary>
public static partial class PerplexityMath
{
    /// <summary>-logLikelihood / bytes / ln 2 (lm-eval's <c>bits_per_byte</c>).</summary>
    public static double BitsPerByte(double logLikelihood, long bytes) => -logLikelihood / Math.Max(1, bytes) / Math.Log(2);

    /// <summary>Words as lm-eval counts them for <c>word_perplexity</c>: <c>len(re.split(r"\s+", doc))</c>.</summary>
    public static int CountWords(string text) => Whitespace().Split(text).Length;

    public static int CountBytes(string text) => Encoding.UTF8.GetByteCount(text);

    // Python's \s on str: Unicode whitespace; .NET's \s agrees for the characters that occur in text.
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
