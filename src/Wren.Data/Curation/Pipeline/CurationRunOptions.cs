using Wren.Data.Curation.Recipe;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>What <see cref="CurationPipeline.Run"/> needs.</summary>
public sealed record CurationRunOptions
{
    /// <summary>Input shard files (JSONL, plain or .zst/.gz), one task each; see <see cref="CurationInputs"/>.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public required string OutputDirectory { get; init; }

    public CurationRecipe Recipe { get; init; } = new();

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Continue an interrupted run in the same folder: tasks with completion markers are skipped.</summary>
    public bool Resume { get; init; }

    /// <summary>Write report.html beside stats.json.</summary>
    public bool WriteReport { get; init; } = true;

    /// <summary>Where the tasks run: null runs them here on <see cref="Threads"/> threads (<see cref="LocalExecutor"/>).</summary>
    public ICurationExecutor? Executor { get; init; }

    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;
}
