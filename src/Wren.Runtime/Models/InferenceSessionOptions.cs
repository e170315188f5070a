using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>Sizes of one <see cref="InferenceSession"/>.</summary>
public sealed record InferenceSessionOptions
{
    /// <summary>KV cache length in tokens; null = the model's max_position_embeddings, capped at 4096.</summary>
    public int? MaxContext { get; init; }

    /// <summary>Tokens per prefill step (longer prompts run in several steps); bounds the activation buffers.</summary>
    public int PrefillChunk { get; init; } = 128;

    /// <summary>Threads to run on when no <see cref="Pool"/> is given; null = one per logical processor.</summary>
    public int? Threads { get; init; }

    /// <summary>A pool to share between sessions (not disposed with the session).</summary>
    public WorkerPool? Pool { get; init; }
}
