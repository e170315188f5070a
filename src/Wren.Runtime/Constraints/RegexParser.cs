using System.Globalization;

namespace Wren.Runtime.Constraints;

/// <summary>
/// Reads the part of ECMAScript regular expressions that JSON Schema patterns use and that an automaton can
/// express, hand-written because .NET's Regex exposes no automaton: literals, '.', classes ([a-z], [^...]) with
/// \d \w \s \D \W \S \t \n \r \f \v \xHH \uXXXX and escaped metacharacters, groups ((...), (?:...), (?&lt;name&gt;...)),
/// alternation, the quantifiers * + ? {n} {n,} {n,m} (lazy forms read alike: only the language matters), and
/// ^ / $ at the ends of the pattern. Anything else (backreferences, lookaround, \b, flags) is refused with the
/// position. A pattern without ^ or $ matches anywhere, as JSON Schema says, so it gets any text around it.
/// </summary>
internal sealed class RegexParser
{
    /// <summary>Counted repeats above this are refused (each copy is unrolled into the automaton).</summary>
    public const int MaxRepeat = 1000;

    private readonly string _pattern;
    private int _at;

    private RegexParser(string pattern) => _pattern = pattern;

    /// <summary>Parses a pattern into a node that matches whole strings (unanchored ends get any text around).</summary>
    public static RegexNode Parse(string pattern)
    {
        var p = new RegexParser(pattern);
        bool anchoredStart = p.Eat('^');
        var body = p.ParseAlternation();
        bool anchoredEnd = p.Eat('$');
        if (p._at < pattern.Length) throw p.Error($"unexpected '{pattern[p._at]}'");
        var anything = new RegexNode.Repeat(new RegexNode.Chars(CodePointSet.All), 0, null);
        var items = new List<RegexNode>();
        if (!anchoredStart) items.Add(anything);
        items.Add(body);
        if (!anchoredEnd) items.Add(anything);
        return items.Count == 1 ? body : new RegexNode.Sequence(items);
    }

    private WrenException Error(string what) => new($"pattern /{_pattern}/ at {_at}: {what} (supported: literals, ., classes, \\d\\w\\s, groups, |, * + ? {{n,m}}, ^ and $ at the ends)");

