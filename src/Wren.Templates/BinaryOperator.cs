namespace Wren.Templates;

/// <summary>Binary operators of Jinja expressions.</summary>
internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    FloorDivide,
    Modulo,
    Power,
    /// <summary><c>~</c>: string concatenation of both operands' <c>str()</c>.</summary>
    Concat,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    NotIn,
    And,
    Or,
}
