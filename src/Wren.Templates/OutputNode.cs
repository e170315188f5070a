namespace Wren.Templates;

/// <summary><c>{{ expression }}</c>: writes <c>str(value)</c>; Undefined writes nothing.</summary>
internal sealed class OutputNode(Expression expression, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        if (expression is BinaryExpression binary)
        {
            binary.WriteTo(context, context.Output);
        }
        else
        {
            TemplateValues.Write(context.Output, expression.Evaluate(context));
        }
        return LoopControl.None;
    }
}
