namespace Wren.Data.Curation.Slurm;

/// <summary>How <see cref="SlurmExecutor"/> submits a curation run's stages.</summary>
public sealed record SlurmOptions
{
    /// <summary>
    /// The command that runs Wren on a node, before its arguments: the <c>wren</c> executable, or
    /// <c>dotnet</c> and the path of <c>wren.dll</c>. The path must be valid on the nodes (a shared folder).
    /// </summary>
    public required IReadOnlyList<string> WorkerCommand { get; init; }

    /// <summary>The partition (<c>sbatch --partition</c>); null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>At most this many tasks of a stage run at once (<c>--array=...%N</c>); null for no limit.</summary>
    public int? MaxRunning { get; init; }

    /// <summary>Further <c>sbatch</c> arguments for every job, e.g. <c>--time=01:00:00</c> or <c>--mem=8G</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Where jobs start (relative recipe paths, such as eval sets, resolve from here); default: the current folder.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>How often the queue is polled while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
