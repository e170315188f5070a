namespace Wren.Templates;

/// <summary>A list <c>[a, b]</c> or tuple <c>(a, b)</c> literal; a new list on each evaluation.</summary>
internal sealed class ListExpression(Expression[] items, int line) : Expression(line)
{
    public Expression[] Items { get; } = items;

    public override object? Evaluate(RenderContext context)
    {
        var list = new List<object?>(Items.Length);
        foreach (Expression item in Items)
        {
            list.Add(item.Evaluate(context));
        }
        return list;
    }
}
