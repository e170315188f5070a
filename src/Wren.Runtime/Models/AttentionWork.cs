using Wren.Runtime.Kernels;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// Causal attention for T new tokens at positions [p0, p0 + T) over a layer's KV cache; items are
/// (token, query head) pairs. Cache layout per layer: [Hkv, maxT, D], so a head's keys are contiguous.
/// </summary>
internal sealed unsafe class AttentionWork(nint[] scores, int heads, int kvHeads, int headDim, int maxContext, float scale, float softCap) : IParallelWork
{
    private int? _slidingWindow;
    private float* _q;
    private float* _output;
    private float* _keys;
    private float* _values;
    private int _p0;

    /// <summary>q [T, H*D], output [T, H*D], keys/values [Hkv, maxT, D] of one layer, and that layer's window (null = full attention).</summary>
    public void Set(float* q, float* output, float* keys, float* values, int p0, int? slidingWindow)
    {
        _slidingWindow = slidingWindow;
        _q = q;
        _output = output;
        _keys = keys;
        _values = values;
        _p0 = p0;
    }

    public void Execute(int start, int end, int worker)
    {
        int group = heads / kvHeads;
        int width = heads * headDim;
        var scoreSpan = new Span<float>((void*)scores[worker], maxContext);
        for (int item = start; item < end; item++)
        {
            int t = item / heads, h = item % heads, kv = h / group;
            int positions = _p0 + t + 1;
            int first = _slidingWindow is { } w && positions > w ? positions - w : 0;
            int count = positions - first;
            float* k = _keys + ((long)kv * maxContext + first) * headDim;
            float* v = _values + ((long)kv * maxContext + first) * headDim;
            var query = new ReadOnlySpan<float>(_q + (long)t * width + h * headDim, headDim);
            var output = new Span<float>(_output + (long)t * width + h * headDim, headDim);
            if (softCap > 0) SoftCappedAttention.Attend(query, new ReadOnlySpan<float>(k, count * headDim), new ReadOnlySpan<float>(v, count * headDim), count, scale, softCap, scoreSpan, output);
            else Attention.Attend(query, new ReadOnlySpan<float>(k, count * headDim), new ReadOnlySpan<float>(v, count * headDim), count, scale, scoreSpan, output);
        }
    }
}
