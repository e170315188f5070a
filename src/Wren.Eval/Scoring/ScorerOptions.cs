namespace Wren.Eval.Scoring;

/// <summary>How a <see cref="ModelScorer"/> runs the model.</summary>
public sealed record ScorerOptions
{
    /// <summary>
    /// Sessions that score requests in parallel (one question each); null picks one per core for small models
    /// (hidden size under 1024, where one question cannot keep several threads busy) and one otherwise.
    /// </summary>
    public int? Workers { get; init; }

    /// <summary>Threads per session; null divides the cores among the workers.</summary>
    public int? ThreadsPerWorker { get; init; }

    /// <summary>Longest token sequence the model sees (the harness's <c>max_length</c>); null = the model's context, capped at 2048.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Put the BOS token before every request (the harness's <c>add_bos_token</c>; off by default as in HFLM).</summary>
    public bool AddBos { get; init; }
}
