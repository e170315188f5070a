using Wren.Runtime.Kernels;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// Attention of B sequences' current tokens, each over its own session's KV cache of one layer; items are
/// (sequence, query head) pairs. Each item is what <see cref="AttentionWork"/> computes for one token.
/// </summary>
internal sealed unsafe class BatchedAttentionWork(int maxBatch, int heads, int kvHeads, int headDim, float scale, float softCap) : IParallelWork
{
    private int? _slidingWindow;
    private readonly nint[] _keys = new nint[maxBatch];
    private readonly nint[] _values = new nint[maxBatch];
    private readonly int[] _positions = new int[maxBatch];
    private readonly int[] _maxContext = new int[maxBatch];
    private nint[] _scores = [];
    private int _scoreLength;
    private float* _q;
    private float* _output;

    /// <summary>Per worker, a float buffer of at least the longest session's context.</summary>
    public void SetScores(nint[] scores, int length)
    {
        _scores = scores;
        _scoreLength = length;
    }

    /// <summary>q [B, H*D] and output [B, H*D] for this layer, and its window (null = full attention).</summary>
    public void Set(float* q, float* output, int? slidingWindow)
    {
        _slidingWindow = slidingWindow;
        _q = q;
        _output = output;
    }

    /// <summary>Sequence i: its layer's keys/values [Hkv, maxContext, D] and the position of its current token.</summary>
    public void SetSequence(int i, float* keys, float* values, int position, int maxContext)
    {
        _keys[i] = (nint)keys;
        _values[i] = (nint)values;
        _positions[i] = position;
        _maxContext[i] = maxContext;
    }

    public void Execute(int start, int end, int worker)
    {
        int group = heads / kvHeads;
        int width = heads * headDim;
        var scoreSpan = new Span<float>((void*)_scores[worker], _scoreLength);
        for (int item = start; item < end; item++)
        {
            int s = item / heads, h = item % heads, kv = h / group;
            int positions = _positions[s] + 1;
            int first = _slidingWindow is { } w && positions > w ? positions - w : 0;
            int count = positions - first;
            long offset = ((long)kv * _maxContext[s] + first) * headDim;
            var query = new ReadOnlySpan<float>(_q + (long)s * width + h * headDim, headDim);
            var keys = new ReadOnlySpan<float>((float*)_keys[s] + offset, count * headDim);
            var values = new ReadOnlySpan<float>((float*)_values[s] + offset, count * headDim);
            var output = new Span<float>(_output + (long)s * width + h * headDim, headDim);
            if (softCap > 0) SoftCappedAttention.Attend(query, keys, values, count, scale, softCap, scoreSpan[.._maxContext[s]], output);
            else Attention.Attend(query, keys, values, count, scale, scoreSpan[.._maxContext[s]], output);
        }
    }
}
