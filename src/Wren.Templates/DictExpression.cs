namespace Wren.Templates;

/// <summary>A dict literal <c>{'k': v}</c>; keys are converted to strings.</summary>
internal sealed class DictExpression(Expression[] keys, Expression[] values, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context)
    {
        var dict = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            object? key = keys[i].Evaluate(context);
            dict[key as string ?? TemplateValues.ToStr(key)] = values[i].Evaluate(context);
        }
        return dict;
    }
}
