namespace Wren.Templates;

/// <summary>The argument expressions of a call, filter or test: positional first, then <c>name=value</c>.</summary>
internal sealed class ArgumentList(Expression[] positional, string[] names, Expression[] named)
{
    public static readonly ArgumentList None = new([], [], []);

    public Expression[] Positional { get; } = positional;

    public TemplateArguments Evaluate(RenderContext context, object? extraFirst = null, bool hasExtraFirst = false)
    {
        if (Positional.Length == 0 && named.Length == 0 && !hasExtraFirst)
        {
            return TemplateArguments.Empty;
        }
        int offset = hasExtraFirst ? 1 : 0;
        var values = new object?[Positional.Length + offset];
        if (hasExtraFirst)
        {
            values[0] = extraFirst;
        }
        for (int i = 0; i < Positional.Length; i++)
        {
            values[i + offset] = Positional[i].Evaluate(context);
        }
        var pairs = named.Length == 0 ? [] : new KeyValuePair<string, object?>[named.Length];
        for (int i = 0; i < named.Length; i++)
        {
            pairs[i] = new KeyValuePair<string, object?>(names[i], named[i].Evaluate(context));
        }
        return new TemplateArguments(values, pairs);
    }
}
