using System.Globalization;
using System.Runtime.CompilerServices;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Splits text into words by Unicode category, for every script, not by ASCII spaces: a word is a run
/// of letters, marks and digits (joined across an inner apostrophe or hyphen, and across '.'/',' between
/// digits, as NLTK's word_tokenize keeps "don't", "well-known" and "3.14" whole); each Han, Hiragana
/// and Katakana character is a word of its own, since those scripts do not separate words with
/// spaces; punctuation and symbol runs are tokens of their own kinds. This stands in for the NLTK
/// tokenizer that datatrove's Gopher and FineWeb filters call.
/// </summary>
public static class WordTokenizer
{
    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    /// <remarks>
    /// ASCII, most of the text in practice, takes a table-driven path: letters and digits are
    /// consumed in a tight loop, punctuation runs compare characters only. Everything else goes
    /// through <see cref="Classify"/> exactly as before (the test suite compares this method with
    /// <see cref="TokenizeReference"/> on the sample and on random text).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tokenize(ReadOnlySpan<char> text, List<WordToken> tokens)
    {
        ReadOnlySpan<byte> ascii = AsciiClasses;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c < 128)
            {
                if (c <= ' ')
                {
                    i++;
                    continue;
                }
                int start = i++;
                var cls = (CharClass)ascii[c];
                if (cls == CharClass.WordChar)
                {
                    i = WordEnd(text, i, ascii);
                    tokens.Add(new WordToken(start, i - start, TokenKind.Word));
                }
                else
                {
                    // A run of the same character (for ASCII, the same character means the same class).
                    while (i < text.Length && text[i] == c)
                    {
                        i++;
                    }
                    tokens.Add(new WordToken(start, i - start, cls == CharClass.Punctuation ? TokenKind.Punctuation : TokenKind.Symbol));
                }
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            i = NonAsciiToken(text, i, tokens, ascii);
        }
    }

    /// <summary>The token starting at the non-ASCII character at <paramref name="i"/>; returns where it ends.</summary>
    private static int NonAsciiToken(ReadOnlySpan<char> text, int i, List<WordToken> tokens, ReadOnlySpan<byte> ascii)
    {
        CharClass cls = Classify(text, i, out int width);
        int start = i;
        switch (cls)
        {
            case CharClass.Ideograph:
                i += width;
                tokens.Add(new WordToken(start, width, TokenKind.Word));
                break;
            case CharClass.WordChar:
                i = WordEnd(text, i + width, ascii);
                tokens.Add(new WordToken(start, i - start, TokenKind.Word));
                break;
            default:
                i += width;
                while (i < text.Length && Classify(text, i, out int w) == cls && text[i] == text[start])
                {
                    i += w;
                }
                tokens.Add(new WordToken(start, i - start, cls == CharClass.Punctuation ? TokenKind.Punctuation : TokenKind.Symbol));
                break;
        }
        return i;
    }

    /// <summary>Where the word that continues at <paramref name="i"/> ends: word characters and inner joiners.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WordEnd(ReadOnlySpan<char> text, int i, ReadOnlySpan<byte> ascii)
    {
        while (i < text.Length)
        {
            char c = text[i];
            CharClass next;
            int w = 1;
            if (c < 128)
            {
                next = (CharClass)ascii[c];
                if (next == CharClass.WordChar)
                {
                    i++;
                    continue;
                }
            }
            else
            {
                next = Classify(text, i, out w);
                if (next == CharClass.WordChar)
                {
                    i += w;
                    continue;
                }
            }
            // Inner joiners: an apostrophe or hyphen between word characters, a '.' or ',' between digits.
            if (next == CharClass.Punctuation && i + 1 < text.Length && IsJoiner(text, i))
            {
                i += 2;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>
    /// The tokenizer as first written (every character through <see cref="Classify"/>), kept as the
    /// reference that <see cref="Tokenize"/> is tested against.
    /// </summary>
    internal static void TokenizeReference(ReadOnlySpan<char> text, List<WordToken> tokens)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c <= ' ' || char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            CharClass cls = Classify(text, i, out int width);
            int start = i;
            switch (cls)
            {
                case CharClass.Ideograph:
                    i += width;
                    tokens.Add(new WordToken(start, width, TokenKind.Word));
                    break;
                case CharClass.WordChar:
                    i += width;
                    while (i < text.Length)
                    {
                        CharClass next = Classify(text, i, out int w);
                        if (next == CharClass.WordChar)
                        {
                            i += w;
                            continue;
                        }
                        if (next == CharClass.Punctuation && i + 1 < text.Length && IsJoiner(text, i))
                        {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    tokens.Add(new WordToken(start, i - start, TokenKind.Word));
                    break;
                default:
                    i += width;
                    while (i < text.Length && Classify(text, i, out int w) == cls && text[i] == text[start])
                    {
                        i += w;
                    }
                    tokens.Add(new WordToken(start, i - start, cls == CharClass.Punctuation ? TokenKind.Punctuation : TokenKind.Symbol));
                    break;
            }
        }
    }

    /// <summary><see cref="Classify"/> of each ASCII character, precomputed.</summary>
    private static readonly byte[] AsciiClasses = BuildAsciiClasses();

    private static byte[] BuildAsciiClasses()
    {
        var table = new byte[128];
        Span<char> one = stackalloc char[1];
        for (int c = 0; c < 128; c++)
        {
            one[0] = (char)c;
            table[c] = (byte)Classify(one, 0, out _);
        }
        return table;
    }

    /// <summary>Number of word tokens (not punctuation or symbols) in <paramref name="text"/>, without allocating.</summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        int count = 0;
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 128)
            {
                bool wordChar = (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
                if (wordChar)
                {
                    if (!inWord)
                    {
                        count++;
                        inWord = true;
                    }
                }
                else if (!(inWord && (c == '\'' || c == '-') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
                {
                    inWord = false;
                }
                continue;
            }
            CharClass cls = Classify(text, i, out int width);
            if (cls == CharClass.Ideograph)
            {
                count++;
                inWord = false;
            }
            else if (cls == CharClass.WordChar)
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else if (!(inWord && cls == CharClass.Punctuation && (c == '\u2019') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                inWord = false;
            }
            i += width - 1;
        }
        return count;
    }

    /// <summary>True when <paramref name="c"/> is in a script written without spaces between words.</summary>
    public static bool IsIdeographic(int c) =>
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3040 && c <= 0x30FF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0x31F0 && c <= 0x31FF);

    private enum CharClass : byte
    {
        Space,
        WordChar,
        Ideograph,
        Punctuation,
        Symbol,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CharClass Classify(ReadOnlySpan<char> text, int i, out int width)
    {
        char c = text[i];
        width = 1;
        if (c < 128)
        {
            if ((uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9)
            {
                return CharClass.WordChar;
            }
            if (c <= ' ' || c == 0x7F)
            {
                return CharClass.Space;
            }
            return c is '$' or '+' or '<' or '=' or '>' or '^' or '`' or '|' or '~' ? CharClass.Symbol : CharClass.Punctuation;
        }
        int codePoint = c;
        UnicodeCategory category;
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            codePoint = char.ConvertToUtf32(c, text[i + 1]);
            width = 2;
            category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(c);
        }
        if (IsIdeographic(codePoint))
        {
            return CharClass.Ideograph;
        }
        switch (category)
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.ConnectorPunctuation:
                return CharClass.WordChar;
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
                return CharClass.Space;
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
                return CharClass.Symbol;
            default:
                return CharClass.Punctuation;
        }
    }

    private static bool IsJoiner(ReadOnlySpan<char> text, int i)
    {
        char c = text[i];
        char prev = text[i - 1];
        char next = text[i + 1];
        if (c is '\'' or '\u2019' or '-')
        {
            return char.IsLetterOrDigit(prev) && char.IsLetterOrDigit(next);
        }
        if (c is '.' or ',')
        {
            return char.IsDigit(prev) && char.IsDigit(next);
        }
        return false;
    }
}
