namespace Wren.Templates;

/// <summary>A variable reference; unknown names are Undefined.</summary>
internal sealed class NameExpression(string name, int line) : Expression(line)
{
    public string Name { get; } = name;

    public override object? Evaluate(RenderContext context) => context.Lookup(Name);
}
