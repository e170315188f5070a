namespace Wren.Templates;

/// <summary><c>a if condition else b</c>; without <c>else</c>, a false condition gives Undefined.</summary>
internal sealed class ConditionalExpression(Expression condition, Expression whenTrue, Expression? whenFalse, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context) =>
        TemplateValues.IsTruthy(condition.Evaluate(context))
            ? whenTrue.Evaluate(context)
            : whenFalse is null ? new Undefined("the condition of an inline if was false and there is no else") : whenFalse.Evaluate(context);
}