    private bool Eat(char c)
    {
        if (_at < _pattern.Length && _pattern[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private bool AtEnd => _at >= _pattern.Length;

    private RegexNode ParseAlternation()
    {
        var options = new List<RegexNode> { ParseSequence() };
        while (Eat('|')) options.Add(ParseSequence());
        return options.Count == 1 ? options[0] : new RegexNode.Alternation(options);
    }

    private RegexNode ParseSequence()
    {
        var items = new List<RegexNode>();
        while (!AtEnd && _pattern[_at] != '|' && _pattern[_at] != ')')
        {
            if (_pattern[_at] == '$' && _at == _pattern.Length - 1) break;
            var atom = ParseAtom();
            items.Add(ParseQuantifier(atom));
        }
        return items.Count == 1 ? items[0] : new RegexNode.Sequence(items);
    }

    private RegexNode ParseQuantifier(RegexNode atom)
    {
        while (!AtEnd)
        {
            char c = _pattern[_at];
            int min, max;
            if (c == '*') (min, max) = (0, -1);
            else if (c == '+') (min, max) = (1, -1);
            else if (c == '?') (min, max) = (0, 1);
            else if (c == '{' && TryCounted(out min, out max)) { }
            else return atom;
            if (c != '{') _at++;
            Eat('?'); // lazy: same language
            if (_at < _pattern.Length && _pattern[_at] == '+') throw Error("possessive quantifiers are not supported");
            atom = new RegexNode.Repeat(atom, min, max < 0 ? null : max);
        }
        return atom;
    }

    private bool TryCounted(out int min, out int max)
    {
        min = max = 0;
        int close = _pattern.IndexOf('}', _at);
        if (close < 0) return false;
        string body = _pattern[(_at + 1)..close];
        string[] parts = body.Split(',');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)) return false;
        if (parts.Length == 1) max = min;
        else if (parts[1].Length == 0) max = -1;
        else if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max)) return false;
        if (max >= 0 && max < min) throw Error($"{{{body}}} has max below min");
        if (Math.Max(min, max) > MaxRepeat) throw Error($"{{{body}}} repeats more than {MaxRepeat} times");
        _at = close + 1;
        return true;
    }

    private RegexNode ParseAtom()
    {
        char c = _pattern[_at++];
        switch (c)
        {
            case '(':
                if (Eat('?'))
                {
                    if (Eat(':')) { }
                    else if (_at < _pattern.Length && _pattern[_at] == '<' && _at + 1 < _pattern.Length && _pattern[_at + 1] != '=' && _pattern[_at + 1] != '!')
                    {
                        int close = _pattern.IndexOf('>', _at);
                        if (close < 0) throw Error("unterminated group name");
                        _at = close + 1;
                    }
                    else throw Error("lookaround and inline flags are not supported");
                }
                var inner = ParseAlternation();
                if (!Eat(')')) throw Error("missing ')'");
                return inner;
            case '[':
                return new RegexNode.Chars(ParseClass());
            case '.':
                return new RegexNode.Chars(CodePointSet.Dot);
            case '\\':
                return new RegexNode.Chars(ParseEscape(inClass: false));
            case '^':
            case '$':
                _at--;
                throw Error($"'{c}' is supported only at the ends of the pattern");
            case ')':
            case '*':
            case '+':
            case '?':
                _at--;
                throw Error($"'{c}' has nothing to apply to");
            default:
                if (char.IsHighSurrogate(c) && _at < _pattern.Length && char.IsLowSurrogate(_pattern[_at]))
                    return new RegexNode.Chars(CodePointSet.Single(char.ConvertToUtf32(c, _pattern[_at++])));
                return new RegexNode.Chars(CodePointSet.Single(c));
        }
    }

    private CodePointSet ParseClass()
    {
        bool negate = Eat('^');
        var set = CodePointSet.From([]);
        bool first = true;
        while (true)
        {
            if (AtEnd) throw Error("missing ']'");
            char c = _pattern[_at];
            if (c == ']' && !first)
            {
                _at++;
                break;
            }
            first = false;
            _at++;
            CodePointSet item = c == '\\' ? ParseEscape(inClass: true) : CodePointSet.Single(c);
            if (item.Ranges.Count == 1 && item.Ranges[0].Lo == item.Ranges[0].Hi && _at + 1 < _pattern.Length && _pattern[_at] == '-' && _pattern[_at + 1] != ']')
            {
                _at++;
                char d = _pattern[_at++];
                CodePointSet end = d == '\\' ? ParseEscape(inClass: true) : CodePointSet.Single(d);
                if (end.Ranges.Count != 1 || end.Ranges[0].Lo != end.Ranges[0].Hi) throw Error("a range must end in one character");
                int lo = item.Ranges[0].Lo, hi = end.Ranges[0].Lo;
                if (hi < lo) throw Error("range out of order");
                item = CodePointSet.From([(lo, hi)]);
            }
            set = set.Union(item);
        }
        return negate ? CodePointSet.Bmp.Except(set) : set;
    }

    private CodePointSet ParseEscape(bool inClass)
    {
        if (AtEnd) throw Error("a pattern cannot end in '\\'");
        char c = _pattern[_at++];
        switch (c)
        {
            case 'd': return CodePointSet.Digits;
            case 'D': return CodePointSet.AsciiComplement(CodePointSet.Digits);
            case 'w': return CodePointSet.Word;
            case 'W': return CodePointSet.AsciiComplement(CodePointSet.Word);
            case 's': return CodePointSet.Space;
            case 'S': return CodePointSet.AsciiComplement(CodePointSet.Space);
            case 't': return CodePointSet.Single('\t');
            case 'n': return CodePointSet.Single('\n');
            case 'r': return CodePointSet.Single('\r');
            case 'f': return CodePointSet.Single('\f');
            case 'v': return CodePointSet.Single('\v');
            case '0': return CodePointSet.Single(0);
            case 'x': return CodePointSet.Single(Hex(2));
            case 'u': return CodePointSet.Single(Hex(4));
            case 'b' when inClass: return CodePointSet.Single('\b');
            default:
                if (char.IsAsciiLetterOrDigit(c))
                {
                    _at--;
                    throw Error($"\\{c} is not supported");
                }
                return CodePointSet.Single(c);
        }
    }

    private int Hex(int digits)
    {
        if (_at + digits > _pattern.Length || !int.TryParse(_pattern.AsSpan(_at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value))
            throw Error($"expected {digits} hex digits");
        _at += digits;
        return value;
    }
}
