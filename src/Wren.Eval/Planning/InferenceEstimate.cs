namespace Wren.Eval.Planning;

/// <summary>
/// Memory to serve the model in one weight format with one sequence of <see cref="ContextLength"/>
/// tokens, and the decode speed that memory bandwidth allows. Single-stream decode reads every
/// weight and the whole KV cache once per token, so tokens/s is at most bandwidth / bytes read; real
/// runtimes reach roughly 50-80% of that bound.
/// </summary>
public sealed record InferenceEstimate
{
    public required WeightFormat Format { get; init; }

    /// <summary>N x bits per weight / 8.</summary>
    public required double WeightBytes { get; init; }

    /// <summary>F16 keys and values: 2 (K and V) · L · context · C·Hkv/H · 2 bytes (llama.cpp's default cache type).</summary>
    public required double KeyValueCacheBytes { get; init; }

    public required int ContextLength { get; init; }

    /// <summary>Does it fit in one GPU of the planned kind?</summary>
    public required bool FitsOnGpu { get; init; }

    /// <summary>Upper bound on decode tokens/s on one GPU of the planned kind, with a full context.</summary>
    public required double GpuDecodeTokensPerSecond { get; init; }

    /// <summary>The same bound on this machine's CPU, when it was measured.</summary>
    public double? CpuDecodeTokensPerSecond { get; init; }

    public double TotalBytes => WeightBytes + KeyValueCacheBytes;
}
