using System.Text.RegularExpressions;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// The pattern of a <c>Split</c> pre-tokenizer: one of the well-known regexes (matched by a
/// hand-written scanner), any other regex (matched by .NET's Regex), or a literal string.
/// </summary>
internal sealed class SplitPattern
{
    private readonly Regex? _regex;
    private readonly string? _literal;

    private SplitPattern(ScannerKind kind, Regex? regex, string? literal, string? regexSource = null)
    {
        Kind = kind;
        _regex = regex;
        _literal = literal;
        RegexSource = regexSource;
    }

    public ScannerKind Kind { get; }

    /// <summary>The regex as tokenizer.json wrote it (null for a literal): what tools that run no regex of their own, such as llama.cpp, go by.</summary>
    public string? RegexSource { get; }

    public static SplitPattern Gpt2 { get; } = new(ScannerKind.Gpt2, null, null);

    public static SplitPattern ForLiteral(string literal) => new(ScannerKind.None, null, literal);

    /// <summary>A scanner for the known patterns; otherwise a compiled .NET regex.</summary>
    public static SplitPattern ForRegex(string pattern)
    {
        ScannerKind kind = pattern switch
        {
            PreTokenizerScanner.Gpt2Pattern => ScannerKind.Gpt2,
            PreTokenizerScanner.Llama3Pattern => ScannerKind.Llama3,
            PreTokenizerScanner.Qwen2Pattern => ScannerKind.Qwen2,
            _ => ScannerKind.None,
        };
        return kind != ScannerKind.None ? new SplitPattern(kind, null, null, pattern) : new SplitPattern(ScannerKind.None, CreateRegex(pattern), null, pattern);
    }

    /// <summary>
    /// .NET's regex for an Oniguruma pattern. Possessive quantifiers (<c>++</c>, <c>*+</c>, <c>?+</c>),
    /// which .NET lacks, become atomic groups around the single preceding atom where that is a class or
    /// escape; the patterns tokenizers use only put them there.
    /// </summary>
    public static Regex CreateRegex(string pattern)
    {
        string converted = Regex.Replace(pattern, @"(\[(?:\\.|[^\]\\])*\]|\\p\{\w+\}|\\.|[^\\\[\]()|])([+*?])\+", "(?>$1$2)");
        try
        {
            return new Regex(converted, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new WrenException($"tokenizer.json: pre-tokenizer regex {pattern} is not supported ({e.Message})");
        }
    }

    public static Regex CreateTestRegex(string pattern) => CreateRegex(pattern);

    /// <summary>Appends the segments of <paramref name="s"/>: matches and the gaps between them, in order.</summary>
    public void FindSegments(ReadOnlySpan<char> s, SegmentList segments)
    {
        switch (Kind)
        {
            case ScannerKind.Gpt2:
                for (int i = 0; i < s.Length;)
                {
                    int end = PreTokenizerScanner.NextGpt2(s, i);
                    segments.Add(i, end, true);
                    i = end;
                }
                return;
            case ScannerKind.Llama3:
            case ScannerKind.Qwen2:
                int digits = Kind == ScannerKind.Llama3 ? 3 : 1;
                for (int i = 0; i < s.Length;)
                {
                    int end = PreTokenizerScanner.NextLlama3(s, i, digits);
                    segments.Add(i, end, true);
                    i = end;
                }
                return;
        }
        int prev = 0;
        if (_regex is not null)
        {
            foreach (ValueMatch m in _regex.EnumerateMatches(s))
            {
                if (m.Length == 0)
                {
                    continue;
                }
                if (prev != m.Index)
                {
                    segments.Add(prev, m.Index, false);
                }
                segments.Add(m.Index, m.Index + m.Length, true);
                prev = m.Index + m.Length;
            }
        }
        else if (!string.IsNullOrEmpty(_literal))
        {
            int at;
            while ((at = s[prev..].IndexOf(_literal, StringComparison.Ordinal)) >= 0)
            {
                at += prev;
                if (prev != at)
                {
                    segments.Add(prev, at, false);
                }
                segments.Add(at, at + _literal.Length, true);
                prev = at + _literal.Length;
            }
        }
        if (prev != s.Length)
        {
            segments.Add(prev, s.Length, false);
        }
    }
}
