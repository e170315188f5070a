using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Kernels;

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
    /// <summary>Tokens in one <see cref="AsciiBlockMasks"/> block: at most one per character, less the two whose end the block cannot tell.</summary>
    private const int MaxTokensPerBlock = AsciiBlockMasks.Width - 2;

    /// <summary>After a block with a non-ASCII character, the scalar path goes on this many characters past it before trying a block again.</summary>
    private const int NonAsciiSlack = 16;

    /// <summary>The widest kernel the hardware accelerates.</summary>
    internal static KernelPath BestKernel => KernelPaths.Widest;

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    /// <remarks>
    /// ASCII, most of the text in practice, goes 64 characters at a time: vector compares give bit
    /// masks of letters/digits, joiners, spaces and repeated characters, from which the word and
    /// punctuation-run boundaries follow by shifts, and the tokens by bit scans. Blocks with a
    /// non-ASCII character, tokens longer than a block and the last few characters take the scalar
    /// path (an ASCII table, and <see cref="Classify"/> for the rest). The tests compare every kernel
    /// with <see cref="TokenizeReference"/> on the sample and on random text.
    /// </remarks>
    public static void Tokenize(ReadOnlySpan<char> text, List<WordToken> tokens) => Tokenize(text, tokens, BestKernel);

    /// <summary><see cref="Tokenize(ReadOnlySpan{char}, List{WordToken})"/> with a chosen kernel (tests force each one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tokenize(ReadOnlySpan<char> text, List<WordToken> tokens, KernelPath kernel)
    {
        var writer = new TokenWriter(tokens);
        try
        {
            ReadOnlySpan<byte> ascii = AsciiClasses;
            int i = kernel == KernelPath.Scalar ? 0 : TokenizeBlocks(text, ref writer, ascii, kernel);
            while (i < text.Length)
            {
                i = ScalarStep(text, i, ref writer, ascii);
            }
        }
        finally
        {
            writer.Complete();
        }
    }

    /// <summary>
    /// Tokenizes 64-character blocks while one more character follows (the repeated-character mask
    /// reads it); returns where the scalar path goes on. Each block starts where the scalar loop
    /// would be between tokens, so its first character cannot be a joiner inside a word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TokenizeBlocks(ReadOnlySpan<char> text, ref TokenWriter writer, ReadOnlySpan<byte> ascii, KernelPath kernel)
    {
        ReadOnlySpan<byte> kinds = AsciiKinds;
        ref char first = ref MemoryMarshal.GetReference(text);
        int p = 0;
        while (p <= text.Length - AsciiBlockMasks.Width - 1)
        {
            AsciiBlockMasks m;
            bool allAscii = kernel switch
            {
                KernelPath.Vector512 => AsciiBlockMasks.ComputeVector512(ref Unsafe.Add(ref first, p), out m),
                KernelPath.Vector256 => AsciiBlockMasks.ComputeVector256(ref Unsafe.Add(ref first, p), out m),
                _ => AsciiBlockMasks.ComputeVector128(ref Unsafe.Add(ref first, p), out m),
            };
            // Characters from `valid` on (the first non-ASCII one) are not classified: only tokens that
            // end two characters before it are taken from the masks, since whether a word goes on
            // depends on the character after a joiner.
            int valid = allAscii ? AsciiBlockMasks.Width : text.Slice(p, AsciiBlockMasks.Width).IndexOfAnyExceptInRange('\0', '\u007F');
            if (valid < 3)
            {
                p = ScalarThrough(text, p, p + valid + NonAsciiSlack, ref writer, ascii);
                continue;
            }
            ulong word = m.Word;
            ulong digit = m.Digit;
            // A joiner inside a word: ' or - between letters/digits, . or , between digits (IsJoiner). The
            // character before it is in a word whenever it is a letter or digit, as the block starts between tokens.
            ulong joined = (m.InnerJoiner & (word << 1) & (word >> 1)) | (m.DigitJoiner & (digit << 1) & (digit >> 1));
            ulong inWord = word | joined;
            ulong punctuation = ~(m.Space | inWord);
            // A punctuation character continues a run when the one before is the same punctuation character.
            ulong continues = punctuation & (punctuation << 1) & (m.SameAsNext << 1);
            ulong starts = (inWord & ~(inWord << 1)) | (punctuation & ~continues);
            ulong lasts = ((inWord & ~(inWord >> 1)) | (punctuation & ~(continues >> 1))) & ((1UL << (valid - 2)) - 1);
            Span<WordToken> destination = writer.Reserve(MaxTokensPerBlock);
            int emitted = 0;
            int end = 0;
            while (lasts != 0)
            {
                int start = BitOperations.TrailingZeroCount(starts);
                end = BitOperations.TrailingZeroCount(lasts) + 1;
                // Branch-free: words and punctuation alternate unpredictably (TokenKind.Word is 0).
                var kind = (TokenKind)(kinds[Unsafe.Add(ref first, p + start)] & (byte)(((inWord >> start) & 1) - 1));
                destination[emitted++] = new WordToken(p + start, end - start, kind);
                starts &= starts - 1;
                lasts &= lasts - 1;
            }
            writer.Advance(emitted);
            if (!allAscii)
            {
                p = ScalarThrough(text, p + end, p + valid + NonAsciiSlack, ref writer, ascii);
                continue;
            }
            // The next token's start, if the block tells one; else all after the last token is space. (A
            // start bit at 63 may be wrong, as character 63's class depends on character 64, but going
            // on at 63 is right either way.)
            ulong next = starts;
            if (next == 0)
            {
                p += AsciiBlockMasks.Width - 1;
            }
            else if ((next & 1) != 0)
            {
                // A token as long as the block or longer.
                p = ScalarStep(text, p, ref writer, ascii);
            }
            else
            {
                p += BitOperations.TrailingZeroCount(next);
            }
        }
        return p;
    }

    /// <summary>Scalar steps until the position after <paramref name="last"/> (or the end) is reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScalarThrough(ReadOnlySpan<char> text, int i, int last, ref TokenWriter writer, ReadOnlySpan<byte> ascii)
    {
        while (i <= last && i < text.Length)
        {
            i = ScalarStep(text, i, ref writer, ascii);
        }
        return i;
    }

    /// <summary>From between tokens at <paramref name="i"/>: skips one space, or appends the token that starts there; returns where to go on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScalarStep(ReadOnlySpan<char> text, int i, ref TokenWriter tokens, ReadOnlySpan<byte> ascii)
    {
        char c = text[i];
        if (c < 128)
        {
            if (c <= ' ')
            {
                return i + 1;
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
            return i;
        }
        if (char.IsWhiteSpace(c))
        {
            return i + 1;
        }
        return NonAsciiToken(text, i, ref tokens, ascii);
    }

    /// <summary>The token starting at the non-ASCII character at <paramref name="i"/>; returns where it ends.</summary>
    private static int NonAsciiToken(ReadOnlySpan<char> text, int i, ref TokenWriter tokens, ReadOnlySpan<byte> ascii)
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

    /// <summary>The <see cref="TokenKind"/> of a run of each ASCII non-word character (as the scalar path names it).</summary>
    private static readonly byte[] AsciiKinds = BuildAsciiKinds();

    private static byte[] BuildAsciiKinds()
    {
        var table = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            table[c] = (byte)((CharClass)AsciiClasses[c] == CharClass.Punctuation ? TokenKind.Punctuation : TokenKind.Symbol);
        }
        return table;
    }

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
    /// <remarks>
    /// A word starts at a letter, digit or mark that does not follow one; an apostrophe or hyphen
    /// (or ’) inside a word, before a letter or digit, keeps it going; each Han/Kana character is a
    /// word. Unlike <see cref="Tokenize(ReadOnlySpan{char}, List{WordToken})"/> it does not join
    /// digits across '.' or ',' (so "3.14" counts two), and the reports' word counts are defined
    /// by it. ASCII goes 64 characters at a time: word starts are letters/digits after neither a
    /// word character nor a joiner that continues one, counted with a popcount, the in-word state
    /// carried from block to block. The tests compare every kernel with <see cref="CountWordsReference"/>.
    /// </remarks>
    public static int CountWords(ReadOnlySpan<char> text) => CountWords(text, BestKernel);

    /// <summary><see cref="CountWords(ReadOnlySpan{char})"/> with a chosen kernel (tests force each one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CountWords(ReadOnlySpan<char> text, KernelPath kernel)
    {
        int count = 0;
        bool inWord = false;
        int i = 0;
        if (kernel != KernelPath.Scalar)
        {
            ref char first = ref MemoryMarshal.GetReference(text);
            while (i <= text.Length - AsciiBlockMasks.Width)
            {
                ulong word;
                ulong joiner;
                bool allAscii = kernel switch
                {
                    KernelPath.Vector512 => AsciiBlockMasks.WordsVector512(ref Unsafe.Add(ref first, i), out word, out joiner),
                    KernelPath.Vector256 => AsciiBlockMasks.WordsVector256(ref Unsafe.Add(ref first, i), out word, out joiner),
                    _ => AsciiBlockMasks.WordsVector128(ref Unsafe.Add(ref first, i), out word, out joiner),
                };
                if (allAscii)
                {
                    count += CountBlock(text, i, word, joiner, AsciiBlockMasks.Width, ref inWord);
                    i += AsciiBlockMasks.Width;
                    continue;
                }
                // The ASCII prefix from the masks, then the scalar path past the first non-ASCII character.
                int valid = text.Slice(i, AsciiBlockMasks.Width).IndexOfAnyExceptInRange('\0', '\u007F');
                if (valid > 0)
                {
                    ulong prefix = (1UL << valid) - 1;
                    count += CountBlock(text, i, word & prefix, joiner & prefix, valid, ref inWord);
                }
                i = CountScalar(text, i + valid, Math.Min(text.Length, i + valid + 1 + NonAsciiSlack), ref count, ref inWord);
            }
        }
        CountScalar(text, i, text.Length, ref count, ref inWord);
        return count;
    }

    /// <summary>
    /// Words starting in the <paramref name="length"/> ASCII characters at <paramref name="at"/>, given
    /// their letter/digit and '/- masks (no bits at or past <paramref name="length"/>) and whether the
    /// character before them left a word going; updates that for the last of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountBlock(ReadOnlySpan<char> text, int at, ulong word, ulong joiner, int length, ref bool inWord)
    {
        ulong carry = inWord ? 1UL : 0UL;
        // Whether each character's next one is a letter or digit: within the block its word bit,
        // past it char.IsLetterOrDigit as the scalar path asks (it may be any script).
        ulong nextIsWord = word >> 1;
        int after = at + length;
        if (after < text.Length && char.IsLetterOrDigit(text[after]))
        {
            nextIsWord |= 1UL << (length - 1);
        }
        // In a word after character i: it is a letter/digit, or a joiner after a word and before a
        // letter/digit. The character before such a joiner is not one itself (a joiner before a joiner
        // ends the word), so "after a word" is its word bit, or the carry for the block's first.
        ulong continuesWord = word | (joiner & ((word << 1) | carry) & nextIsWord);
        ulong wordStarts = word & ~((continuesWord << 1) | carry);
        inWord = ((continuesWord >> (length - 1)) & 1) != 0;
        return BitOperations.PopCount(wordStarts);
    }

    /// <summary>The scalar word count of the characters from <paramref name="i"/> up to <paramref name="stop"/> (a surrogate pair may take it one past); returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountScalar(ReadOnlySpan<char> text, int i, int stop, ref int count, ref bool inWord)
    {
        for (; i < stop; i++)
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
        return i;
    }

    /// <summary>
    /// <see cref="CountWords(ReadOnlySpan{char})"/> as first written, one character at a time: the
    /// reference that the kernels are tested against.
    /// </summary>
    internal static int CountWordsReference(ReadOnlySpan<char> text)
    {
        // The first-written loop is the scalar path itself, run over the whole text.
        int count = 0;
        bool inWord = false;
        CountScalar(text, 0, text.Length, ref count, ref inWord);
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
