using System.Globalization;

namespace Wren.Templates;

/// <summary>
/// Recursive-descent parser from tokens to statement and expression nodes, following the grammar and
/// operator precedence of Jinja's parser (<c>parse_condexpr</c> down to <c>parse_primary</c>). Filters and
/// tests are resolved here, so an unknown one is reported before anything renders.
/// </summary>
internal sealed class TemplateParser
{
    private readonly List<Token> _tokens;
    private readonly string? _name;
    private int _pos;

    private TemplateParser(List<Token> tokens, string? name)
    {
        _tokens = tokens;
        _name = name;
    }

    public static Node[] Parse(List<Token> tokens, string? name)
    {
        var parser = new TemplateParser(tokens, name);
        var (body, end) = parser.ParseBody([]);
        if (end is not null)
        {
            throw parser.Error($"unexpected '{{% {end} %}}'");
        }
        return body;
    }

    private Token Current => _tokens[_pos];

    private Token Peek(int offset = 1) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private TemplateException Error(string message) => new(message, _name, Current.Line);

    private Token Next() => _tokens[_pos++];

    private bool IsOperator(string op) => Current.Kind == TokenKind.Operator && Current.Text == op;

    private bool IsName(string name) => Current.Kind == TokenKind.Name && Current.Text == name;

