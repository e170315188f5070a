using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// One decode step for several sequences at once (continuous batching): B sessions of one model, each with
/// its own KV cache and position, each advanced by one token. Their hidden states form a [B, C] matrix,
/// so every linear layer is one product over the B sequences that reads each weight from memory once per
/// step instead of B times; attention runs per sequence over its own cache. The set of sessions may change
/// from one step to the next (sequences join after their prefill and leave when they finish).
/// </summary>
/// <remarks>
/// The logits of each sequence are bit for bit those of <see cref="InferenceSession.Decode"/> on that
/// session alone (the same kernels per row and per head), so batching never changes what a request
/// generates. Nothing is allocated per step. Not thread-safe: one step at a time.
/// </remarks>
public sealed unsafe class BatchedDecoder : IDisposable, IDecoderRows
{
    private readonly LlamaModel _model;
    private readonly LlamaConfig _config;
    private readonly WorkerPool _pool;
    private readonly bool _ownsPool;
    private readonly NativeArena _arena = new();
    private readonly DecoderBuffers _b;
    private readonly float* _logits;
    private readonly BatchedLinearWork _linear = new();
    private readonly BatchedAttentionWork _attention;
    private NativeBuffer[] _scoreBuffers = [];
    private readonly InferenceSession[] _sessions;
    private int _scoreLength;
    private bool _disposed;

    /// <param name="model">The model every session of a step belongs to.</param>
    /// <param name="maxBatch">Most sequences per step (B); bounds the activation buffers.</param>
    /// <param name="pool">Threads to run on (shared with the sessions, one call at a time); null = a pool of its own over all cores.</param>
    public BatchedDecoder(LlamaModel model, int maxBatch, WorkerPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _model = model;
        _config = model.Config;
        MaxBatch = maxBatch;
        if (pool is null)
        {
            _pool = WorkerPool.ForAllCores();
            _ownsPool = true;
        }
        else
        {
            _pool = pool;
        }

        var c = _config;
        _sessions = new InferenceSession[maxBatch];
        _b = DecoderBuffers.Allocate(c, maxBatch, floats => (nint)Alloc(floats));
        _logits = Alloc((long)maxBatch * c.VocabSize);
        _attention = new BatchedAttentionWork(maxBatch, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, c.AttentionScale, (float)(c.AttnLogitSoftcapping ?? 0));
    }

    /// <summary>Most sequences per step.</summary>
    public int MaxBatch { get; }

