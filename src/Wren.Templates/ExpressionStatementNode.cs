namespace Wren.Templates;

/// <summary><c>{% do expression %}</c>: evaluates for its effect and writes nothing.</summary>
internal sealed class ExpressionStatementNode(Expression expression, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        expression.Evaluate(context);
        return LoopControl.None;
    }
}