    private bool SkipOperator(string op)
    {
        if (IsOperator(op))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private bool SkipName(string name)
    {
        if (IsName(name))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void ExpectOperator(string op)
    {
        if (!SkipOperator(op))
        {
            throw Error($"expected '{op}', found {Describe(Current)}");
        }
    }

    private string ExpectName()
    {
        if (Current.Kind != TokenKind.Name)
        {
            throw Error($"expected a name, found {Describe(Current)}");
        }
        return Next().Text;
    }

    private void ExpectBlockEnd()
    {
        if (Current.Kind != TokenKind.BlockEnd)
        {
            throw Error($"expected '%}}', found {Describe(Current)}");
        }
        _pos++;
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the template",
        TokenKind.BlockEnd => "'%}'",
        TokenKind.VariableEnd => "'}}'",
        TokenKind.String => $"string '{token.Text}'",
        _ => $"'{token.Text}'",
    };

    // ---- statements ----

    /// <summary>Parses nodes until a block tag whose keyword is in <paramref name="terminators"/>; returns the body and that keyword (consumed, its %} not).</summary>
    private (Node[] Body, string? End) ParseBody(string[] terminators)
    {
        var nodes = new List<Node>();
        while (true)
        {
            Token token = Current;
            switch (token.Kind)
            {
                case TokenKind.End:
                    if (terminators.Length > 0)
                    {
                        throw Error($"unexpected end of template; expected '{{% {string.Join("' or '{% ", terminators)} %}}'");
                    }
                    return ([.. nodes], null);
                case TokenKind.Text:
                    _pos++;
                    nodes.Add(new TextNode(token.Text, token.Line));
                    break;
                case TokenKind.VariableBegin:
                    _pos++;
                    var expression = ParseExpression();
                    if (Current.Kind != TokenKind.VariableEnd)
                    {
                        throw Error($"expected '}}}}', found {Describe(Current)}");
                    }
                    _pos++;
                    nodes.Add(new OutputNode(expression, token.Line));
                    break;
                case TokenKind.BlockBegin:
                    {
                        Token keyword = Peek();
                        if (keyword.Kind != TokenKind.Name)
                        {
                            _pos++;
                            throw Error($"expected a statement name after '{{%', found {Describe(keyword)}");
                        }
                        if (Array.IndexOf(terminators, keyword.Text) >= 0)
                        {
                            _pos += 2;
                            return ([.. nodes], keyword.Text);
                        }
                        _pos += 2;
                        Node? node = ParseStatement(keyword);
                        if (node is not null)
                        {
                            nodes.Add(node);
                        }
                        break;
                    }
                default:
                    throw Error($"unexpected {Describe(token)}");
            }
        }
    }

    private Node? ParseStatement(Token keyword)
    {
        int line = keyword.Line;
        switch (keyword.Text)
        {
            case "if":
                return ParseIf(line);
            case "for":
                return ParseFor(line);
            case "set":
                return ParseSet(line);
            case "macro":
                return ParseMacro(line);
            case "call":
                return ParseCallBlock(line);
            case "filter":
                {
                    var filter = ParseFilterChain(null);
                    ExpectBlockEnd();
                    var (body, _) = ParseBody(["endfilter"]);
                    ExpectBlockEnd();
                    return new FilterBlockNode(filter, body, line);
                }
            case "break":
            case "continue":
                ExpectBlockEnd();
                return new LoopControlNode(keyword.Text == "break" ? LoopControl.Break : LoopControl.Continue, line);
            case "do":
                {
                    var expression = ParseExpression();
                    ExpectBlockEnd();
                    return new ExpressionStatementNode(expression, line);
                }
            case "generation":
                {
                    // transformers' {% generation %} marks assistant text for masks; for rendering it is transparent.
                    ExpectBlockEnd();
                    var (body, _) = ParseBody(["endgeneration"]);
                    ExpectBlockEnd();
                    return new IfNode([new LiteralExpression(true, line)], [body], null, line);
                }
            default:
                throw new TemplateException($"unknown tag '{keyword.Text}'", _name, line);
        }
    }

    private Node ParseIf(int line)
    {
        var conditions = new List<Expression>();
        var bodies = new List<Node[]>();
        Node[]? elseBody = null;
        conditions.Add(ParseExpression());
        ExpectBlockEnd();
        while (true)
        {
            var (body, end) = ParseBody(["elif", "else", "endif"]);
            bodies.Add(body);
            if (end == "elif")
            {
                conditions.Add(ParseExpression());
                ExpectBlockEnd();
                continue;
            }
            if (end == "else")
            {
                ExpectBlockEnd();
                (elseBody, _) = ParseBody(["endif"]);
            }
            ExpectBlockEnd();
            return new IfNode([.. conditions], [.. bodies], elseBody, line);
        }
    }

    private Node ParseFor(int line)
    {
        var targets = new List<string>();
        bool parenthesized = SkipOperator("(");
        do
        {
            if (parenthesized && IsOperator(")"))
            {
                break;
            }
            targets.Add(ExpectName());
        }
        while (SkipOperator(","));
        if (parenthesized)
        {
            ExpectOperator(")");
        }
        if (!SkipName("in"))
        {
            throw Error($"expected 'in' in for loop, found {Describe(Current)}");
        }
        // The iterable is parsed without the inline-if, so that a trailing 'if' is the loop filter.
        var iterable = ParseTupleOrExpression(withCondition: false);
        Expression? filter = null;
        if (SkipName("if"))
        {
            filter = ParseExpression();
        }
        if (SkipName("recursive"))
        {
            throw Error("recursive for loops are not supported");
        }
        ExpectBlockEnd();
        var (body, end) = ParseBody(["else", "endfor"]);
        Node[]? elseBody = null;
        if (end == "else")
        {
            ExpectBlockEnd();
            (elseBody, _) = ParseBody(["endfor"]);
        }
        ExpectBlockEnd();
        return new ForNode([.. targets], iterable, filter, body, elseBody, line);
    }

    private Node ParseSet(int line)
    {
        string first = ExpectName();
        if (SkipOperator("."))
        {
            string attribute = ExpectName();
            ExpectOperator("=");
            var value = ParseTupleOrExpression(withCondition: true);
            ExpectBlockEnd();
            return new SetNode([attribute], first, value, null, null, line);
        }
        var names = new List<string> { first };
        while (SkipOperator(","))
        {
            names.Add(ExpectName());
        }
        if (SkipOperator("="))
        {
            var value = ParseTupleOrExpression(withCondition: true);
            ExpectBlockEnd();
            return new SetNode([.. names], null, value, null, null, line);
        }
        if (names.Count != 1)
        {
            throw Error("a block set assigns one name");
        }
        FilterExpression? filter = SkipOperator("|") ? ParseFilterChain(null) : null;
        ExpectBlockEnd();
        var (body, _) = ParseBody(["endset"]);
        ExpectBlockEnd();
        return new SetNode([first], null, null, body, filter, line);
    }

    private (string[] Names, Expression?[] Defaults) ParseSignature()
    {
        var names = new List<string>();
        var defaults = new List<Expression?>();
        ExpectOperator("(");
        while (!IsOperator(")"))
        {
            if (names.Count > 0)
            {
                ExpectOperator(",");
                if (IsOperator(")"))
                {
                    break;
                }
            }
            names.Add(ExpectName());
            defaults.Add(SkipOperator("=") ? ParseExpression() : null);
        }
        ExpectOperator(")");
        return ([.. names], [.. defaults]);
    }

    private Node ParseMacro(int line)
    {
        string name = ExpectName();
        var (names, defaults) = ParseSignature();
        ExpectBlockEnd();
        var (body, _) = ParseBody(["endmacro"]);
        if (Current.Kind == TokenKind.Name && Current.Text == name)
        {
            _pos++;
        }
        ExpectBlockEnd();
        return new MacroNode(new TemplateMacro(name, names, defaults, body), line);
    }

    private Node ParseCallBlock(int line)
    {
        string[] names = [];
        Expression?[] defaults = [];
        if (IsOperator("("))
        {
            (names, defaults) = ParseSignature();
        }
        var expression = ParseExpression();
        if (expression is not CallExpression call)
        {
            throw Error("{% call %} expects a macro call");
        }
        ExpectBlockEnd();
        var (body, _) = ParseBody(["endcall"]);
        ExpectBlockEnd();
        return new CallBlockNode(call, new TemplateMacro("caller", names, defaults, body), line);
    }

    // ---- expressions ----

    public Expression ParseExpression() => ParseConditional(withCondition: true);

    /// <summary>An expression, or an unparenthesized tuple <c>a, b</c> (in <c>set</c> and <c>for</c>).</summary>
    private Expression ParseTupleOrExpression(bool withCondition)
    {
        int line = Current.Line;
        var first = ParseConditional(withCondition);
        if (!IsOperator(","))
        {
            return first;
        }
        var items = new List<Expression> { first };
        while (SkipOperator(","))
        {
            if (Current.Kind is TokenKind.BlockEnd or TokenKind.VariableEnd || IsName("if"))
            {
                break;
            }
            items.Add(ParseConditional(withCondition));
        }
        return new ListExpression([.. items], line);
    }

    private Expression ParseConditional(bool withCondition)
    {
        var expression = ParseOr();
        if (!withCondition)
        {
            return expression;
        }
        while (IsName("if"))
        {
            int line = Next().Line;
            var condition = ParseOr();
            Expression? otherwise = SkipName("else") ? ParseConditional(true) : null;
            expression = new ConditionalExpression(condition, expression, otherwise, line);
        }
        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (IsName("or"))
        {
            int line = Next().Line;
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd(), line);
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (IsName("and"))
        {
            int line = Next().Line;
            left = new BinaryExpression(BinaryOperator.And, left, ParseNot(), line);
        }
        return left;
    }

    private Expression ParseNot()
    {
        if (IsName("not"))
        {
            int line = Next().Line;
            return new UnaryExpression('!', ParseNot(), line);
        }
        return ParseCompare();
    }

    private Expression ParseCompare()
    {
        var left = ParseMath1();
        Expression? chain = null;
        while (true)
        {
            int line = Current.Line;
            BinaryOperator op;
            if (Current.Kind == TokenKind.Operator && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                op = Next().Text switch
                {
                    "==" => BinaryOperator.Equal,
                    "!=" => BinaryOperator.NotEqual,
                    "<" => BinaryOperator.Less,
                    "<=" => BinaryOperator.LessEqual,
                    ">" => BinaryOperator.Greater,
                    _ => BinaryOperator.GreaterEqual,
                };
            }
            else if (IsName("in"))
            {
                _pos++;
                op = BinaryOperator.In;
            }
            else if (IsName("not") && Peek().Kind == TokenKind.Name && Peek().Text == "in")
            {
                _pos += 2;
                op = BinaryOperator.NotIn;
            }
            else
            {
                return chain ?? left;
            }
            var right = ParseMath1();
            // a < b < c means (a < b) and (b < c).
            var comparison = new BinaryExpression(op, left, right, line);
            chain = chain is null ? comparison : new BinaryExpression(BinaryOperator.And, chain, comparison, line);
            left = right;
        }
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (Current.Kind == TokenKind.Operator && Current.Text is "+" or "-")
        {
            Token op = Next();
            left = new BinaryExpression(op.Text == "+" ? BinaryOperator.Add : BinaryOperator.Subtract, left, ParseConcat(), op.Line);
        }
        return left;
    }

    private Expression ParseConcat()
    {
        var left = ParseMath2();
        while (IsOperator("~"))
        {
            int line = Next().Line;
            left = new BinaryExpression(BinaryOperator.Concat, left, ParseMath2(), line);
        }
        return left;
    }

    private Expression ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Text is "*" or "/" or "//" or "%")
        {
            Token op = Next();
            var kind = op.Text switch
            {
                "*" => BinaryOperator.Multiply,
                "/" => BinaryOperator.Divide,
                "//" => BinaryOperator.FloorDivide,
                _ => BinaryOperator.Modulo,
            };
            left = new BinaryExpression(kind, left, ParsePow(), op.Line);
        }
        return left;
    }

    private Expression ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (IsOperator("**"))
        {
            int line = Next().Line;
            left = new BinaryExpression(BinaryOperator.Power, left, ParseUnary(withFilter: true), line);
        }
        return left;
    }

