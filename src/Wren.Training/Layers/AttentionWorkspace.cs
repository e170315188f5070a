using Wren.Runtime.Kernels;

namespace Wren.Training.Layers;

/// <summary>
/// One worker's scratch for <see cref="AttentionLayer"/>'s blocked products: GEMM packing buffers and a [T, T]
/// matrix for the score gradients. Allocated once per model and worker (pinned), so attention allocates nothing.
/// </summary>
public sealed class AttentionWorkspace
{
    public AttentionWorkspace(int time, int headDim)
    {
        int widest = Math.Max(time, headDim);
        PackA = TensorSlice.Allocate(Sgemm.PackedALength);
        PackB = TensorSlice.Allocate(checked((int)Sgemm.PackedBLength(widest, widest)));
        Scores = TensorSlice.Allocate(time * time);
    }

    public TensorSlice PackA { get; }

    public TensorSlice PackB { get; }

    /// <summary>[T, T]: dP, then dS, of one head.</summary>
    public TensorSlice Scores { get; }
}
