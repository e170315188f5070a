using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Hugging Face normalizers as used in practice: Unicode forms, lowercase, Prepend, Replace
/// (string or regex), Strip, and Sequence. Applied to each stretch of text between added tokens.
/// </summary>
internal abstract class Normalizer
{
    public abstract string Normalize(string text);

    internal sealed class UnicodeForm(NormalizationForm form) : Normalizer
    {
        public override string Normalize(string text) => text.IsNormalized(form) ? text : text.Normalize(form);
    }

    internal sealed class Lowercase : Normalizer
    {
        public override string Normalize(string text) => text.ToLowerInvariant();
    }

    /// <summary>Prepends to non-empty text (Llama-2's <c>▁</c>).</summary>
    internal sealed class Prepend(string prefix) : Normalizer
    {
        public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
    }

    internal sealed class Replace(string? literal, Regex? regex, string content) : Normalizer
    {
        public override string Normalize(string text) =>
            regex is not null ? regex.Replace(text, content.Replace("$", "$$", StringComparison.Ordinal))
            : string.IsNullOrEmpty(literal) ? text : text.Replace(literal, content, StringComparison.Ordinal);
    }

    internal sealed class Strip(bool left, bool right) : Normalizer
    {
        public override string Normalize(string text) => (left, right) switch
        {
            (true, true) => text.Trim(),
            (true, false) => text.TrimStart(),
            (false, true) => text.TrimEnd(),
            _ => text,
        };
    }

    internal sealed class Sequence(IReadOnlyList<Normalizer> steps) : Normalizer
    {
        public override string Normalize(string text)
        {
            foreach (Normalizer step in steps)
            {
                text = step.Normalize(text);
            }
            return text;
        }
    }
}
