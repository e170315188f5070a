namespace Wren.Data.Tasks;

/// <summary>How a task's examples were built, as recorded in task.json: the builder kind, its sources and its options as given.</summary>
public sealed record TaskBuilderSettings
{
    /// <summary>records, folders or mail-headers.</summary>
    public required string Kind { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The builder's other settings by name (label header, regex, folder map, SQL query...).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
