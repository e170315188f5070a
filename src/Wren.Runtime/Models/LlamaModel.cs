using System.Runtime.InteropServices;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// A Llama-family causal language model (Llama, Qwen2, Mistral) ready to run: the weights stay in the
/// memory-mapped safetensors files (or in native buffers when converted or merged); sessions
/// (<see cref="CreateSession"/>) hold the per-conversation state.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly List<IDisposable> _owned;
    private bool _fromGguf;

    private LlamaModel(LlamaConfig config, LlamaWeights weights, List<IDisposable> owned, string? folder)
    {
        Config = config;
        Weights = weights;
        _owned = owned;
        Folder = folder;
    }

    public LlamaConfig Config { get; }

    public LlamaWeights Weights { get; }

    /// <summary>The folder the model was loaded from, or null for an in-memory model.</summary>
    public string? Folder { get; }

    /// <summary>
    /// Loads a Hugging Face model folder (config.json + model.safetensors or its shards), or a llama.cpp
    /// <c>.gguf</c> file (architecture llama or qwen2; F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K weights, used in place).
    /// </summary>
    /// <exception cref="WrenException">The folder, file, config or weights are missing, malformed or inconsistent.</exception>
    public static LlamaModel Load(string folder, LlamaModelOptions? options = null)
    {
        options ??= new LlamaModelOptions();
        string full = Path.GetFullPath(folder);
        if (File.Exists(full) && full.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)) return LoadGguf(full, options);
        var config = LlamaConfigJson.Load(full);
        var checkpoint = SafetensorsCheckpoint.Open(full);
        var owned = new List<IDisposable> { checkpoint };
        try
        {
            var builder = new WeightBinder(config, checkpoint, owned, options.UpcastHalfWeights);
            var weights = builder.Bind();
            if (options.LoraAdapterPath is { } lora)
            {
                using var adapter = LoraAdapter.Load(lora);
                weights = adapter.MergeInto(weights, config, owned);
            }

            return new LlamaModel(config, weights, owned, full);
        }
        catch
        {
            foreach (var d in owned) d.Dispose();
            throw;
        }
    }

    private static LlamaModel LoadGguf(string path, LlamaModelOptions options)
    {
        if (options.LoraAdapterPath is not null) throw new WrenException($"{path}: LoRA adapters are merged into safetensors models only; merge before exporting to GGUF");
        return LoadGguf(GgufReader.Open(path));
    }

    /// <summary>
    /// The model of a GGUF file already open (its tokenizer read from the same reader, so the metadata is parsed once): the
    /// model takes the reader and disposes it with itself, or at once when binding fails.
    /// </summary>
    internal static LlamaModel LoadGguf(GgufReader gguf)
    {
        string path = gguf.Path;
        var owned = new List<IDisposable> { gguf };
        try
        {
            var (config, weights) = GgufModelLoader.Load(gguf, owned);
            return new LlamaModel(config, weights, owned, Path.GetDirectoryName(path)) { _fromGguf = true };
        }
        catch
        {
            foreach (var d in owned) d.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A model with random weights of the given shape (normal, std 0.02, as transformers initialises),
    /// for benchmarks and tests that need realistic sizes without a checkpoint.
    /// </summary>
    public static LlamaModel CreateRandom(LlamaConfig config, WeightDType dtype, int seed)
    {
        config.Validate("random model config");
        var owned = new List<IDisposable>();
        var random = new Random(seed);
        int c = config.HiddenSize, d = config.HeadDim, h = config.NumAttentionHeads, kv = config.NumKeyValueHeads, ff = config.IntermediateSize;

        WeightMatrix Matrix(int rows, int cols)
        {
            long count = (long)rows * cols;
            var buffer = new NativeBuffer(count * (dtype == WeightDType.F32 ? 4 : 2), zero: false);
            owned.Add(buffer);
            FillRandom(buffer, count, dtype, random);
            return new WeightMatrix(buffer.Pointer, dtype, rows, cols);
        }

        float[]? Bias(bool present, int n) => present ? RandomArray(n, random, 0.02f) : null;

        float[] Norm() => RandomArray(c, random, 0.1f, 1f);

        var layers = new LlamaLayerWeights[config.NumHiddenLayers];
        bool qkvBias = config.AttentionBias || config.QkvBias;
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new LlamaLayerWeights
            {
                InputNorm = Norm(),
                Query = new LinearLayer(Matrix(h * d, c), Bias(qkvBias, h * d)),
                Key = new LinearLayer(Matrix(kv * d, c), Bias(qkvBias, kv * d)),
                Value = new LinearLayer(Matrix(kv * d, c), Bias(qkvBias, kv * d)),
                Output = new LinearLayer(Matrix(c, h * d), Bias(config.AttentionBias, c)),
                PostAttentionNorm = Norm(),
                Gate = new LinearLayer(Matrix(ff, c), Bias(config.MlpBias, ff)),
                Up = new LinearLayer(Matrix(ff, c), Bias(config.MlpBias, ff)),
                Down = new LinearLayer(Matrix(c, ff), Bias(config.MlpBias, c)),
            };
        }

        var embedding = Matrix(config.VocabSize, c);
        var weights = new LlamaWeights
        {
            Embedding = embedding,
            Layers = layers,
            FinalNorm = Norm(),
            LmHead = config.TieWordEmbeddings ? embedding : Matrix(config.VocabSize, c),
        };
        return new LlamaModel(config, weights, owned, folder: null);
    }

    /// <summary>
    /// A model over weights that someone else prepared (a trainer's parameters, a GGUF reader's tensors).
    /// The shapes are checked against <paramref name="config"/>; <paramref name="owned"/> is disposed with the model.
    /// </summary>
    public static LlamaModel Create(LlamaConfig config, LlamaWeights weights, IEnumerable<IDisposable>? owned = null)
    {
        config.Validate("model config");
        int c = config.HiddenSize, q = config.NumAttentionHeads * config.HeadDim, kv = config.NumKeyValueHeads * config.HeadDim, ff = config.IntermediateSize;
        static void Check(string what, Tensors.WeightMatrix w, int rows, int cols)
        {
            if (w.Rows != rows || w.Cols != cols) throw new ArgumentException($"{what} is [{w.Rows}, {w.Cols}], the config implies [{rows}, {cols}]");
        }

        static void CheckVector(string what, float[]? v, int n, bool required)
        {
            if (v is null ? required : v.Length != n) throw new ArgumentException($"{what} must have {n} elements");
        }

        Check("embedding", weights.Embedding, config.VocabSize, c);
        Check("lm_head", weights.LmHead, config.VocabSize, c);
        CheckVector("final norm", weights.FinalNorm, c, true);
        if (weights.Layers.Count != config.NumHiddenLayers) throw new ArgumentException($"{weights.Layers.Count} layers, the config has {config.NumHiddenLayers}");
        for (int i = 0; i < weights.Layers.Count; i++)
        {
            var l = weights.Layers[i];
            Check($"layer {i} q_proj", l.Query.Weight, q, c);
            Check($"layer {i} k_proj", l.Key.Weight, kv, c);
            Check($"layer {i} v_proj", l.Value.Weight, kv, c);
            Check($"layer {i} o_proj", l.Output.Weight, c, q);
            Check($"layer {i} gate_proj", l.Gate.Weight, ff, c);
            Check($"layer {i} up_proj", l.Up.Weight, ff, c);
            Check($"layer {i} down_proj", l.Down.Weight, c, ff);
            CheckVector($"layer {i} input norm", l.InputNorm, c, true);
            CheckVector($"layer {i} post-attention norm", l.PostAttentionNorm, c, true);
            CheckVector($"layer {i} q bias", l.Query.Bias, q, false);
            CheckVector($"layer {i} k bias", l.Key.Bias, kv, false);
            CheckVector($"layer {i} v bias", l.Value.Bias, kv, false);
            CheckVector($"layer {i} o bias", l.Output.Bias, c, false);
            CheckVector($"layer {i} gate bias", l.Gate.Bias, ff, false);
            CheckVector($"layer {i} up bias", l.Up.Bias, ff, false);
            CheckVector($"layer {i} down bias", l.Down.Bias, c, false);
        }

        return new LlamaModel(config, weights, owned?.ToList() ?? [], folder: null);
    }

    /// <summary>
    /// The first weight tensor holding NaN or infinity, by name (the GGUF name beside the Hugging Face one for
    /// a GGUF model), or null when every weight is finite. Reads every weight: seconds on a large model.
    /// </summary>
    public string? FindNonFiniteWeight()
    {
        string? name = NonFiniteWeights.Find(Weights);
        if (name is not null && _fromGguf && Formats.Gguf.LlamaTensorNames.ToGguf(name) is string gguf)
        {
            name = $"{gguf} ({name})";
        }
        return name;
    }

    /// <summary>A new conversation with its own KV cache.</summary>
    public InferenceSession CreateSession(InferenceSessionOptions? options = null) => new(this, options ?? new InferenceSessionOptions());

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }

    private static float[] RandomArray(int n, Random random, float std, float mean = 0)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = mean + std * Gaussian(random);
        return a;
    }

    private static float Gaussian(Random random)
    {
        // Box-Muller; weights need a plausible distribution, not a perfect one.
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static unsafe void FillRandom(NativeBuffer buffer, long count, WeightDType dtype, Random random)
    {
        // Uniform with the variance of N(0, 0.02^2): generating a few hundred million normals would dominate setup.
        const float Range = 0.0346f; // 0.02 * sqrt(3)
        uint state = (uint)random.Next() | 1u;
        for (long i = 0; i < count; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            float v = ((state >> 8) * (1f / (1 << 24)) * 2f - 1f) * Range;
            switch (dtype)
            {
                case WeightDType.F32: ((float*)buffer.Pointer)[i] = v; break;
                case WeightDType.F16: ((ushort*)buffer.Pointer)[i] = HalfConversion.SingleToF16(v); break;
                case WeightDType.BF16: ((ushort*)buffer.Pointer)[i] = HalfConversion.SingleToBF16(v); break;
            }
        }
    }

    /// <summary>Maps the checkpoint's tensors onto the model's weights and checks every name and shape.</summary>
    private sealed class WeightBinder(LlamaConfig config, SafetensorsCheckpoint checkpoint, List<IDisposable> owned, bool upcast)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public LlamaWeights Bind()
        {
            int c = config.HiddenSize, d = config.HeadDim, h = config.NumAttentionHeads, kv = config.NumKeyValueHeads, ff = config.IntermediateSize, v = config.VocabSize;
            bool qkvBias = config.AttentionBias || config.QkvBias;
            var embedding = Matrix("model.embed_tokens.weight", v, c);
            var layers = new LlamaLayerWeights[config.NumHiddenLayers];
            for (int i = 0; i < layers.Length; i++)
            {
                string p = $"model.layers.{i}.";
                layers[i] = new LlamaLayerWeights
                {
                    InputNorm = Vector(p + "input_layernorm.weight", c),
                    Query = Linear(p + "self_attn.q_proj", h * d, c, qkvBias),
                    Key = Linear(p + "self_attn.k_proj", kv * d, c, qkvBias),
                    Value = Linear(p + "self_attn.v_proj", kv * d, c, qkvBias),
                    Output = Linear(p + "self_attn.o_proj", c, h * d, config.AttentionBias),
                    PostAttentionNorm = Vector(p + "post_attention_layernorm.weight", c),
                    Gate = Linear(p + "mlp.gate_proj", ff, c, config.MlpBias),
                    Up = Linear(p + "mlp.up_proj", ff, c, config.MlpBias),
                    Down = Linear(p + "mlp.down_proj", c, ff, config.MlpBias),
                };
            }

            var finalNorm = Vector("model.norm.weight", c);
            WeightMatrix lmHead;
            if (config.TieWordEmbeddings)
            {
                // Some tied checkpoints still carry a copy of lm_head; transformers ties it to the embedding.
                if (checkpoint.Contains("lm_head.weight")) _used.Add("lm_head.weight");
                lmHead = embedding;
            }
            else
            {
                lmHead = Matrix("lm_head.weight", v, c);
            }

            foreach (string name in checkpoint.TensorNames)
            {
                if (_used.Contains(name) || name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)) continue;
                throw new WrenException($"{checkpoint.FileOf(name).Path}: unexpected tensor '{name}' for {config.ArchitectureName} with {config.NumHiddenLayers} layers (is config.json for these weights?)");
            }

            return new LlamaWeights { Embedding = embedding, Layers = layers, FinalNorm = finalNorm, LmHead = lmHead };
        }

        private LinearLayer Linear(string prefix, int rows, int cols, bool bias) =>
            new(Matrix(prefix + ".weight", rows, cols), bias ? Vector(prefix + ".bias", rows) : null);

        private SafetensorsTensorInfo Info(string name, params long[] shape)
        {
            var file = checkpoint.FileOf(name);
            var info = file.GetInfo(name);
            if (!info.Shape.AsSpan().SequenceEqual(shape))
                throw new WrenException($"{file.Path}: tensor '{name}' has shape {info.ShapeText}, config.json implies [{string.Join(", ", shape)}]");
            _used.Add(name);
            return info;
        }

        private float[] Vector(string name, int n)
        {
            Info(name, n);
            return checkpoint.FileOf(name).ReadAsSingle(name);
        }

        private unsafe WeightMatrix Matrix(string name, int rows, int cols)
        {
            var info = Info(name, rows, cols);
            var file = checkpoint.FileOf(name);
            WeightDType dtype = info.DType switch
            {
                SafetensorsDType.F32 => WeightDType.F32,
                SafetensorsDType.F16 => WeightDType.F16,
                SafetensorsDType.BF16 => WeightDType.BF16,
                _ => throw new WrenException($"{file.Path}: tensor '{name}' is {info.DType}; weights must be F32, F16 or BF16"),
            };
            var mapped = new WeightMatrix(file.GetPointer(info), dtype, rows, cols);
            if (dtype == WeightDType.F32 || !upcast) return mapped;
            var buffer = NativeBuffer.ForSingles((long)rows * cols);
            owned.Add(buffer);
            for (int r = 0; r < rows; r++) mapped.ReadRow(r, new Span<float>((float*)buffer.Pointer + (long)r * cols, cols));
            return new WeightMatrix(buffer.Pointer, WeightDType.F32, rows, cols);
        }
    }
}
