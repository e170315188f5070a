namespace Wren.Templates;

/// <summary>
/// <c>operand | filter(args)</c>; the filter is looked up when the template is parsed. In a filter block
/// or <c>{% set x | filter %}</c> the chain has no operand and is applied to the rendered body.
/// </summary>
internal sealed class FilterExpression(Expression? operand, TemplateFilter filter, ArgumentList arguments, int line) : Expression(line)
{
    public Expression? Operand { get; } = operand;

    public override object? Evaluate(RenderContext context) => filter(Operand!.Evaluate(context), arguments.Evaluate(context));

    /// <summary>Applies an operand-less chain (innermost filter first) to <paramref name="value"/>.</summary>
    public object? Apply(object? value, RenderContext context)
    {
        if (Operand is FilterExpression inner)
        {
            value = inner.Apply(value, context);
        }
        return filter(value, arguments.Evaluate(context));
    }
}