    private Expression ParseUnary(bool withFilter)
    {
        Expression node;
        if (Current.Kind == TokenKind.Operator && Current.Text is "-" or "+")
        {
            Token op = Next();
            node = new UnaryExpression(op.Text[0], ParseUnary(withFilter: false), op.Line);
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }
        return withFilter ? ParseFilterAndTests(node) : node;
    }

    private Expression ParsePrimary()
    {
        Token token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                _pos++;
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpression(true, token.Line),
                    "false" or "False" => new LiteralExpression(false, token.Line),
                    "none" or "None" => new LiteralExpression(null, token.Line),
                    _ => new NameExpression(token.Text, token.Line),
                };
            case TokenKind.String:
                {
                    _pos++;
                    string text = token.Text;
                    // Adjacent string literals are joined, as in Python.
                    while (Current.Kind == TokenKind.String)
                    {
                        text += Next().Text;
                    }
                    return new LiteralExpression(text, token.Line);
                }
            case TokenKind.Integer:
                _pos++;
                return new LiteralExpression(long.Parse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Float:
                _pos++;
                return new LiteralExpression(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Operator when token.Text == "(":
                {
                    _pos++;
                    if (SkipOperator(")"))
                    {
                        return new ListExpression([], token.Line);
                    }
                    var first = ParseExpression();
                    if (SkipOperator(")"))
                    {
                        return first;
                    }
                    var items = new List<Expression> { first };
                    while (SkipOperator(","))
                    {
                        if (IsOperator(")"))
                        {
                            break;
                        }
                        items.Add(ParseExpression());
                    }
                    ExpectOperator(")");
                    return new ListExpression([.. items], token.Line);
                }
            case TokenKind.Operator when token.Text == "[":
                {
                    _pos++;
                    var items = new List<Expression>();
                    while (!IsOperator("]"))
                    {
                        if (items.Count > 0)
                        {
                            ExpectOperator(",");
                            if (IsOperator("]"))
                            {
                                break;
                            }
                        }
                        items.Add(ParseExpression());
                    }
                    ExpectOperator("]");
                    return new ListExpression([.. items], token.Line);
                }
            case TokenKind.Operator when token.Text == "{":
                {
                    _pos++;
                    var keys = new List<Expression>();
                    var values = new List<Expression>();
                    while (!IsOperator("}"))
                    {
                        if (keys.Count > 0)
                        {
                            ExpectOperator(",");
                            if (IsOperator("}"))
                            {
                                break;
                            }
                        }
                        keys.Add(ParseExpression());
                        ExpectOperator(":");
                        values.Add(ParseExpression());
                    }
                    ExpectOperator("}");
                    return new DictExpression([.. keys], [.. values], token.Line);
                }
            default:
                throw Error($"unexpected {Describe(token)}");
        }
    }

