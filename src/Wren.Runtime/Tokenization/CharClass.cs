using System.Globalization;
using System.Runtime.CompilerServices;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// The four character classes the pre-tokenizer regexes distinguish: <c>\p{L}</c>, <c>\p{N}</c>,
/// <c>\s</c> and everything else, read per code point (a surrogate pair is one code point, as in
/// the Rust regex engines Hugging Face uses).
/// </summary>
internal static class CharClass
{
    public const byte Other = 0;
    public const byte Letter = 1;
    public const byte Number = 2;
    public const byte Space = 3;

    private static readonly byte[] Latin1 = BuildLatin1();

    /// <summary>Unicode White_Space (what Rust's <c>char::is_whitespace</c> and Oniguruma's <c>\s</c> mean).</summary>
    public static bool IsWhiteSpace(char c) => c < 256 ? Latin1[c] == Space : FromCategory(CharUnicodeInfo.GetUnicodeCategory(c)) == Space;

    /// <summary>The class of the code point at <paramref name="i"/>; <paramref name="width"/> is 1, or 2 for a surrogate pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte At(ReadOnlySpan<char> s, int i, out int width)
    {
        char c = s[i];
        width = 1;
        if (c < 256)
        {
            return Latin1[c];
        }
        return NonLatin1(s, i, c, ref width);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte NonLatin1(ReadOnlySpan<char> s, int i, char c, ref int width)
    {
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return FromCategory(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1])));
        }
        return FromCategory(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    private static byte FromCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Number,
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Space,
        _ => Other,
    };

    private static byte[] BuildLatin1()
    {
        var table = new byte[256];
        for (int c = 0; c < 256; c++)
        {
            // Unicode White_Space, as Oniguruma's \s: not char.IsWhiteSpace, which also counts U+001C..U+001F.
            bool space = c is >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0;
            table[c] = space ? Space : FromCategory(CharUnicodeInfo.GetUnicodeCategory((char)c));
        }
        return table;
    }
}
