using System.Buffers;
using System.Text;

namespace Wren.Data.Curation.Text;

/// <summary>
/// datatrove's character sets from <c>datatrove/utils/text.py</c> on its main branch at a649de79
/// (2026-08-13; the sets last changed in 84277597, 2024-12-06), generated from that file:
/// <c>PUNCTUATION_SET</c> (ASCII punctuation and symbols, C0/C1 controls other than tab and newline,
/// common CJK and typographic punctuation, and every terminal mark) decides which tokens are
/// "symbol words" for Gopher quality; <c>TERMINAL_PUNCTUATION</c> (sentence-ending marks of every
/// script: '.', '!', '?', '。', '।', ...) decides which lines end in punctuation for FineWeb. Both hold
/// characters beyond the BMP, so membership is by code point.
/// </summary>
public static class DatatroveCharacters
{
    /// <summary>The BMP members of <c>PUNCTUATION_SET</c> (206 characters; U+FF11, fullwidth digit one, is one of them, as in datatrove).</summary>
    private static readonly SearchValues<char> PunctuationBmp = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000D\u000E\u000F\u0010\u0011"
        + "\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u0021\u0022"
        + "\u0023\u0024\u0025\u0026\u0027\u0028\u0029\u002A\u002B\u002C\u002D\u002E\u002F\u003A\u003B\u003C"
        + "\u003D\u003E\u003F\u0040\u005B\u005C\u005D\u005E\u005F\u0060\u007B\u007C\u007D\u007E\u007F\u0080"
        + "\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090"
        + "\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u00AB"
        + "\u00B4\u00BB\u0589\u061D\u061E\u061F\u06D4\u0700\u0701\u0702\u07F9\u0837\u0839\u083D\u083E\u0964"
        + "\u0965\u104A\u104B\u1362\u1367\u1368\u166E\u1735\u1736\u17D4\u17D5\u17D6\u17D9\u17DA\u1803\u1809"
        + "\u1944\u1945\u1AA8\u1AA9\u1AAA\u1AAB\u1B5A\u1B5B\u1B5E\u1B5F\u1B7D\u1B7E\u1C3B\u1C3C\u1C7E\u1C7F"
        + "\u2013\u2014\u2019\u201C\u201D\u201E\u2026\u203C\u203D\u2047\u2048\u2049\u2236\u2501\u25BA\u2E2E"
        + "\u2E3C\u2E53\u2E54\u3001\u3002\u3008\u3009\u300A\u300B\u300C\u300D\u3010\u3011\uA4FF\uA60E\uA60F"
        + "\uA6F3\uA6F7\uA876\uA877\uA8CE\uA8CF\uA92F\uA9C8\uA9C9\uAA5D\uAA5E\uAA5F\uAAF0\uAAF1\uABEB\uFE52"
        + "\uFE56\uFE57\uFF01\uFF05\uFF08\uFF09\uFF0C\uFF0E\uFF11\uFF1A\uFF1B\uFF1F\uFF5E\uFF61");

    /// <summary>The BMP members of <c>TERMINAL_PUNCTUATION</c> (84 characters).</summary>
    private static readonly SearchValues<char> TerminalBmp = SearchValues.Create(
        "\u0021\u002E\u003F\u0589\u061D\u061E\u061F\u06D4\u0700\u0701\u0702\u07F9\u0837\u0839\u083D\u083E"
        + "\u0964\u0965\u104A\u104B\u1362\u1367\u1368\u166E\u1735\u1736\u17D4\u17D5\u17D6\u17D9\u17DA\u1803"
        + "\u1809\u1944\u1945\u1AA8\u1AA9\u1AAA\u1AAB\u1B5A\u1B5B\u1B5E\u1B5F\u1B7D\u1B7E\u1C3B\u1C3C\u1C7E"
        + "\u1C7F\u203C\u203D\u2047\u2048\u2049\u2E2E\u2E3C\u2E53\u2E54\u3002\uA4FF\uA60E\uA60F\uA6F3\uA6F7"
        + "\uA876\uA877\uA8CE\uA8CF\uA92F\uA9C8\uA9C9\uAA5D\uAA5E\uAA5F\uAAF0\uAAF1\uABEB\uFE52\uFE56\uFE57"
        + "\uFF01\uFF0E\uFF1F\uFF61");

    /// <summary>The members beyond the BMP: all 75 are terminal marks (so also in <c>PUNCTUATION_SET</c>).</summary>
    private static readonly HashSet<int> TerminalSupplementary =
    [
        0x10A56, 0x10A57, 0x10F55, 0x10F56, 0x10F57, 0x10F58, 0x10F59, 0x10F86, 0x10F87, 0x10F88,
        0x10F89, 0x11047, 0x11048, 0x110BE, 0x110BF, 0x110C0, 0x110C1, 0x11141, 0x11142, 0x11143,
        0x111C5, 0x111C6, 0x111CD, 0x111DE, 0x111DF, 0x11238, 0x11239, 0x1123B, 0x1123C, 0x112A9,
        0x1144B, 0x1144C, 0x115C2, 0x115C3, 0x115C9, 0x115CA, 0x115CB, 0x115CC, 0x115CD, 0x115CE,
        0x115CF, 0x115D0, 0x115D1, 0x115D2, 0x115D3, 0x115D4, 0x115D5, 0x115D6, 0x115D7, 0x11641,
        0x11642, 0x1173C, 0x1173D, 0x1173E, 0x11944, 0x11946, 0x11A42, 0x11A43, 0x11A9B, 0x11A9C,
        0x11C41, 0x11C42, 0x11EF7, 0x11EF8, 0x11F43, 0x11F44, 0x16A6E, 0x16A6F, 0x16AF5, 0x16B37,
        0x16B38, 0x16B44, 0x16E98, 0x1BC9F, 0x1DA88,
    ];

    /// <summary>Whether <paramref name="c"/> (a BMP character) is in <c>PUNCTUATION_SET</c>.</summary>
    public static bool IsPunctuation(char c) => PunctuationBmp.Contains(c);

    /// <summary>
    /// Whether every character of <paramref name="token"/> is in <c>PUNCTUATION_SET</c>: what datatrove's
    /// Gopher quality filter leaves out of its word count (<c>any(ch not in PUNCTUATION_SET for ch in w)</c>
    /// is false). An empty token counts as one.
    /// </summary>
    public static bool IsSymbolOnly(ReadOnlySpan<char> token)
    {
        int at = token.IndexOfAnyExcept(PunctuationBmp);
        if (at < 0)
        {
            return true;
        }
        foreach (Rune r in token[at..].EnumerateRunes())
        {
            bool member = r.IsBmp ? PunctuationBmp.Contains((char)r.Value) : TerminalSupplementary.Contains(r.Value);
            if (!member)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="line"/> ends with a character of <c>TERMINAL_PUNCTUATION</c> (Python's <c>line.endswith(tuple(TERMINAL_PUNCTUATION))</c>).</summary>
    public static bool EndsWithTerminal(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty)
        {
            return false;
        }
        char last = line[^1];
        if (!char.IsLowSurrogate(last))
        {
            return TerminalBmp.Contains(last);
        }
        return line.Length >= 2 && char.IsHighSurrogate(line[^2]) && TerminalSupplementary.Contains(char.ConvertToUtf32(line[^2], last));
    }
}