    private Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            if (IsOperator(".") || IsOperator("["))
            {
                node = ParseSubscript(node);
            }
            else if (IsOperator("("))
            {
                node = new CallExpression(node, ParseCallArguments(), Current.Line);
            }
            else
            {
                return node;
            }
        }
    }

    private Expression ParseFilterAndTests(Expression node)
    {
        while (true)
        {
            if (IsOperator("|"))
            {
                node = ParseFilterChain(node);
            }
            else if (IsName("is"))
            {
                node = ParseTest(node);
            }
            else if (IsOperator("("))
            {
                node = new CallExpression(node, ParseCallArguments(), Current.Line);
            }
            else
            {
                return node;
            }
        }
    }

    private Expression ParseSubscript(Expression node)
    {
        Token token = Next();
        if (token.Text == ".")
        {
            Token attribute = Next();
            return attribute.Kind switch
            {
                TokenKind.Name => new AttributeExpression(node, attribute.Text, token.Line),
                TokenKind.Integer => new IndexExpression(node, new LiteralExpression(long.Parse(attribute.Text, CultureInfo.InvariantCulture), token.Line), token.Line),
                _ => throw Error($"expected an attribute name after '.', found {Describe(attribute)}"),
            };
        }
        // '[' : an index or a slice.
        Expression? start = null, stop = null, step = null;
        bool isSlice = false;
        if (!IsOperator(":"))
        {
            start = ParseTupleOrExpression(withCondition: true);
        }
        if (SkipOperator(":"))
        {
            isSlice = true;
            if (!IsOperator("]") && !IsOperator(":"))
            {
                stop = ParseExpression();
            }
            if (SkipOperator(":") && !IsOperator("]"))
            {
                step = ParseExpression();
            }
        }
        ExpectOperator("]");
        return isSlice
            ? new SliceExpression(node, start, stop, step, token.Line)
            : new IndexExpression(node, start!, token.Line);
    }

    private ArgumentList ParseCallArguments()
    {
        ExpectOperator("(");
        var positional = new List<Expression>();
        var names = new List<string>();
        var named = new List<Expression>();
        while (!IsOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                ExpectOperator(",");
                if (IsOperator(")"))
                {
                    break;
                }
            }
            if (Current.Kind == TokenKind.Name && Peek().Kind == TokenKind.Operator && Peek().Text == "=")
            {
                names.Add(Next().Text);
                _pos++;
                named.Add(ParseExpression());
            }
            else
            {
                if (named.Count > 0)
                {
                    throw Error("positional argument after keyword argument");
                }
                positional.Add(ParseExpression());
            }
        }
        ExpectOperator(")");
        return positional.Count + named.Count == 0 ? ArgumentList.None : new ArgumentList([.. positional], [.. names], [.. named]);
    }

    /// <summary>Parses <c>| name[(args)]</c> (repeated) onto <paramref name="operand"/>, which is null in filter blocks.</summary>
    private FilterExpression ParseFilterChain(Expression? operand)
    {
        FilterExpression? result = null;
        bool first = operand is null;
        do
        {
            if (!first)
            {
                ExpectOperator("|");
            }
            first = false;
            int line = Current.Line;
            string name = ExpectName();
            while (SkipOperator("."))
            {
                name += "." + ExpectName();
            }
            if (!TemplateFilters.TryGet(name, out var filter))
            {
                throw new TemplateException($"no filter named '{name}'", _name, line);
            }
            var arguments = IsOperator("(") ? ParseCallArguments() : ArgumentList.None;
            result = new FilterExpression((Expression?)result ?? operand, filter, arguments, line);
        }
        while (IsOperator("|"));
        return result;
    }

    private Expression ParseTest(Expression node)
    {
        int line = Next().Line; // 'is'
        bool negated = SkipName("not");
        string name = ExpectName();
        while (SkipOperator("."))
        {
            name += "." + ExpectName();
        }
        if (!TemplateTestFunctions.TryGet(name, out var test))
        {
            throw new TemplateException($"no test named '{name}'", _name, line);
        }
        ArgumentList arguments = ArgumentList.None;
        if (IsOperator("("))
        {
            arguments = ParseCallArguments();
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || IsOperator("[") || IsOperator("{"))
                 && !(Current.Kind == TokenKind.Name && Current.Text is "else" or "or" or "and" or "if" or "is" or "not" or "in"))
        {
            // `x is equalto 3`: one argument without parentheses.
            arguments = new ArgumentList([ParsePostfix(ParsePrimary())], [], []);
        }
        return new TestExpression(node, test, arguments, negated, line);
    }
}
