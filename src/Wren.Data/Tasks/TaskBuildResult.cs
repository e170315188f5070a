using Wren.Data.Sources;

namespace Wren.Data.Tasks;

/// <summary>What <see cref="TaskBuilder"/> wrote and left out.</summary>
public sealed record TaskBuildResult
{
    public required TaskDefinition Definition { get; init; }

    public required string Folder { get; init; }

    /// <summary>Inputs that could not be read.</summary>
    public required IReadOnlyList<IngestError> Errors { get; init; }

    /// <summary>Labels that were dropped or merged as rare, with their example counts.</summary>
    public required IReadOnlyDictionary<string, int> RareLabels { get; init; }

    /// <summary>Identical inputs that had different labels (all but the first copy dropped).</summary>
    public required int ConflictingDuplicates { get; init; }

    public int Count(string split) => Definition.Counts.TryGetValue(split, out var counts) ? counts.Values.Sum() : 0;
}