    /// <summary>Sequences in the last step.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Appends <paramref name="tokens"/>[i] to <paramref name="sessions"/>[i] for every i (each session's
    /// position advances by one); afterwards <see cref="Logits"/>(i) holds the next-token logits of sequence i.
    /// </summary>
    /// <exception cref="WrenException">A session's context is full.</exception>
    public void Decode(ReadOnlySpan<InferenceSession> sessions, ReadOnlySpan<int> tokens)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int b = sessions.Length;
        if (b != tokens.Length) throw new ArgumentException($"{b} sessions but {tokens.Length} tokens", nameof(tokens));
        if (b == 0) throw new ArgumentException("no sessions to decode", nameof(sessions));
        if (b > MaxBatch) throw new ArgumentException($"{b} sessions exceed the decoder's batch of {MaxBatch}", nameof(sessions));
        int maxContext = 0;
        for (int i = 0; i < b; i++)
        {
            var s = sessions[i] ?? throw new ArgumentNullException(nameof(sessions), $"session {i} is null");
            ObjectDisposedException.ThrowIf(s.IsDisposed, s);
            if (!ReferenceEquals(s.Model, _model)) throw new ArgumentException($"session {i} belongs to another model", nameof(sessions));
            if ((uint)tokens[i] >= (uint)_config.VocabSize) throw new ArgumentOutOfRangeException(nameof(tokens), $"token id {tokens[i]} of sequence {i} is outside the vocabulary [0, {_config.VocabSize})");
            if (s.Position + 1 > s.MaxContext) throw new WrenException($"the context of sequence {i} is full: {s.Position} tokens cached, the session holds {s.MaxContext}");
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(sessions[j], s)) throw new ArgumentException($"sequences {j} and {i} are the same session", nameof(sessions));
            }

            maxContext = Math.Max(maxContext, s.MaxContext);
        }

        EnsureScores(maxContext);
        Count = b;
        Forward(sessions, tokens);
        for (int i = 0; i < b; i++) sessions[i].Advance();
    }

    /// <summary>Logits [V] of sequence <paramref name="index"/> of the last step (valid until the next step).</summary>
    public ReadOnlySpan<float> Logits(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"sequence {index} is outside the last step's {Count}");
        return new ReadOnlySpan<float>(_logits + (long)index * _config.VocabSize, _config.VocabSize);
    }

    private void Forward(ReadOnlySpan<InferenceSession> sessions, ReadOnlySpan<int> tokens)
    {
        var weights = _model.Weights;
        sessions.CopyTo(_sessions);
        try
        {
            // x [B, C]: row i is sequence i's current token.
            DecoderLayer.Embed(_config, weights, tokens, _b.X);
            for (int layer = 0; layer < weights.Layers.Count; layer++) DecoderLayer.Forward(_config, weights.Layers[layer], layer, sessions.Length, _b, this);
            DecoderLayer.FinalNorm(_config, weights, _b.X, _b.Xn, sessions.Length);
            DecoderLayer.Linear(this, _b.Xn, _config.HiddenSize, weights.LmHead, _logits);
            DecoderLayer.FinishLogits(_config, weights, _logits, sessions.Length);
        }
        finally
        {
            Array.Clear(_sessions);
        }
    }

    // IDecoderRows: row i (of Count) is the current token of _sessions[i], at that session's position, cached in its own KV cache.
    void IDecoderRows.BeginLinear(float* x, int k) => _linear.Begin(x, Count, k);

    void IDecoderRows.AddLinear(WeightMatrix w, float* y) => _linear.Add(w, y);

    void IDecoderRows.RunLinear() => _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));

    ReadOnlySpan<float> IDecoderRows.RopeCos(int row, bool local) => (local ? _sessions[row].LocalRotaryTable : _sessions[row].RotaryTable).Cos(_sessions[row].Position);

    ReadOnlySpan<float> IDecoderRows.RopeSin(int row, bool local) => (local ? _sessions[row].LocalRotaryTable : _sessions[row].RotaryTable).Sin(_sessions[row].Position);

    void IDecoderRows.Attend(int layer, float* q, float* k, float* v, float* output)
    {
        int b = Count, d = _config.HeadDim, h = _config.NumAttentionHeads, hkv = _config.NumKeyValueHeads, kvWidth = hkv * d;
        for (int i = 0; i < b; i++)
        {
            var session = _sessions[i];
            int pos = session.Position, maxT = session.MaxContext;
            float* keys = session.LayerKeys(layer), values = session.LayerValues(layer);
            for (int g = 0; g < hkv; g++)
            {
                long at = ((long)g * maxT + pos) * d;
                new ReadOnlySpan<float>(k + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(keys + at, d));
                new ReadOnlySpan<float>(v + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(values + at, d));
            }

            _attention.SetSequence(i, keys, values, pos, maxT);
        }

        _attention.Set(q, output, _config.WindowOf(layer));
        _pool.Run(_attention, b * h, Math.Max(1, b * h / (_pool.ThreadCount * 4)));
    }

    /// <summary>Attention score scratch per worker, grown (rarely, never per token) to the longest context seen.</summary>
    private void EnsureScores(int length)
    {
        if (length <= _scoreLength) return;
        foreach (var buffer in _scoreBuffers) buffer.Dispose();
        _scoreBuffers = new NativeBuffer[_pool.ThreadCount];
        var pointers = new nint[_pool.ThreadCount];
        for (int i = 0; i < pointers.Length; i++)
        {
            _scoreBuffers[i] = NativeBuffer.ForSingles(length);
            pointers[i] = _scoreBuffers[i].Pointer;
        }

        _scoreLength = length;
        _attention.SetScores(pointers, length);
    }

    private float* Alloc(long floats) => _arena.Floats(floats);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _arena.Dispose();
        foreach (var b in _scoreBuffers) b.Dispose();
        if (_ownsPool) _pool.Dispose();
    }
}
