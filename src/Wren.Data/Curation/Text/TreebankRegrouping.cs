using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Regroups <see cref="WordTokenizer"/>'s tokens into the tokens NLTK's <c>word_tokenize</c> (the Treebank
/// rules datatrove's English filters count with) would give: NLTK splits a whitespace-separated chunk only
/// at ? ! ; @ # $ % &amp; brackets and quotes, at ',' and ':' not followed by a digit, at "--" and "...",
/// and at a sentence's final period, and keeps everything else together. So a URL, a path, a host name,
/// a time ("14:09:03"), a version ("2.5-release") or a file name is one token, as in datatrove, where
/// <see cref="WordTokenizer"/> alone makes each of their parts a token: on mail and records, full of
/// links and logs, those parts made the n-gram repetition rules fire on repeated "http : // www ." and
/// the letter-share rule count "/" and ":" as words without letters. What is left different from NLTK
/// (listed in the README): contractions stay whole ("don't"; NLTK: "do", "n't"); a period ending a
/// chunk is split off even after an abbreviation ("Mr." before a name; NLTK's Punkt knows those);
/// runs of one punctuation character stay one token ("!!!"); each Han or kana character stays a word.
/// </summary>
public static class TreebankRegrouping
{
    /// <summary>
    /// Regroups <paramref name="tokens"/> (the tokens of <paramref name="text"/>, in order) in place:
    /// adjacent tokens (no whitespace between) merge unless either is one NLTK splits off, and a chunk's
    /// final period is its own token. A merged token is a word if any part is one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Regroup(ReadOnlySpan<char> text, List<WordToken> tokens)
    {
        Span<WordToken> t = CollectionsMarshal.AsSpan(tokens);
        int written = 0;
        int i = 0;
        while (i < t.Length)
        {
            var first = t[i];
            if (StandsAlone(text, first))
            {
                t[written++] = first;
                i++;
                continue;
            }
            int end = first.End;
            var kind = first.Kind;
            var kindBeforeLast = first.Kind;
            int j = i + 1;
            while (j < t.Length && t[j].Start == end && !StandsAlone(text, t[j]))
            {
                kindBeforeLast = kind;
                kind = Combine(kind, t[j].Kind);
                end = t[j].End;
                j++;
            }
            var last = t[j - 1];
            // A sentence's final period: the chunk ends here (whitespace or the text's end follows).
            bool chunkEnds = j >= t.Length || t[j].Start != end;
            if (j - 1 > i && chunkEnds && IsPeriod(text, last))
            {
                t[written++] = new WordToken(first.Start, last.Start - first.Start, kindBeforeLast);
                t[written++] = last;
            }
            else
            {
                t[written++] = new WordToken(first.Start, end - first.Start, kind);
            }
            i = j;
        }
        tokens.RemoveRange(written, tokens.Count - written);
    }

    /// <summary>
    /// Whether NLTK keeps <paramref name="token"/> apart from its neighbours: the characters it always splits
    /// off, ',' or ':' before a non-digit, "--", "...", and a Han or kana character (a word of its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StandsAlone(ReadOnlySpan<char> text, WordToken token)
    {
        char c = text[token.Start];
        if (token.Kind == TokenKind.Word)
        {
            return c >= 0x3040 && (WordTokenizer.IsIdeographic(c) || (char.IsHighSurrogate(c) && token.Length == 2 && WordTokenizer.IsIdeographic(char.ConvertToUtf32(c, text[token.Start + 1]))));
        }
        switch (c)
        {
            case '?' or '!' or ';' or '@' or '#' or '$' or '%' or '&' or '[' or ']' or '(' or ')' or '{' or '}' or '<' or '>' or '"' or '`' or '\'':
            case '“' or '”' or '‘' or '’' or '«' or '»' or '„' or '…':
                return true;
            case ',' or ':':
                int after = token.End;
                return after >= text.Length || !char.IsAsciiDigit(text[after]);
            case '-':
                return token.Length >= 2;
            case '.':
                return token.Length >= 3;
            default:
                return false;
        }
    }

    private static bool IsPeriod(ReadOnlySpan<char> text, WordToken token) =>
        token.Kind != TokenKind.Word && token.Length <= 2 && text[token.Start] == '.';

    private static TokenKind Combine(TokenKind a, TokenKind b) =>
        a == TokenKind.Word || b == TokenKind.Word ? TokenKind.Word
        : a == TokenKind.Symbol || b == TokenKind.Symbol ? TokenKind.Symbol
        : TokenKind.Punctuation;
}
