namespace Wren.Templates;

/// <summary><c>{% if %}...{% elif %}...{% else %}...{% endif %}</c>. Does not open a scope.</summary>
internal sealed class IfNode(Expression[] conditions, Node[][] bodies, Node[]? elseBody, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        for (int i = 0; i < conditions.Length; i++)
        {
            if (TemplateValues.IsTruthy(conditions[i].Evaluate(context)))
            {
                return RenderAll(bodies[i], context);
            }
        }
        return elseBody is null ? LoopControl.None : RenderAll(elseBody, context);
    }
}
