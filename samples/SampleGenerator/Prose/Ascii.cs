using System.Text;

namespace Wren.Samples.Generator.Prose;

/// <summary>
/// Folds typographic punctuation to ASCII. The PDF standard-14 fonts only cover a Latin code page,
/// and a PDF with missing glyphs would test a font problem rather than text extraction.
/// </summary>
public static class Ascii
{
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u02BC': builder.Append('\''); break;
                case '\u201C' or '\u201D': builder.Append('"'); break;
                case '\u2013': builder.Append('-'); break;
                case '\u2014': builder.Append("--"); break;
                case '\u2026': builder.Append("..."); break;
                case '\u00A0': builder.Append(' '); break;
                default:
                    if (c < 128)
                    {
                        builder.Append(c);
                    }

                    // Combining accents (after FormD) and other non-ASCII characters are dropped.
                    break;
            }
        }

        return builder.ToString();
    }
}
