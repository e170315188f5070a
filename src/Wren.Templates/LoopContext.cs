namespace Wren.Templates;

/// <summary>The <c>loop</c> variable inside a <c>for</c> block: position, length and neighbours.</summary>
internal sealed class LoopContext
{
    private readonly List<object?> _items;

    public LoopContext(List<object?> items, int depth)
    {
        _items = items;
        Depth = depth;
    }

    public int Index0 { get; set; }

    public int Depth { get; }

    public int Length => _items.Count;

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)(Index0 + 1),
        "index0" => (long)Index0,
        "revindex" => (long)(Length - Index0),
        "revindex0" => (long)(Length - Index0 - 1),
        "first" => TemplateValues.Box(Index0 == 0),
        "last" => TemplateValues.Box(Index0 == Length - 1),
        "length" => (long)Length,
        "depth" => (long)Depth,
        "depth0" => (long)(Depth - 1),
        "previtem" => Index0 > 0 ? _items[Index0 - 1] : new Undefined("there is no previous item"),
        "nextitem" => Index0 + 1 < Length ? _items[Index0 + 1] : new Undefined("there is no next item"),
        _ => new Undefined($"'loop' has no attribute '{name}'"),
    };

    /// <summary><c>loop.cycle(a, b, ...)</c>: the argument at this iteration's position, round robin.</summary>
    public object? Cycle(TemplateArguments arguments)
    {
        if (arguments.Positional.Length == 0)
        {
            throw new TemplateException("loop.cycle() needs at least one argument");
        }
        return arguments.Positional[Index0 % arguments.Positional.Length];
    }
}
