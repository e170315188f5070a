namespace Wren.Runtime.Tokenization;

/// <summary>
/// Hand-written matchers for the pre-tokenizer regexes nearly every byte-level BPE uses. Each
/// returns where the regex's next match starting at <c>i</c> ends, exactly as the leftmost-first
/// alternation of the original pattern would (checked against <see cref="System.Text.RegularExpressions.Regex"/>
/// in the tests). They never fail to match: the patterns cover every character.
/// </summary>
internal static class PreTokenizerScanner
{
    /// <summary>GPT-2: <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c></summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Llama-3 / cl100k: digits in runs of up to three.</summary>
    public const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2: the Llama-3 pattern with single digits.</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static int NextGpt2(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        char c = s[i];
        if (c == '\'' && i + 1 < n)
        {
            int contraction = Contraction(s, i, ignoreCase: false);
            if (contraction > 0)
            {
                return contraction;
            }
        }
        int j = i;
        int width;
        byte cls = CharClass.At(s, i, out width);
        if (c == ' ' && i + 1 < n)
        {
            byte next = CharClass.At(s, i + 1, out int w2);
            if (next != CharClass.Space)
            {
                j = i + 1;
                cls = next;
                width = w2;
            }
        }
        if (cls != CharClass.Space)
        {
            int k = j + width;
            while (k < n && CharClass.At(s, k, out int w) == cls)
            {
                k += w;
            }
            return k;
        }
        return WhitespaceTail(s, i);
    }

    public static int NextLlama3(ReadOnlySpan<char> s, int i, int maxDigits)
    {
        int n = s.Length;
        char c = s[i];
        if (c == '\'' && i + 1 < n)
        {
            int contraction = Contraction(s, i, ignoreCase: true);
            if (contraction > 0)
            {
                return contraction;
            }
        }
        byte cls = CharClass.At(s, i, out int width);
        int k;
        if (cls == CharClass.Letter)
        {
            return Letters(s, i + width);
        }
        if (cls != CharClass.Number && c != '\r' && c != '\n' && i + width < n
            && CharClass.At(s, i + width, out _) == CharClass.Letter)
        {
            return Letters(s, i + width);
        }
        if (cls == CharClass.Number)
        {
            k = i + width;
            for (int count = 1; count < maxDigits && k < n && CharClass.At(s, k, out int w) == CharClass.Number; count++)
            {
                k += w;
            }
            return k;
        }
        int j = i;
        if (c == ' ' && i + 1 < n && CharClass.At(s, i + 1, out int w1) == CharClass.Other)
        {
            j = i + 1;
            cls = CharClass.Other;
            width = w1;
        }
        if (cls == CharClass.Other)
        {
            k = j + width;
            while (k < n && CharClass.At(s, k, out int w) == CharClass.Other)
            {
                k += w;
            }
            while (k < n && (s[k] == '\r' || s[k] == '\n'))
            {
                k++;
            }
            return k;
        }
        // Whitespace: \s*[\r\n]+ first (up to the last line break of the run), then as GPT-2.
        k = i;
        int lastBreak = -1;
        while (k < n && CharClass.At(s, k, out _) == CharClass.Space)
        {
            if (s[k] == '\r' || s[k] == '\n')
            {
                lastBreak = k;
            }
            k++;
        }
        if (lastBreak >= 0)
        {
            return lastBreak + 1;
        }
        return k == n || k - 1 == i ? k : k - 1;
    }

    private static int Letters(ReadOnlySpan<char> s, int k)
    {
        while (k < s.Length && CharClass.At(s, k, out int w) == CharClass.Letter)
        {
            k += w;
        }
        return k;
    }

    // \s+(?!\S)|\s+ from a whitespace character: the whole run if it ends the text, else the run
    // less its last character (which then prefixes the next piece), else the single character.
    private static int WhitespaceTail(ReadOnlySpan<char> s, int i)
    {
        int k = i;
        while (k < s.Length && CharClass.At(s, k, out _) == CharClass.Space)
        {
            k++;
        }
        return k == s.Length || k - 1 == i ? k : k - 1;
    }

    private static int Contraction(ReadOnlySpan<char> s, int i, bool ignoreCase)
    {
        char a = s[i + 1];
        if (ignoreCase && a < 128)
        {
            a = char.ToLowerInvariant(a);
        }
        if (a is 's' or 't' or 'm' or 'd')
        {
            return i + 2;
        }
        if (i + 2 < s.Length && a is 'r' or 'v' or 'l')
        {
            char b = s[i + 2];
            if (ignoreCase && b < 128)
            {
                b = char.ToLowerInvariant(b);
            }
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            {
                return i + 3;
            }
        }
        return 0;
    }
}
