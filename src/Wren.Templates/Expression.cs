namespace Wren.Templates;

/// <summary>An expression of a parsed template; evaluating it gives a template value (see <see cref="TemplateValues"/>).</summary>
internal abstract class Expression
{
    protected Expression(int line) => Line = line;

    public int Line { get; }

    public abstract object? Evaluate(RenderContext context);
}
