using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// What differs between running R tokens of one sequence (<see cref="InferenceSession"/>: a prompt chunk, or
/// one decoded token) and the current tokens of R sequences (<see cref="BatchedDecoder"/>): how a group of
/// linear layers over the rows runs, each row's position, and where its keys and values are cached.
/// <see cref="DecoderLayer"/> does everything else, once for both.
/// </summary>
internal unsafe interface IDecoderRows
{
    /// <summary>Starts a group of linear layers reading x [R, K].</summary>
    void BeginLinear(float* x, int k);

    /// <summary>Adds y [R, N] = x Wᵀ to the group.</summary>
    void AddLinear(WeightMatrix w, float* y);

    /// <summary>Runs the group.</summary>
    void RunLinear();

    /// <summary>The rotary tables row <paramref name="row"/>'s position reads (the local base's for Gemma's sliding layers when <paramref name="local"/>).</summary>
    ReadOnlySpan<float> RopeCos(int row, bool local);

    /// <summary>The rotary tables row <paramref name="row"/>'s position reads (the local base's for Gemma's sliding layers when <paramref name="local"/>).</summary>
    ReadOnlySpan<float> RopeSin(int row, bool local);

    /// <summary>
    /// Stores each row's key and value [R, Hkv*D] in its sequence's cache of <paramref name="layer"/> at its position,
    /// then writes output [R, H*D] = causal attention of each row's queries [R, H*D] over its cache.
    /// </summary>
    void Attend(int layer, float* q, float* k, float* v, float* output);
}
