using System.Globalization;
using System.Text;

namespace Wren.Templates;

/// <summary>
/// Splits Jinja source into text and tag tokens, applying whitespace control as Jinja's lexer does:
/// <c>{%-</c>/<c>-%}</c> (and the same on <c>{{ }}</c> and <c>{# #}</c>) strip whitespace on that side,
/// <c>trim_blocks</c> drops the newline after a block tag, <c>lstrip_blocks</c> drops the indentation
/// before one (<c>{%+</c> opts out), comments vanish, <c>{% raw %}</c> is passed through as text.
/// </summary>
internal sealed class TemplateLexer
{
    private readonly string _source;
    private readonly TemplateOptions _options;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;

    private TemplateLexer(string source, TemplateOptions options)
    {
        _source = source;
        _options = options;
    }

    public static List<Token> Tokenize(string source, TemplateOptions options)
    {
        // Jinja normalizes newlines and drops one trailing newline unless asked to keep it.
        source = source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!options.KeepTrailingNewline && source.EndsWith('\n'))
        {
            source = source[..^1];
        }
        var lexer = new TemplateLexer(source, options);
        lexer.Run();
        return lexer._tokens;
    }

    private TemplateException Error(string message) => new(message, _options.Name, _line);

    private void Run()
    {
        bool lineStarting = true;
        bool stripLeading = false;
        while (_pos < _source.Length)
        {
            int tag = FindTagStart(_pos);
            int textEnd = tag < 0 ? _source.Length : tag;
            int textStart = _pos;
            if (stripLeading)
            {
                while (textStart < textEnd && char.IsWhiteSpace(_source[textStart]))
                {
                    textStart++;
                }
                stripLeading = false;
            }
            if (tag >= 0)
            {
                char kind = _source[tag + 1];
                char marker = tag + 2 < _source.Length ? _source[tag + 2] : '\0';
                if (marker == '-')
                {
                    while (textEnd > textStart && char.IsWhiteSpace(_source[textEnd - 1]))
                    {
                        textEnd--;
                    }
                }
                else if (_options.LstripBlocks && kind != '{' && marker != '+')
                {
                    // Strip the indentation between the last newline and the tag when there is nothing else on that line.
                    int lineStart = _source.LastIndexOf('\n', textEnd - 1 < 0 ? 0 : textEnd - 1, textEnd - textStart) + 1;
                    bool atLineStart = lineStart > textStart || (lineStart == 0 && textStart == 0) || lineStarting;
                    if (lineStart < textStart)
                    {
                        lineStart = textStart;
                    }
                    if (atLineStart && IsBlank(lineStart, textEnd))
                    {
                        textEnd = lineStart;
                    }
                }
            }
            EmitText(textStart, textEnd);
            CountLines(_pos, tag < 0 ? _source.Length : tag);
            if (tag < 0)
            {
                _pos = _source.Length;
                break;
            }
            _pos = tag;
            (stripLeading, lineStarting) = LexTag();
        }
        _tokens.Add(new Token(TokenKind.End, "", _line));
    }

    private bool IsBlank(int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (_source[i] is not (' ' or '\t'))
            {
                return false;
            }
        }
        return true;
    }

    private void EmitText(int start, int end)
    {
        if (end > start)
        {
            _tokens.Add(new Token(TokenKind.Text, _source[start..end], _line));
        }
    }

    private void CountLines(int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (_source[i] == '\n')
            {
                _line++;
            }
        }
    }

    private int FindTagStart(int from)
    {
        int i = from;
        while (true)
        {
            i = _source.IndexOf('{', i);
            if (i < 0 || i + 1 >= _source.Length)
            {
                return -1;
            }
            char next = _source[i + 1];
            if (next is '{' or '%' or '#')
            {
                return i;
            }
            i++;
        }
    }

    /// <summary>Lexes one tag at <see cref="_pos"/>; returns whether the following text loses its leading whitespace and whether it starts a line.</summary>
    private (bool StripLeading, bool LineStarting) LexTag()
    {
        char kind = _source[_pos + 1];
        int startLine = _line;
        _pos += 2;
        if (_pos < _source.Length && _source[_pos] is '-' or '+')
        {
            _pos++;
        }
        if (kind == '#')
        {
            int close = _source.IndexOf("#}", _pos, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new TemplateException("comment is not closed with #}", _options.Name, startLine);
            }
            bool strip = close > _pos && _source[close - 1] == '-';
            CountLines(_pos, close);
            _pos = close + 2;
            return AfterBlockEnd(strip);
        }
        if (kind == '%' && TryLexRaw(startLine, out var rawResult))
        {
            return rawResult;
        }
        bool isBlock = kind == '%';
        _tokens.Add(new Token(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, isBlock ? "{%" : "{{", startLine));
        int braceDepth = 0;
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _source.Length)
            {
                throw new TemplateException($"tag opened with {(isBlock ? "{%" : "{{")} is not closed", _options.Name, startLine);
            }
            char c = _source[_pos];
            if (isBlock)
            {
                if (Matches("-%}") || Matches("+%}"))
                {
                    bool strip = c == '-';
                    bool keep = c == '+';
                    _pos += 3;
                    _tokens.Add(new Token(TokenKind.BlockEnd, "%}", _line));
                    return keep ? (false, false) : AfterBlockEnd(strip);
                }
                if (Matches("%}"))
                {
                    _pos += 2;
                    _tokens.Add(new Token(TokenKind.BlockEnd, "%}", _line));
                    return AfterBlockEnd(false);
                }
            }
            else if (braceDepth == 0)
            {
                if (Matches("-}}"))
                {
                    _pos += 3;
                    _tokens.Add(new Token(TokenKind.VariableEnd, "}}", _line));
                    return (true, false);
                }
                if (Matches("}}"))
                {
                    _pos += 2;
                    _tokens.Add(new Token(TokenKind.VariableEnd, "}}", _line));
                    return (false, false);
                }
            }
            if (c == '{')
            {
                braceDepth++;
            }
            else if (c == '}')
            {
                braceDepth--;
            }
            LexExpressionToken();
        }
    }

    /// <summary>After <c>%}</c> or <c>#}</c>: <c>-</c> strips all following whitespace, otherwise trim_blocks drops one newline.</summary>
    private (bool StripLeading, bool LineStarting) AfterBlockEnd(bool strip)
    {
        if (strip)
        {
            int start = _pos;
            while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos]))
            {
                _pos++;
            }
            CountLines(start, _pos);
            return (false, _pos > start && _source[_pos - 1] == '\n');
        }
        if (_options.TrimBlocks && _pos < _source.Length && _source[_pos] == '\n')
        {
            _pos++;
            _line++;
            return (false, true);
        }
        return (false, false);
    }

    /// <summary><c>{% raw %}...{% endraw %}</c>: the content is text, not template.</summary>
    private bool TryLexRaw(int startLine, out (bool, bool) result)
    {
        result = default;
        int p = _pos;
        while (p < _source.Length && char.IsWhiteSpace(_source[p]))
        {
            p++;
        }
        if (string.CompareOrdinal(_source, p, "raw", 0, 3) != 0)
        {
            return false;
        }
        p += 3;
        while (p < _source.Length && char.IsWhiteSpace(_source[p]))
        {
            p++;
        }
        bool stripAfterOpen = p < _source.Length && _source[p] == '-';
        if (stripAfterOpen)
        {
            p++;
        }
        if (string.CompareOrdinal(_source, p, "%}", 0, 2) != 0)
        {
            return false;
        }
        p += 2;
        int contentStart = p;
        if (stripAfterOpen)
        {
            while (contentStart < _source.Length && char.IsWhiteSpace(_source[contentStart]))
            {
                contentStart++;
            }
        }
        else if (_options.TrimBlocks && contentStart < _source.Length && _source[contentStart] == '\n')
        {
            contentStart++;
        }
        int search = contentStart;
        while (true)
        {
            int open = _source.IndexOf("{%", search, StringComparison.Ordinal);
            if (open < 0)
            {
                throw new TemplateException("{% raw %} is not closed with {% endraw %}", _options.Name, startLine);
            }
            int q = open + 2;
            bool stripBefore = q < _source.Length && _source[q] == '-';
            if (stripBefore)
            {
                q++;
            }
            while (q < _source.Length && char.IsWhiteSpace(_source[q]))
            {
                q++;
            }
            if (string.CompareOrdinal(_source, q, "endraw", 0, 6) != 0)
            {
                search = open + 2;
                continue;
            }
            q += 6;
            while (q < _source.Length && char.IsWhiteSpace(_source[q]))
            {
                q++;
            }
            bool stripAfter = q < _source.Length && _source[q] == '-';
            if (stripAfter)
            {
                q++;
            }
            if (string.CompareOrdinal(_source, q, "%}", 0, 2) != 0)
            {
                search = open + 2;
                continue;
            }
            int contentEnd = open;
            if (stripBefore)
            {
                while (contentEnd > contentStart && char.IsWhiteSpace(_source[contentEnd - 1]))
                {
                    contentEnd--;
                }
            }
            EmitText(contentStart, contentEnd);
            CountLines(_pos, q + 2);
            _pos = q + 2;
            result = AfterBlockEnd(stripAfter);
            return true;
        }
    }

    private bool Matches(string text) => string.CompareOrdinal(_source, _pos, text, 0, text.Length) == 0;

    private void SkipWhitespace()
    {
        while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos]))
        {
            if (_source[_pos] == '\n')
            {
                _line++;
            }
            _pos++;
        }
    }

    private static readonly string[] s_operators =
    [
        "**", "//", "==", "!=", "<=", ">=",
        "+", "-", "*", "/", "%", "~", "<", ">", "=", ".", ",", ":", "|", "(", ")", "[", "]", "{", "}",
    ];

    private void LexExpressionToken()
    {
        char c = _source[_pos];
        if (c is '\'' or '"')
        {
            LexString(c);
            return;
        }
        if (char.IsAsciiDigit(c))
        {
            LexNumber();
            return;
        }
        if (char.IsLetter(c) || c == '_')
        {
            int start = _pos;
            while (_pos < _source.Length && (char.IsLetterOrDigit(_source[_pos]) || _source[_pos] == '_'))
            {
                _pos++;
            }
            _tokens.Add(new Token(TokenKind.Name, _source[start.._pos], _line));
            return;
        }
        foreach (string op in s_operators)
        {
            if (Matches(op))
            {
                _pos += op.Length;
                _tokens.Add(new Token(TokenKind.Operator, op, _line));
                return;
            }
        }
        throw Error($"unexpected character '{c}'");
    }

    private void LexNumber()
    {
        int start = _pos;
        bool isFloat = false;
        while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_'))
        {
            _pos++;
        }
        if (_pos + 1 < _source.Length && _source[_pos] == '.' && char.IsAsciiDigit(_source[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_'))
            {
                _pos++;
            }
        }
        if (_pos < _source.Length && _source[_pos] is 'e' or 'E')
        {
            int save = _pos;
            _pos++;
            if (_pos < _source.Length && _source[_pos] is '+' or '-')
            {
                _pos++;
            }
            if (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
            {
                isFloat = true;
                while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }
        string text = _source[start.._pos].Replace("_", "", StringComparison.Ordinal);
        _tokens.Add(new Token(isFloat ? TokenKind.Float : TokenKind.Integer, text, _line));
    }

    private void LexString(char quote)
    {
        int startLine = _line;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw new TemplateException("string literal is not closed", _options.Name, startLine);
            }
            char c = _source[_pos++];
            if (c == quote)
            {
                break;
            }
            if (c == '\n')
            {
                _line++;
            }
            if (c != '\\' || _pos >= _source.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = _source[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a': sb.Append('\a'); break;
                case '0': sb.Append('\0'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case '\n': _line++; break; // a backslash-newline continues the literal
                case 'x': sb.Append(HexEscape(2)); break;
                case 'u': sb.Append(HexEscape(4)); break;
                case 'U': sb.Append(HexEscape(8)); break;
                default:
                    // Python keeps unknown escapes as written.
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        _tokens.Add(new Token(TokenKind.String, sb.ToString(), startLine));
    }

    private string HexEscape(int digits)
    {
        if (_pos + digits > _source.Length
            || !int.TryParse(_source.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
        {
            throw Error($"bad \\{(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U')} escape in string literal");
        }
        _pos += digits;
        return char.ConvertFromUtf32(code);
    }
}
