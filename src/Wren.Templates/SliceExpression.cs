namespace Wren.Templates;

/// <summary><c>obj[start:stop:step]</c>, any part optional (<c>[::-1]</c>, <c>[1:]</c>).</summary>
internal sealed class SliceExpression(Expression target, Expression? start, Expression? stop, Expression? step, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context) =>
        TemplateValues.Slice(target.Evaluate(context), start?.Evaluate(context), stop?.Evaluate(context), step?.Evaluate(context));
}
