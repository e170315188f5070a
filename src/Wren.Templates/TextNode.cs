namespace Wren.Templates;

/// <summary>Literal text between tags.</summary>
internal sealed class TextNode(string text, int line) : Node(line)
{
    public string Text { get; } = text;

    public override LoopControl Render(RenderContext context)
    {
        context.Output.Append(Text);
        return LoopControl.None;
    }
}
