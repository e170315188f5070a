namespace Wren.Templates;

/// <summary>
/// <c>{% for a[, b] in items [if filter] %}...{% else %}...{% endfor %}</c> with the <c>loop</c> variable,
/// tuple unpacking, the filtering <c>if</c> (applied before <c>loop.length</c> is counted, as in Jinja),
/// <c>break</c>/<c>continue</c>, and the <c>else</c> body when nothing was iterated.
/// </summary>
internal sealed class ForNode(string[] targets, Expression iterable, Expression? filter, Node[] body, Node[]? elseBody, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        object? source = iterable.Evaluate(context);
        List<object?> items = source is Dictionary<string, object?> dict && targets.Length == 1
            ? [.. dict.Keys]
            : TemplateValues.Iterate(source);
        context.PushScope();
        try
        {
            if (filter is not null)
            {
                var kept = new List<object?>(items.Count);
                foreach (object? item in items)
                {
                    Bind(context, item);
                    if (TemplateValues.IsTruthy(filter.Evaluate(context)))
                    {
                        kept.Add(item);
                    }
                }
                items = kept;
            }
            if (items.Count == 0)
            {
                context.PopScope();
                context.PushScope();
                return elseBody is null ? LoopControl.None : RenderAll(elseBody, context);
            }
            // loop.depth counts recursive-loop levels; recursive loops are not supported, so it is 1.
            var loop = new LoopContext(items, depth: 1);
            context.Assign("loop", loop);
            for (int i = 0; i < items.Count; i++)
            {
                loop.Index0 = i;
                Bind(context, items[i]);
                if (RenderAll(body, context) == LoopControl.Break)
                {
                    break;
                }
            }
            return LoopControl.None;
        }
        finally
        {
            context.PopScope();
        }
    }

    private void Bind(RenderContext context, object? item)
    {
        if (targets.Length == 1)
        {
            context.Assign(targets[0], item);
            return;
        }
        if (item is not List<object?> values || values.Count != targets.Length)
        {
            throw new TemplateException($"cannot unpack {TemplateValues.TypeName(item)} into {targets.Length} loop variables");
        }
        for (int i = 0; i < targets.Length; i++)
        {
            context.Assign(targets[i], values[i]);
        }
    }
}
