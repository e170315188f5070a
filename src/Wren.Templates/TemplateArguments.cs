namespace Wren.Templates;

/// <summary>Positional and keyword arguments of a call, filter or test, already evaluated.</summary>
internal sealed class TemplateArguments
{
    public static readonly TemplateArguments Empty = new([], []);

    public TemplateArguments(object?[] positional, KeyValuePair<string, object?>[] named)
    {
        Positional = positional;
        Named = named;
    }

    public object?[] Positional { get; }

    public KeyValuePair<string, object?>[] Named { get; }

    public int Count => Positional.Length + Named.Length;

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback = null)
    {
        if (index >= 0 && index < Positional.Length)
        {
            return Positional[index];
        }
        foreach (var pair in Named)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }
        return fallback;
    }

    public bool Has(int index, string name)
    {
        if (index >= 0 && index < Positional.Length)
        {
            return true;
        }
        foreach (var pair in Named)
        {
            if (pair.Key == name)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The positional arguments from <paramref name="start"/> on, as a new argument list with the same keywords.</summary>
    public TemplateArguments Skip(int start) =>
        start >= Positional.Length && Named.Length == 0
            ? Empty
            : new TemplateArguments(Positional.Length > start ? Positional[start..] : [], Named);
}
