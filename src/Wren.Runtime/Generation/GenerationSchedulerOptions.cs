namespace Wren.Runtime.Generation;

/// <summary>How many sequences run together and how many may wait.</summary>
public sealed record GenerationSchedulerOptions
{
    /// <summary>Sequences decoded together (each with its own KV cache).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Sequences that may wait for a slot; more are refused.</summary>
    public int MaxQueue { get; init; } = 64;

    /// <summary>Kernel threads; null = all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Context per sequence, prompt and reply; null = <see cref="WrenModel.MaxContext"/> (the model's, at most
    /// <see cref="Models.InferenceSessionOptions.DefaultMaxContext"/>). Past the positions the model was trained on it still
    /// runs (rotary positions extend), but what it writes there is untested.</summary>
    public int? MaxContext { get; init; }
}
