namespace Wren.Runtime.Models;

/// <summary>
/// The activations of R rows through one decoder layer, allocated once by a session or batched decoder:
/// x and xn [R, C], q and att [R, H*D], k and v [R, Hkv*D], gate and up [R, F].
/// </summary>
internal readonly unsafe struct DecoderBuffers
{
    public required float* X { get; init; }

    public required float* Xn { get; init; }

    public required float* Q { get; init; }

    public required float* K { get; init; }

    public required float* V { get; init; }

    public required float* Att { get; init; }

    public required float* Gate { get; init; }

    public required float* Up { get; init; }

    /// <summary>Allocates the buffers for <paramref name="rows"/> rows from <paramref name="alloc"/> (a count of floats in, memory out).</summary>
    public static DecoderBuffers Allocate(Formats.HuggingFace.LlamaConfig c, long rows, Func<long, nint> alloc)
    {
        long qWidth = (long)c.NumAttentionHeads * c.HeadDim, kvWidth = (long)c.NumKeyValueHeads * c.HeadDim;
        return new DecoderBuffers
        {
            X = (float*)alloc(rows * c.HiddenSize),
            Xn = (float*)alloc(rows * c.HiddenSize),
            Q = (float*)alloc(rows * qWidth),
            K = (float*)alloc(rows * kvWidth),
            V = (float*)alloc(rows * kvWidth),
            Att = (float*)alloc(rows * qWidth),
            Gate = (float*)alloc(rows * c.IntermediateSize),
            Up = (float*)alloc(rows * c.IntermediateSize),
        };
    }
}
