using System.Buffers;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Finds added tokens in text, leftmost first and longest at a position (as Hugging Face's
/// Aho-Corasick with leftmost-longest matching), honouring <c>single_word</c>, <c>lstrip</c> and
/// <c>rstrip</c>. A vectorized search for the first characters skips text with no candidates.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly SearchValues<char> _firstChars;
    private readonly Dictionary<char, AddedToken[]> _byFirstChar = new();

    public AddedTokenMatcher(IReadOnlyList<AddedToken> tokens)
    {
        var groups = new Dictionary<char, List<AddedToken>>();
        foreach (AddedToken token in tokens)
        {
            if (token.Content.Length == 0)
            {
                continue;
            }
            if (!groups.TryGetValue(token.Content[0], out var list))
            {
                groups[token.Content[0]] = list = new List<AddedToken>();
            }
            list.Add(token);
        }
        foreach (var (c, list) in groups)
        {
            list.Sort((a, b) => b.Content.Length.CompareTo(a.Content.Length));
            _byFirstChar[c] = list.ToArray();
        }
        _firstChars = SearchValues.Create(groups.Keys.ToArray());
        IsEmpty = groups.Count == 0;
    }

    public bool IsEmpty { get; }

    /// <summary>
    /// The next added token at or after <paramref name="from"/>: the span it takes in the text
    /// (including stripped whitespace) and the token; false when there is none.
    /// </summary>
    public bool TryFindNext(ReadOnlySpan<char> text, int from, int floor, out int start, out int end, out AddedToken? token)
    {
        int i = from;
        while (i < text.Length)
        {
            int k = text[i..].IndexOfAny(_firstChars);
            if (k < 0)
            {
                break;
            }
            i += k;
            foreach (AddedToken candidate in _byFirstChar[text[i]])
            {
                if (!text[i..].StartsWith(candidate.Content, StringComparison.Ordinal))
                {
                    continue;
                }
                int matchEnd = i + candidate.Content.Length;
                if (candidate.SingleWord && ((i > 0 && IsWordChar(text[i - 1])) || (matchEnd < text.Length && IsWordChar(text[matchEnd]))))
                {
                    continue;
                }
                start = i;
                end = matchEnd;
                if (candidate.LStrip)
                {
                    while (start > floor && CharClass.IsWhiteSpace(text[start - 1]))
                    {
                        start--;
                    }
                }
                if (candidate.RStrip)
                {
                    while (end < text.Length && CharClass.IsWhiteSpace(text[end]))
                    {
                        end++;
                    }
                }
                token = candidate;
                return true;
            }
            i++;
        }
        start = end = text.Length;
        token = null;
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
