namespace Wren.Templates;

/// <summary>A statement of a parsed template: text, an output tag or a block.</summary>
internal abstract class Node
{
    protected Node(int line) => Line = line;

    /// <summary>1-based source line, for error messages.</summary>
    public int Line { get; }

    public abstract LoopControl Render(RenderContext context);

    /// <summary>Renders a body in order, stopping at break/continue; errors get the line of the statement that failed.</summary>
    public static LoopControl RenderAll(Node[] nodes, RenderContext context)
    {
        foreach (Node node in nodes)
        {
            LoopControl control;
            try
            {
                control = node.Render(context);
            }
            catch (TemplateException e) when (e.Line == 0)
            {
                throw e.WithLocation(context.TemplateName, node.Line);
            }
            if (control != LoopControl.None)
            {
                return control;
            }
        }
        return LoopControl.None;
    }
}
