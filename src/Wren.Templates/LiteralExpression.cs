namespace Wren.Templates;

/// <summary>A string, number, boolean or none literal.</summary>
internal sealed class LiteralExpression(object? value, int line) : Expression(line)
{
    public object? Value { get; } = value;

    public override object? Evaluate(RenderContext context) => Value;
}
