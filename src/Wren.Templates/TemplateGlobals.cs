namespace Wren.Templates;

/// <summary>
/// Names every template sees: the literals <c>true</c>/<c>True</c>, <c>false</c>/<c>False</c>,
/// <c>none</c>/<c>None</c>; <c>namespace()</c>, <c>range()</c>, <c>dict()</c>; and what transformers adds for
/// chat templates: <c>raise_exception(message)</c> and <c>strftime_now(format)</c>.
/// </summary>
internal static class TemplateGlobals
{
    public static void AddTo(Dictionary<string, object?> scope, Func<DateTime> clock)
    {
        scope["true"] = true;
        scope["True"] = true;
        scope["false"] = false;
        scope["False"] = false;
        scope["none"] = null;
        scope["None"] = null;
        scope["namespace"] = s_namespace;
        scope["range"] = s_range;
        scope["dict"] = s_dict;
        scope["raise_exception"] = s_raiseException;
        scope["strftime_now"] = (TemplateFunction)(arguments =>
            TemplateFormatting.Strftime(clock(), TemplateValues.ToStr(arguments.Get(0, "format"))));
    }

    private static readonly TemplateFunction s_raiseException = arguments =>
        throw new TemplateRaisedException(TemplateValues.ToStr(arguments.Get(0, "message")));

    private static readonly TemplateFunction s_namespace = arguments =>
    {
        var ns = new TemplateNamespace();
        foreach (object? initial in arguments.Positional)
        {
            if (initial is not Dictionary<string, object?> dict)
            {
                throw new TemplateException("namespace() takes a mapping or keyword arguments");
            }
            foreach (var pair in dict)
            {
                ns.Attributes[pair.Key] = pair.Value;
            }
        }
        foreach (var pair in arguments.Named)
        {
            ns.Attributes[pair.Key] = pair.Value;
        }
        return ns;
    };

    private static readonly TemplateFunction s_dict = arguments =>
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in arguments.Named)
        {
            dict[pair.Key] = pair.Value;
        }
        return dict;
    };

    private static readonly TemplateFunction s_range = arguments =>
    {
        object?[] p = arguments.Positional;
        long start = 0, stop, step = 1;
        switch (p.Length)
        {
            case 1:
                stop = TemplateValues.ToLong(p[0]);
                break;
            case 2:
                start = TemplateValues.ToLong(p[0]);
                stop = TemplateValues.ToLong(p[1]);
                break;
            case 3:
                start = TemplateValues.ToLong(p[0]);
                stop = TemplateValues.ToLong(p[1]);
                step = TemplateValues.ToLong(p[2]);
                break;
            default:
                throw new TemplateException($"range expected 1 to 3 arguments, got {p.Length}");
        }
        if (step == 0)
        {
            throw new TemplateException("range() arg 3 must not be zero");
        }
        var result = new List<object?>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            if (result.Count >= 1_000_000)
            {
                throw new TemplateException("range() is limited to 1,000,000 items in templates");
            }
            result.Add(i);
        }
        return result;
    };
}
