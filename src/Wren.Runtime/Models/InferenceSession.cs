using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// One conversation with a <see cref="LlamaModel"/>: a preallocated KV cache and activation buffers.
/// <see cref="Prefill(ReadOnlySpan{int})"/> runs prompt tokens through the GEMM path;
/// <see cref="Decode"/> runs one token through the matrix-vector path. Nothing is allocated per token.
/// Not thread-safe: one call at a time.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable, IDecoderRows
{
    private readonly LlamaModel _model;
    private readonly LlamaConfig _config;
    private readonly WorkerPool _pool;
    private readonly bool _ownsPool;
    private readonly RotaryEmbedding _rope;
    private readonly RotaryEmbedding? _localRope;
    private readonly NativeArena _arena = new();
    private readonly int _chunk;
    private readonly DecoderBuffers _b;
    private readonly float* _x, _xn, _logits;
    private readonly float* _keyCache, _valueCache;
    private readonly long _layerCacheFloats;
    private readonly LinearWork _linear;
    private readonly AttentionWork _attention;
    private int _rows;
    private bool _disposed;

    internal InferenceSession(LlamaModel model, InferenceSessionOptions options)
    {
        _model = model;
        _config = model.Config;
        var c = _config;
        MaxContext = options.MaxContext ?? Math.Min(c.MaxPositionEmbeddings, InferenceSessionOptions.DefaultMaxContext);
        if (MaxContext <= 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxContext must be positive");
        _chunk = Math.Clamp(options.PrefillChunk, 1, MaxContext);
        if (options.Pool is { } pool)
        {
            _pool = pool;
        }
        else
        {
            _pool = new WorkerPool(options.Threads ?? Environment.ProcessorCount);
            _ownsPool = true;
        }

        _rope = new RotaryEmbedding(c, MaxContext);
        // Gemma 3's sliding layers rotate with their own base and no scaling.
        if (c.LocalRopeTheta is { } localTheta) _localRope = new RotaryEmbedding(c with { RopeTheta = localTheta, RopeScaling = Formats.HuggingFace.RopeScaling.None }, MaxContext);
        _b = DecoderBuffers.Allocate(c, _chunk, floats => (nint)Alloc(floats));
        _x = _b.X;
        _xn = _b.Xn;
        _logits = Alloc(c.VocabSize);
        _layerCacheFloats = (long)c.NumKeyValueHeads * MaxContext * c.HeadDim;
        _keyCache = Alloc(_layerCacheFloats * c.NumHiddenLayers);
        _valueCache = Alloc(_layerCacheFloats * c.NumHiddenLayers);

        var packs = new nint[_pool.ThreadCount];
        var scores = new nint[_pool.ThreadCount];
        for (int i = 0; i < packs.Length; i++)
        {
            packs[i] = (nint)Alloc(Gemm.PackLength);
            scores[i] = (nint)Alloc(MaxContext);
        }

        _linear = new LinearWork(packs);
        _attention = new AttentionWork(scores, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, MaxContext, c.AttentionScale, (float)(c.AttnLogitSoftcapping ?? 0));
    }

    public LlamaModel Model => _model;

    /// <summary>Tokens in the KV cache (the position of the next token).</summary>
    public int Position { get; private set; }

    /// <summary>Capacity of the KV cache in tokens.</summary>
    public int MaxContext { get; }

    /// <summary>Threads the session runs on.</summary>
    public int Threads => _pool.ThreadCount;

    /// <summary>Bytes of the KV cache.</summary>
    public long KvCacheBytes => 2 * _layerCacheFloats * _config.NumHiddenLayers * sizeof(float);

    // For BatchedDecoder, which runs one decode step of several sessions together over their own caches.
    internal RotaryEmbedding RotaryTable => _rope;

    /// <summary>The rotary tables of sliding layers (Gemma 3's local base), or the global ones.</summary>
    internal RotaryEmbedding LocalRotaryTable => _localRope ?? _rope;

    internal bool IsDisposed => _disposed;

    /// <summary>Keys of one layer, [Hkv, MaxContext, D].</summary>
    internal float* LayerKeys(int layer) => _keyCache + layer * _layerCacheFloats;

    /// <summary>Values of one layer, [Hkv, MaxContext, D].</summary>
    internal float* LayerValues(int layer) => _valueCache + layer * _layerCacheFloats;

    /// <summary>Counts a token that a batched step wrote into this session's cache.</summary>
    internal void Advance() => Position++;

    /// <summary>Forgets the conversation (the KV cache is reused).</summary>
    public void Reset() => Position = 0;

    /// <summary>Drops cached tokens from <paramref name="position"/> on (e.g. to reuse a shared prompt prefix).</summary>
    public void Rewind(int position)
    {
        if ((uint)position > (uint)Position) throw new ArgumentOutOfRangeException(nameof(position), $"position {position} is outside [0, {Position}]");
        Position = position;
    }

    /// <summary>Appends tokens and returns the logits [V] of the last one (valid until the next call).</summary>
    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty) throw new ArgumentException("no tokens to prefill", nameof(tokens));
        Forward(tokens, default, allLogits: false);
        return new ReadOnlySpan<float>(_logits, _config.VocabSize);
    }

    /// <summary>Appends tokens and writes the logits of every one of them. Shapes: tokens [T], logits [T, V].</summary>
    public void Prefill(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        if (logits.Length < (long)tokens.Length * _config.VocabSize) throw new ArgumentException($"logits needs [{tokens.Length}, {_config.VocabSize}]", nameof(logits));
        Forward(tokens, logits, allLogits: true);
    }

    /// <summary>Appends one token and returns its logits [V] (valid until the next call).</summary>
    public ReadOnlySpan<float> Decode(int token)
    {
        Forward([token], default, allLogits: false);
        return new ReadOnlySpan<float>(_logits, _config.VocabSize);
    }

    private void Forward(ReadOnlySpan<int> tokens, Span<float> logits, bool allLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Position + tokens.Length > MaxContext)
            throw new WrenException($"the context is full: {Position} tokens cached + {tokens.Length} new exceed the session's {MaxContext}");
        int v = _config.VocabSize;
        foreach (int id in tokens)
        {
            if ((uint)id >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), $"token id {id} is outside the vocabulary [0, {v})");
        }

        for (int done = 0; done < tokens.Length; done += _chunk)
        {
            int t = Math.Min(_chunk, tokens.Length - done);
            bool last = done + t == tokens.Length;
            ForwardChunk(tokens.Slice(done, t));
            if (allLogits)
            {
                fixed (float* dst = logits.Slice(done * v, t * v))
                {
                    FinalNormAll(t);
                    RunLinear(_xn, t, _model.Weights.LmHead, dst);
                    DecoderLayer.FinishLogits(_config, _model.Weights, dst, t);
                }
            }
            else if (last)
            {
                DecoderLayer.FinalNorm(_config, _model.Weights, _x + (long)(t - 1) * _config.HiddenSize, _xn, 1);
                RunLinear(_xn, 1, _model.Weights.LmHead, _logits);
                DecoderLayer.FinishLogits(_config, _model.Weights, _logits, 1);
            }

            Position += t;
        }
    }

    private void FinalNormAll(int t) => DecoderLayer.FinalNorm(_config, _model.Weights, _x, _xn, t);

    /// <summary>Runs T tokens at positions [Position, Position + T) through every layer, leaving the residual stream in _x.</summary>
    private void ForwardChunk(ReadOnlySpan<int> tokens)
    {
        var weights = _model.Weights;
        _rows = tokens.Length;
        DecoderLayer.Embed(_config, weights, tokens, _x);
        for (int layer = 0; layer < weights.Layers.Count; layer++) DecoderLayer.Forward(_config, weights.Layers[layer], layer, _rows, _b, this);
    }

    // IDecoderRows: the rows are T consecutive tokens of this sequence, at positions [Position, Position + T).
    void IDecoderRows.BeginLinear(float* x, int k) => _linear.Begin(x, _rows);

    void IDecoderRows.AddLinear(WeightMatrix w, float* y) => _linear.Add(w, y);

    void IDecoderRows.RunLinear() => _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));

    ReadOnlySpan<float> IDecoderRows.RopeCos(int row, bool local) => (local ? LocalRotaryTable : _rope).Cos(Position + row);

    ReadOnlySpan<float> IDecoderRows.RopeSin(int row, bool local) => (local ? LocalRotaryTable : _rope).Sin(Position + row);

    void IDecoderRows.Attend(int layer, float* q, float* k, float* v, float* output)
    {
        int t = _rows, d = _config.HeadDim, hkv = _config.NumKeyValueHeads, kvWidth = hkv * d, p0 = Position;
        float* keyCache = LayerKeys(layer), valueCache = LayerValues(layer);
        for (int i = 0; i < t; i++)
        {
            for (int g = 0; g < hkv; g++)
            {
                long at = ((long)g * MaxContext + p0 + i) * d;
                new ReadOnlySpan<float>(k + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(keyCache + at, d));
                new ReadOnlySpan<float>(v + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(valueCache + at, d));
            }
        }

        int h = _config.NumAttentionHeads;
        _attention.Set(q, output, keyCache, valueCache, p0, _config.WindowOf(layer));
        _pool.Run(_attention, t * h, Math.Max(1, t * h / (_pool.ThreadCount * 4)));
    }

    private void RunLinear(float* x, int t, WeightMatrix w, float* y)
    {
        _linear.Begin(x, t);
        _linear.Add(w, y);
        _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));
    }

    private float* Alloc(long floats) => _arena.Floats(floats);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _arena.Dispose();
        if (_ownsPool) _pool.Dispose();
    }
}
