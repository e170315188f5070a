namespace Wren.Templates;

/// <summary><c>not x</c>, <c>-x</c>, <c>+x</c>.</summary>
internal sealed class UnaryExpression(char op, Expression operand, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context)
    {
        object? value = operand.Evaluate(context);
        switch (op)
        {
            case '!':
                return TemplateValues.Box(!TemplateValues.IsTruthy(value));
            case '-':
                return value switch
                {
                    long l => (object)(-l),
                    double d => -d,
                    bool b => b ? -1L : 0L,
                    Undefined u => throw u.Error(),
                    _ => throw new TemplateException($"bad operand type for unary -: '{TemplateValues.TypeName(value)}'"),
                };
            default:
                return value switch
                {
                    long or double => value,
                    bool b => b ? 1L : 0L,
                    Undefined u => throw u.Error(),
                    _ => throw new TemplateException($"bad operand type for unary +: '{TemplateValues.TypeName(value)}'"),
                };
        }
    }
}
