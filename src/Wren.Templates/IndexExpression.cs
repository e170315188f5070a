namespace Wren.Templates;

/// <summary><c>obj[key]</c>.</summary>
internal sealed class IndexExpression(Expression target, Expression index, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context) =>
        TemplateValues.GetItem(target.Evaluate(context), index.Evaluate(context));
}
