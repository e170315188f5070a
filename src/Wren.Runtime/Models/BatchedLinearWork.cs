using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// Y [B, N] = X [B, K] W^T for the B current tokens of B sequences in one parallel job, with up to four
/// layers that read the same input (q/k/v, or gate/up) in one group, as <see cref="LinearWork"/> does for
/// one sequence. Items are weight rows. Each worker walks its rows in blocks small enough to stay in L1/L2
/// and runs every sequence over a block before moving on, so each weight is fetched from memory once per
/// step, not once per sequence: on a CPU, decode is bound by weight traffic, and this is where batching pays.
/// </summary>
/// <remarks>
/// Each (row, sequence) product is the single-sequence decode kernel itself (<see cref="MatVec"/>, or
/// <see cref="QuantizedMatVec"/> on the sequence's own Q8_0 or Q8_K activation), so a batched step computes
/// bit for bit what B separate decode steps compute. The prefill GEMM would sum in another order (and
/// dequantize block formats instead of quantizing the activation), which changes logits in the last bits.
/// </remarks>
internal sealed unsafe class BatchedLinearWork : IParallelWork
{
    private const int MaxSegments = 4;

    // A block of rows this size is read from memory once and then from L2 by the other sequences (larger
    // blocks also spread the per-call set-up of the matrix-vector kernel over more rows).
    private const int BlockBytes = 64 * 1024;

    private readonly WeightMatrix[] _weights = new WeightMatrix[MaxSegments];
    private readonly nint[] _outputs = new nint[MaxSegments];
    private readonly int[] _itemStart = new int[MaxSegments + 1];
    private readonly int[] _blockRows = new int[MaxSegments];
    private int _segments;
    private float* _x;
    private int _b;
    private int _k;

    // Copies of the B activations [B, ActivationBytes(dtype, K)] by kind (ActivationKind): Q8_0 for Q8_0/Q4_0/Q5_0 weights,
    // Q8_K for K-quants, Q8_1 for Q4_1/Q5_1, each made once per group when a weight needs it (a group may mix them: Q4_K_M
    // puts Q6_K beside Q4_K, or Q5_0 where rows are narrow).
    private readonly byte[][] _xq = [[], [], []];
    private readonly bool[] _xqReady = new bool[3];

    /// <summary>Rows in all.</summary>
    public int ItemCount => _itemStart[_segments];

    /// <summary>Starts a group for input x [B, K] (row stride K).</summary>
    public void Begin(float* x, int b, int k)
    {
        _x = x;
        _b = b;
        _k = k;
        _segments = 0;
        _itemStart[0] = 0;
        Array.Clear(_xqReady);
    }

    /// <summary>Adds y [B, N] = x W^T (row stride N).</summary>
    public void Add(WeightMatrix w, float* y)
    {
        if (w.Cols != _k) throw new ArgumentException($"W has {w.Cols} columns, the group's input has {_k}", nameof(w));
        if (QuantizedMatVec.UsesQuantizedActivation(w.DType))
        {
            int kind = ActivationKind(w.DType);
            ref byte[] buffer = ref _xq[kind];
            ref bool ready = ref _xqReady[kind];
            if (!ready)
            {
                // Grown on first need only; each sequence's row quantized as the single-sequence path quantizes it.
                int stride = QuantizedMatVec.ActivationBytes(w.DType, _k);
                if (buffer.Length < stride * _b) buffer = GC.AllocateUninitializedArray<byte>(stride * _b);
                for (int i = 0; i < _b; i++)
                    QuantizedMatVec.QuantizeActivation(w.DType, new ReadOnlySpan<float>(_x + (long)i * _k, _k), buffer.AsSpan(i * stride, stride));
                ready = true;
            }
        }

        _weights[_segments] = w;
        _outputs[_segments] = (nint)y;
        _blockRows[_segments] = Math.Max(4, (int)Math.Min(1024, BlockBytes / Math.Max(1, w.RowBytes))) & ~3;
        _itemStart[_segments + 1] = _itemStart[_segments] + w.Rows;
        _segments++;
    }

    private static int ActivationKind(WeightDType dtype) =>
        QuantizedMatVec.UsesQ8_KActivation(dtype) ? 1 : QuantizedMatVec.UsesQ8_1Activation(dtype) ? 2 : 0;

    /// <summary>Chunk size that gives each thread a few chunks (for balance) of whole 4-row groups.</summary>
    public int ChunkFor(int threads)
    {
        int chunk = Math.Max(16, ItemCount / (threads * 4));
        return (chunk + 3) & ~3;
    }

    public void Execute(int start, int end, int worker)
    {
        for (int s = 0; s < _segments; s++)
        {
            int lo = Math.Max(start, _itemStart[s]), hi = Math.Min(end, _itemStart[s + 1]);
            if (lo >= hi) continue;
            var w = _weights[s];
            int r0 = lo - _itemStart[s], r1 = hi - _itemStart[s], n = w.Rows;
            float* output = (float*)_outputs[s];
            bool quantized = w.IsQuantized, activation = QuantizedMatVec.UsesQuantizedActivation(w.DType);
            byte[] xq = _xq[ActivationKind(w.DType)];
            int stride = activation ? QuantizedMatVec.ActivationBytes(w.DType, _k) : 0;
            for (int block = r0; block < r1; block += _blockRows[s])
            {
                int blockEnd = Math.Min(r1, block + _blockRows[s]);
                for (int i = 0; i < _b; i++)
                {
                    var x = new ReadOnlySpan<float>(_x + (long)i * _k, _k);
                    var y = new Span<float>(output + (long)i * n, n);
                    if (!quantized)
                        MatVec.Multiply(w, x, y, block, blockEnd);
                    else
                        QuantizedMatVec.Multiply(w, x, activation ? xq.AsSpan(i * stride, stride) : ReadOnlySpan<byte>.Empty, y, block, blockEnd);
                }
            }
        }
    }
}
