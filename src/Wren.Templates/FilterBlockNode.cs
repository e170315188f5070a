namespace Wren.Templates;

/// <summary><c>{% filter upper %}...{% endfilter %}</c>: renders the body, then applies the filter chain to it.</summary>
internal sealed class FilterBlockNode(FilterExpression filter, Node[] body, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        var saved = context.Output;
        context.Output = new System.Text.StringBuilder();
        string text;
        try
        {
            RenderAll(body, context);
            text = context.Output.ToString();
        }
        finally
        {
            context.Output = saved;
        }
        TemplateValues.Write(context.Output, filter.Apply(text, context));
        return LoopControl.None;
    }
}
