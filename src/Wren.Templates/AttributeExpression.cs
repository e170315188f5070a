namespace Wren.Templates;

/// <summary><c>obj.name</c>.</summary>
internal sealed class AttributeExpression(Expression target, string name, int line) : Expression(line)
{
    public Expression Target { get; } = target;

    public string Name { get; } = name;

    public override object? Evaluate(RenderContext context) => TemplateValues.GetAttribute(Target.Evaluate(context), Name);
}
