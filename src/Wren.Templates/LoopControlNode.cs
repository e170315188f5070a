namespace Wren.Templates;

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (Jinja's loopcontrols extension, which transformers enables).</summary>
internal sealed class LoopControlNode(LoopControl control, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context) => control;
}
