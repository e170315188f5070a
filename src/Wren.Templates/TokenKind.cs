namespace Wren.Templates;

/// <summary>Kinds of tokens the template lexer produces.</summary>
internal enum TokenKind
{
    /// <summary>Literal text between tags, whitespace control already applied.</summary>
    Text,
    /// <summary><c>{{</c></summary>
    VariableBegin,
    /// <summary><c>}}</c></summary>
    VariableEnd,
    /// <summary><c>{%</c></summary>
    BlockBegin,
    /// <summary><c>%}</c></summary>
    BlockEnd,
    Name,
    /// <summary>A string literal, escapes resolved (adjacent literals are joined by the parser).</summary>
    String,
    Integer,
    Float,
    /// <summary>Punctuation and operators: <c>+ - * / // % ** ~ == != &lt; &lt;= &gt; &gt;= = . , : | ( ) [ ] { }</c>.</summary>
    Operator,
    End,
}
