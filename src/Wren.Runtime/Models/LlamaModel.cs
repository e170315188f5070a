using System.Runtime.InteropServices;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// A Llama-family causal language model (every architecture <see cref="ModelArchitectures"/> describes) ready to run: the weights stay in the
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
    /// <c>.gguf</c> file (architecture llama, qwen2, qwen3 or smollm3; F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K weights, used in place).
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
            var weights = WeightBinder.Bind(config, new SafetensorsWeightSource(config, checkpoint, owned, options.UpcastHalfWeights));
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
        var weights = WeightBinder.Bind(config, new RandomWeightSource(dtype, new Random(seed), owned));
        return new LlamaModel(config, weights, owned, folder: null);
    }

    /// <summary>
    /// A model over weights that someone else prepared (a trainer's parameters, a GGUF reader's tensors).
    /// The shapes are checked against <paramref name="config"/>; <paramref name="owned"/> is disposed with the model.
    /// </summary>
    public static LlamaModel Create(LlamaConfig config, LlamaWeights weights, IEnumerable<IDisposable>? owned = null)
    {
        config.Validate("model config");
        if (weights.Layers.Count != config.NumHiddenLayers) throw new ArgumentException($"{weights.Layers.Count} layers, the config has {config.NumHiddenLayers}");
        var arch = ModelArchitectures.Of(config.Architecture);
        for (int layer = -1; layer < config.NumHiddenLayers; layer++)
        {
            foreach (var d in arch.Tensors)
            {
                if (d.PerLayer != layer >= 0) continue;
                int[] shape = d.ShapeFor(config);
                string what = d.HfNameOf(layer);
                switch (WeightBinder.Get(weights, d.Role, layer))
                {
                    case WeightMatrix[] parts when parts.Sum(p => p.Rows) != shape[0] || parts.Any(p => p.Cols != shape[1]):
                        throw new ArgumentException($"{what}'s parts are [{string.Join(" + ", parts.Select(p => p.Rows))}, {parts[0].Cols}], the config implies [{shape[0]}, {shape[1]}]");
                    case WeightMatrix w when w.Rows != shape[0] || w.Cols != shape[1]:
                        throw new ArgumentException($"{what} is [{w.Rows}, {w.Cols}], the config implies [{shape[0]}, {shape[1]}]");
                    case float[] v when v.Length != shape[0]:
                        throw new ArgumentException($"{what} must have {shape[0]} elements");
                    case null when d.IsPresentIn(config) && d.Role != TensorRole.LmHead:
                        throw new ArgumentException($"{what} is missing");
                }
            }
        }

        return new LlamaModel(config, weights, owned?.ToList() ?? [], folder: null);
    }

    /// <summary>
    /// The first weight tensor holding NaN or infinity, by name (the GGUF name beside the Hugging Face one for
    /// a GGUF model), or null when every weight is finite. Reads every weight: seconds on a large model.
    /// </summary>
    public string? FindNonFiniteWeight()
    {
        var tensor = NonFiniteWeights.Find(Weights, Config);
        if (tensor is null) return null;
        return _fromGguf ? $"{tensor.GgufName} ({tensor.HfName})" : tensor.HfName;
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

    /// <summary>A checkpoint's tensors by their Hugging Face names, memory-mapped (or upcast to float32 when asked).</summary>
    private sealed class SafetensorsWeightSource(LlamaConfig config, SafetensorsCheckpoint checkpoint, List<IDisposable> owned, bool upcast) : IWeightSource
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public void Finish()
        {
            // Some tied checkpoints still carry a copy of lm_head; transformers ties it to the embedding.
            if (config.TieWordEmbeddings) _used.Add("lm_head.weight");
            foreach (string name in checkpoint.TensorNames)
            {
                if (_used.Contains(name) || ArchitectureDescription.IsIgnorableHfTensor(name)) continue;
                throw new WrenException($"{checkpoint.FileOf(name).Path}: unexpected tensor '{name}' for {config.ArchitectureName} with {config.NumHiddenLayers} layers (is config.json for these weights?)");
            }
        }

        private SafetensorsTensorInfo Info(string name, int[] shape)
        {
            var file = checkpoint.FileOf(name);
            var info = file.GetInfo(name);
            if (info.Shape.Length != shape.Length || !info.Shape.Select(x => (int)x).SequenceEqual(shape) || info.Shape.Any(x => x > int.MaxValue))
                throw new WrenException($"{file.Path}: tensor '{name}' has shape {info.ShapeText}, config.json implies [{string.Join(", ", shape)}]");
            _used.Add(name);
            return info;
        }

        public float[] Vector(ModelTensor tensor)
        {
            Info(tensor.HfName, tensor.Shape);
            return checkpoint.FileOf(tensor.HfName).ReadAsSingle(tensor.HfName);
        }

        public unsafe WeightMatrix Matrix(ModelTensor tensor)
        {
            string name = tensor.HfName;
            int rows = tensor.Shape[0], cols = tensor.Shape[1];
            var info = Info(name, tensor.Shape);
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

    /// <summary>Random weights: matrices uniform with std 0.02 in the given type, norms near 1, biases small.</summary>
    private sealed class RandomWeightSource(WeightDType dtype, Random random, List<IDisposable> owned) : IWeightSource
    {
        public WeightMatrix Matrix(ModelTensor tensor)
        {
            int rows = tensor.Shape[0], cols = tensor.Shape[1];
            long count = (long)rows * cols;
            var buffer = new NativeBuffer(count * (dtype == WeightDType.F32 ? 4 : 2), zero: false);
            owned.Add(buffer);
            FillRandom(buffer, count, dtype, random);
            return new WeightMatrix(buffer.Pointer, dtype, rows, cols);
        }

        // Norms are drawn near 1 as multipliers, whatever the architecture stores.
        public bool NormsIncludeOffset => true;

        public float[] Vector(ModelTensor tensor) =>
            tensor.Description.IsNorm ? RandomArray(tensor.Shape[0], random, 0.1f, 1f) : RandomArray(tensor.Shape[0], random, 0.02f);

        public void Finish()
        {
        }
    }
}
