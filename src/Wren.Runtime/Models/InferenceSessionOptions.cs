using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>Sizes of one <see cref="InferenceSession"/>.</summary>
public sealed record InferenceSessionOptions
{
    /// <summary>
    /// The KV cache length when none is given: the cache is allocated whole, so a model trained on 128k positions would
    /// otherwise take gigabytes per session before the first token. A longer context is asked for with <see cref="MaxContext"/>.
    /// </summary>
    public const int DefaultMaxContext = 4096;

    /// <summary>KV cache length in tokens; null = the model's max_position_embeddings, capped at <see cref="DefaultMaxContext"/>.</summary>
    public int? MaxContext { get; init; }

    /// <summary>Tokens per prefill step (longer prompts run in several steps); bounds the activation buffers.</summary>
    public int PrefillChunk { get; init; } = 128;

    /// <summary>Threads to run on when no <see cref="Pool"/> is given; null = one per logical processor.</summary>
    public int? Threads { get; init; }

    /// <summary>A pool to share between sessions (not disposed with the session).</summary>
    public WorkerPool? Pool { get; init; }
}
