namespace Wren.Templates;

/// <summary><c>{% macro name(a, b=default) %}...{% endmacro %}</c>: defines a callable in the current scope.</summary>
internal sealed class MacroNode(TemplateMacro macro, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        context.Assign(macro.Name, macro);
        return LoopControl.None;
    }
}
