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
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly LlamaModel _model;
    private readonly LlamaConfig _config;
    private readonly WorkerPool _pool;
    private readonly bool _ownsPool;
    private readonly RotaryEmbedding _rope;
    private readonly NativeArena _arena = new();
    private readonly int _chunk;
    private readonly float* _x, _xn, _q, _k, _v, _att, _gate, _up, _logits;
    private readonly float* _keyCache, _valueCache;
    private readonly long _layerCacheFloats;
    private readonly LinearWork _linear;
    private readonly AttentionWork _attention;
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
        int qWidth = c.NumAttentionHeads * c.HeadDim, kvWidth = c.NumKeyValueHeads * c.HeadDim;
        _x = Alloc((long)_chunk * c.HiddenSize);
        _xn = Alloc((long)_chunk * c.HiddenSize);
        _q = Alloc((long)_chunk * qWidth);
        _k = Alloc((long)_chunk * kvWidth);
        _v = Alloc((long)_chunk * kvWidth);
        _att = Alloc((long)_chunk * qWidth);
        _gate = Alloc((long)_chunk * c.IntermediateSize);
        _up = Alloc((long)_chunk * c.IntermediateSize);
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
        _attention = new AttentionWork(scores, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, MaxContext, c.SlidingWindow);
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
                }
            }
            else if (last)
            {
                var c = _config.HiddenSize;
                var xLast = new Span<float>(_x + (long)(t - 1) * c, c);
                RmsNorm.Apply(xLast, _model.Weights.FinalNorm, (float)_config.RmsNormEps, new Span<float>(_xn, c));
                RunLinear(_xn, 1, _model.Weights.LmHead, _logits);
            }

            Position += t;
        }
    }

    private void FinalNormAll(int t)
    {
        int c = _config.HiddenSize;
        for (int i = 0; i < t; i++)
            RmsNorm.Apply(new Span<float>(_x + (long)i * c, c), _model.Weights.FinalNorm, (float)_config.RmsNormEps, new Span<float>(_xn + (long)i * c, c));
    }

    /// <summary>Runs T tokens at positions [Position, Position + T) through every layer, leaving the residual stream in _x.</summary>
    private void ForwardChunk(ReadOnlySpan<int> tokens)
    {
        var cfg = _config;
        int t = tokens.Length, c = cfg.HiddenSize, d = cfg.HeadDim, h = cfg.NumAttentionHeads, hkv = cfg.NumKeyValueHeads, ff = cfg.IntermediateSize;
        int qWidth = h * d, kvWidth = hkv * d;
        float eps = (float)cfg.RmsNormEps;
        var weights = _model.Weights;
        int p0 = Position;

        for (int i = 0; i < t; i++) weights.Embedding.ReadRow(tokens[i], new Span<float>(_x + (long)i * c, c));

        for (int layer = 0; layer < weights.Layers.Count; layer++)
        {
            var lw = weights.Layers[layer];
            for (int i = 0; i < t; i++)
                RmsNorm.Apply(new Span<float>(_x + (long)i * c, c), lw.InputNorm, eps, new Span<float>(_xn + (long)i * c, c));

            _linear.Begin(_xn, t);
            _linear.Add(lw.Query.Weight, _q);
            _linear.Add(lw.Key.Weight, _k);
            _linear.Add(lw.Value.Weight, _v);
            _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));
            AddBias(lw.Query.Bias, _q, t, qWidth);
            AddBias(lw.Key.Bias, _k, t, kvWidth);
            AddBias(lw.Value.Bias, _v, t, kvWidth);

            float* keyCache = _keyCache + layer * _layerCacheFloats;
            float* valueCache = _valueCache + layer * _layerCacheFloats;
            for (int i = 0; i < t; i++)
            {
                int pos = p0 + i;
                var cos = _rope.Cos(pos);
                var sin = _rope.Sin(pos);
                Rope.Apply(new Span<float>(_q + (long)i * qWidth, qWidth), h, d, cos, sin);
                Rope.Apply(new Span<float>(_k + (long)i * kvWidth, kvWidth), hkv, d, cos, sin);
                for (int g = 0; g < hkv; g++)
                {
                    long at = ((long)g * MaxContext + pos) * d;
                    new ReadOnlySpan<float>(_k + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(keyCache + at, d));
                    new ReadOnlySpan<float>(_v + (long)i * kvWidth + g * d, d).CopyTo(new Span<float>(valueCache + at, d));
                }
            }

            _attention.Set(_q, _att, keyCache, valueCache, p0);
            _pool.Run(_attention, t * h, Math.Max(1, t * h / (_pool.ThreadCount * 4)));

            RunLinear(_att, t, lw.Output.Weight, _xn);
            AddBias(lw.Output.Bias, _xn, t, c);
            VectorMath.Add(new ReadOnlySpan<float>(_xn, t * c), new Span<float>(_x, t * c));

            for (int i = 0; i < t; i++)
                RmsNorm.Apply(new Span<float>(_x + (long)i * c, c), lw.PostAttentionNorm, eps, new Span<float>(_xn + (long)i * c, c));
            _linear.Begin(_xn, t);
            _linear.Add(lw.Gate.Weight, _gate);
            _linear.Add(lw.Up.Weight, _up);
            _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));
            AddBias(lw.Gate.Bias, _gate, t, ff);
            AddBias(lw.Up.Bias, _up, t, ff);
            SwiGlu.Apply(new ReadOnlySpan<float>(_gate, t * ff), new ReadOnlySpan<float>(_up, t * ff), new Span<float>(_gate, t * ff));

            RunLinear(_gate, t, lw.Down.Weight, _xn);
            AddBias(lw.Down.Bias, _xn, t, c);
            VectorMath.Add(new ReadOnlySpan<float>(_xn, t * c), new Span<float>(_x, t * c));
        }
    }

    private void RunLinear(float* x, int t, WeightMatrix w, float* y)
    {
        _linear.Begin(x, t);
        _linear.Add(w, y);
        _pool.Run(_linear, _linear.ItemCount, _linear.ChunkFor(_pool.ThreadCount));
    }

    private static void AddBias(float[]? bias, float* y, int t, int n)
    {
        if (bias is null) return;
        for (int i = 0; i < t; i++) VectorMath.Add(bias, new Span<float>(y + (long)i * n, n));
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
