using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// Reads a llama.cpp GGUF file (any <c>general.architecture</c> <see cref="ModelArchitectures"/> describes) into a config and weights. Weight
/// matrices stay in the memory-mapped file in their ggml type (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K);
/// only the attention q/k matrices of architectures whose converter permutes them (llama, smollm3) are copied, to undo the row permutation
/// that convert_hf_to_gguf applies for llama.cpp's interleaved RoPE (Wren applies RoPE in the
/// Hugging Face half-split layout, so its q/k rows must be in Hugging Face order).
/// </summary>
internal static class GgufModelLoader
{
    public static (LlamaConfig Config, LlamaWeights Weights) Load(GgufReader gguf, List<IDisposable> owned)
    {
        var config = ReadConfig(gguf);
        return (config, WeightBinder.Bind(config, new GgufWeightSource(gguf, config, owned)));
    }

    /// <summary>The hyper-parameters from <c>{arch}.*</c> metadata, as llama.cpp's loader reads them.</summary>
    public static LlamaConfig ReadConfig(GgufReader gguf)
    {
        string arch = gguf.TryGetValue("general.architecture", out var a) ? Text(gguf, "general.architecture", a) : throw new WrenException($"{gguf.Path}: no general.architecture in the metadata; not a model GGUF");
        var description = ModelArchitectures.FromGgufArchitecture(arch)
            ?? throw new WrenException($"{gguf.Path}: architecture '{arch}' is not supported; Wren runs GGUF models of architecture {ModelArchitectures.SupportedGgufNames}");
        var architecture = description.Architecture;
        bool Has(TensorRole role) => description.Find(role) is { } t && gguf.TryGetTensor(t.GgufNameOf(0), out _);

        // Bounded here, under the file's own key names, before LlamaConfig.Validate checks them again under Hugging Face's.
        int Int(string key, int max, int? fallback = null)
        {
            if (!gguf.TryGetValue($"{arch}.{key}", out var v)) return fallback ?? throw new WrenException($"{gguf.Path}: metadata key '{arch}.{key}' is missing");
            int value = ToInt(gguf, $"{arch}.{key}", v);
            return value <= max ? value : throw new WrenException($"{gguf.Path}: metadata '{arch}.{key}' is {value}, more than the {max} Wren accepts (a corrupt or hostile file?)");
        }

        float Float(string key, float fallback)
        {
            if (!gguf.TryGetValue($"{arch}.{key}", out var v)) return fallback;
            float value = Checked(gguf, $"{arch}.{key}", v, static x => x.AsSingle());
            return float.IsFinite(value) ? value : throw new WrenException($"{gguf.Path}: metadata '{arch}.{key}' is {value}, not a finite number");
        }

        int c = Int("embedding_length", LlamaConfig.MaxWidth), h = Int("attention.head_count", LlamaConfig.MaxCount);
        if (!gguf.TryGetTensor("token_embd.weight", out var embedding)) throw new WrenException($"{gguf.Path}: tensor 'token_embd.weight' is missing");
        int vocab = Int("vocab_size", LlamaConfig.MaxVocabulary, gguf.TryGetValue("tokenizer.ggml.tokens", out var tokens) ? Checked(gguf, "tokenizer.ggml.tokens", tokens, static x => x.AsArray()).Count : (int)Math.Min(embedding.RowCount, int.MaxValue));
        var scaling = RopeScaling.None;
        if (gguf.TryGetValue($"{arch}.rope.scaling.type", out var st) && Text(gguf, $"{arch}.rope.scaling.type", st) is string type && type != "none")
        {
            if (type != "linear") throw new WrenException($"{gguf.Path}: rope scaling '{type}' is not supported (only 'linear')");
            scaling = new RopeScaling("linear", Float("rope.scaling.factor", 1));
        }

        if (gguf.TryGetTensor("rope_freqs.weight", out var ropeFreqs))
        {
            // llama3 scaling as convert_hf_to_gguf stores it: per-frequency divisors (llama.cpp's freq_factors).
            if (scaling.Type != "default") throw new WrenException($"{gguf.Path}: both rope_freqs and rope scaling '{scaling.Type}'; Wren applies one of them");
            if (ropeFreqs.Dimensions.Length != 1 || ropeFreqs.Dimensions[0] != (long)(Int("attention.key_length", LlamaConfig.MaxWidth, c / Math.Max(h, 1)) / 2))
                throw new WrenException($"{gguf.Path}: tensor 'rope_freqs.weight' has shape {ropeFreqs.ShapeText}, one factor per rotary frequency (head_dim / 2) expected");
            scaling = new RopeScaling("factors") { FrequencyFactors = gguf.ReadAsSingle(ropeFreqs) };
        }

        int headDim = Int("attention.key_length", LlamaConfig.MaxWidth, c / Math.Max(h, 1));
        if (gguf.TryGetTensor("rope_factors_long.weight", out var longFactors) | gguf.TryGetTensor("rope_factors_short.weight", out var shortFactors))
        {
            // Phi-3's longrope as convert_hf_to_gguf stores it: both factor lists as tensors, the original context and
            // the attention factor as metadata. llama.cpp picks the list by its context size, as RotaryEmbedding does.
            if (scaling.Type != "default") throw new WrenException($"{gguf.Path}: both rope_factors and rope scaling '{scaling.Type}'; Wren applies one of them");
            if (longFactors is null || shortFactors is null) throw new WrenException($"{gguf.Path}: has only one of rope_factors_long.weight and rope_factors_short.weight");
            scaling = new RopeScaling("longrope", OriginalMaxPositionEmbeddings: Int("rope.scaling.original_context_length", LlamaConfig.MaxPositions))
            {
                ShortFactor = gguf.ReadAsSingle(shortFactors),
                LongFactor = gguf.ReadAsSingle(longFactors),
                AttentionFactor = Float("rope.scaling.attn_factor", 1),
            };
        }

        int? Token(string key)
        {
            if (!gguf.TryGetValue(key, out var v)) return null;
            long id = Checked(gguf, key, v, static x => x.AsInt64());
            return id >= 0 && id < vocab ? (int)id : throw new WrenException($"{gguf.Path}: metadata '{key}' is {id}, outside the vocabulary [0, {vocab})");
        }

        // llama.cpp's defaults when a Gemma 2 file names no cap: 50 for attention, 30 for the output.
        double? Cap(string key, float fallback) => Float(key, fallback) is var cap && cap > 0 ? cap : null;

        int? eos = Token("tokenizer.ggml.eos_token_id");
        int layers = Int("block_count", LlamaConfig.MaxCount);
        bool gemma = architecture is ModelArchitecture.Gemma2 or ModelArchitecture.Gemma3;
        var config = new LlamaConfig
        {
            Architecture = architecture,
            HiddenSize = c,
            IntermediateSize = Int("feed_forward_length", LlamaConfig.MaxWidth),
            NumHiddenLayers = Int("block_count", LlamaConfig.MaxCount),
            NumAttentionHeads = h,
            NumKeyValueHeads = Int("attention.head_count_kv", LlamaConfig.MaxCount, h),
            HeadDim = headDim,
            VocabSize = vocab,
            // LayerNorm architectures (phi2) keep their epsilon under attention.layer_norm_epsilon.
            RmsNormEps = description.Norm == NormKind.LayerNorm ? Float("attention.layer_norm_epsilon", 1e-5f) : Float("attention.layer_norm_rms_epsilon", 1e-5f),
            RopeTheta = Float("rope.freq_base", 10000f),
            RopeScaling = scaling,
            PartialRotaryFactor = (double)Int("rope.dimension_count", LlamaConfig.MaxWidth, headDim) / headDim,
            MaxPositionEmbeddings = Int("context_length", LlamaConfig.MaxPositions, 2048),
            TieWordEmbeddings = !gguf.TryGetTensor(description.Get(TensorRole.LmHead).GgufName, out _),
            QkvBias = Has(TensorRole.QueryBias),
            AttentionBias = Has(TensorRole.OutputBias),
            MlpBias = Has(TensorRole.UpBias),
            // phi3 files carry attention.sliding_window (convert_hf_to_gguf writes it), but llama.cpp attends to the whole
            // past for phi3 whatever it says (llama.cpp#13676), and a GGUF file should mean here what it means there.
            RopeLayers = architecture == ModelArchitecture.SmolLM3 ? ModelArchitectures.EveryFourthLayerWithoutRope(Int("block_count", LlamaConfig.MaxCount)) : null,
            // Gemma as llama.cpp's loader fixes it: the window from metadata (Gemma 2 defaults to 4096), swa pattern 2 or 6,
            // Gemma 3's sliding layers at base 10000 unscaled, the attention scale from the model's size, soft-capping (Gemma 2) from metadata.
            SlidingWindow = gemma ? Int("attention.sliding_window", LlamaConfig.MaxPositions, architecture == ModelArchitecture.Gemma2 ? 4096 : null) : null,
            SlidingLayers = gemma ? GemmaArchitectures.SlidingEvery(layers, architecture == ModelArchitecture.Gemma2 ? 2 : 6) : null,
            LocalRopeTheta = architecture == ModelArchitecture.Gemma3 ? 10000 : null,
            QueryPreAttnScalar = gemma ? GemmaArchitectures.LlamaCppQueryPreAttnScalar(architecture, layers, c, h, headDim) : null,
            AttnLogitSoftcapping = architecture == ModelArchitecture.Gemma2 ? Cap("attn_logit_softcapping", 50) : null,
            FinalLogitSoftcapping = architecture == ModelArchitecture.Gemma2 ? Cap("final_logit_softcapping", 30) : null,
            BosTokenId = Token("tokenizer.ggml.bos_token_id"),
            EosTokenIds = eos is int e ? [e] : [],
        };
        config.Validate(gguf.Path);
        // Layers are allocated before their tensors are looked up: a count the file cannot back is refused first.
        if (!gguf.TryGetTensor($"blk.{config.NumHiddenLayers - 1}.attn_norm.weight", out _))
            throw new WrenException($"{gguf.Path}: '{arch}.block_count' is {config.NumHiddenLayers}, but the file has no tensors for layer {config.NumHiddenLayers - 1} ({gguf.Tensors.Count} tensors in all)");
        return config;
    }

    /// <summary>An integer metadata value that must fit an int and not be negative.</summary>
    private static int ToInt(GgufReader gguf, string key, GgufValue v)
    {
        long value = Checked(gguf, key, v, static x => x.AsInt64());
        return value is >= 0 and <= int.MaxValue ? (int)value : throw new WrenException($"{gguf.Path}: metadata '{key}' is {value}, out of range (0 to {int.MaxValue})");
    }

    private static string Text(GgufReader gguf, string key, GgufValue v) => Checked(gguf, key, v, static x => x.AsString());

    /// <summary>Reads a value, naming the file and key when its type is not what the key needs.</summary>
    private static T Checked<T>(GgufReader gguf, string key, GgufValue v, Func<GgufValue, T> read)
    {
        try
        {
            return read(v);
        }
        catch (WrenException e)
        {
            throw new WrenException($"{gguf.Path}: metadata '{key}': {e.Message}");
        }
    }

    /// <summary>A GGUF file's tensors by their llama.cpp names, used in place (q/k rows un-permuted into a copy where the converter permuted them).</summary>
    private sealed class GgufWeightSource(GgufReader gguf, LlamaConfig config, List<IDisposable> owned) : IWeightSource
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly ArchitectureDescription _arch = ModelArchitectures.Of(config.Architecture);

        // llama.cpp's converter stores Gemma's norms as 1 + w, the multiplier itself.
        public bool NormsIncludeOffset => true;

        public void Finish()
        {
            if (config.RopeScaling.Type == "factors") _used.Add("rope_freqs.weight");
            if (config.RopeScaling.Type == "longrope") _used.UnionWith(["rope_factors_long.weight", "rope_factors_short.weight"]);
            foreach (var t in gguf.Tensors)
            {
                // Anything not bound (rope_freqs is, as the config's RoPE factors) means a different model.
                if (!_used.Contains(t.Name)) throw new WrenException($"{gguf.Path}: unexpected tensor '{t.Name}' for {config.ArchitectureName} with {config.NumHiddenLayers} layers");
            }
        }

        /// <summary>Heads whose rows llama.cpp's converter interleaved in this tensor, or 0.</summary>
        private int PermutedHeads(TensorRole role) => !_arch.GgufPermutesQueryKey ? 0 : role switch
        {
            TensorRole.Query or TensorRole.QueryBias => config.NumAttentionHeads,
            TensorRole.Key or TensorRole.KeyBias => config.NumKeyValueHeads,
            _ => 0,
        };

        private GgufTensorInfo Info(string name, int[] shape)
        {
            if (!gguf.TryGetTensor(name, out var info)) throw new WrenException($"{gguf.Path}: tensor '{name}' is missing");
            bool matches = shape.Length == 1
                ? info.Dimensions.Length == 1 && info.Dimensions[0] == shape[0]
                : info.Dimensions.Length == 2 && info.Dimensions[0] == shape[1] && info.Dimensions[1] == shape[0];
            if (!matches) throw new WrenException($"{gguf.Path}: tensor '{name}' has shape {info.ShapeText}, the metadata implies [{string.Join(", ", shape)}]");
            _used.Add(name);
            return info;
        }

        public float[] Vector(ModelTensor tensor)
        {
            var values = gguf.ReadAsSingle(Info(tensor.GgufName, tensor.Shape));
            int heads = PermutedHeads(tensor.Role);
            return heads > 0 ? UnpermuteRows(values, heads) : values;
        }

        public unsafe WeightMatrix Matrix(ModelTensor tensor)
        {
            string name = tensor.GgufName;
            int rows = tensor.Shape[0], cols = tensor.Shape[1], permutedHeads = PermutedHeads(tensor.Role);
            var info = Info(name, tensor.Shape);
            WeightDType dtype = info.Type switch
            {
                GgmlType.F32 => WeightDType.F32,
                GgmlType.F16 => WeightDType.F16,
                GgmlType.BF16 => WeightDType.BF16,
                GgmlType.Q8_0 => WeightDType.Q8_0,
                GgmlType.Q4_0 => WeightDType.Q4_0,
                GgmlType.Q4_K => WeightDType.Q4_K,
                GgmlType.Q6_K => WeightDType.Q6_K,
                GgmlType.Q5_0 => WeightDType.Q5_0,
                GgmlType.Q4_1 => WeightDType.Q4_1,
                GgmlType.Q5_1 => WeightDType.Q5_1,
                _ => throw new WrenException($"{gguf.Path}: tensor '{name}' is {GgmlTypeTraits.Name(info.Type)}; Wren runs F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K and Q6_K weights"),
            };
            if (cols % WeightMatrix.BlockSizeOf(dtype) != 0)
                throw new WrenException($"{gguf.Path}: tensor '{name}' is {dtype} with rows of {cols} values, not a multiple of its block size {WeightMatrix.BlockSizeOf(dtype)}");
            var mapped = new WeightMatrix((nint)gguf.GetTensorPointer(info), dtype, rows, cols);
            if (permutedHeads == 0)
            {
                // Every forward pass reads the whole matrix, so its pages are mapped now, in one call; an untied embedding
                // table is only read a row per token and is left to fault in.
                if (tensor.Role != TensorRole.Embedding || config.TieWordEmbeddings) Prefault.Read((void*)mapped.Data, mapped.ByteLength);
                return mapped;
            }

            // Rows are independent (blocks never span rows), so the permutation moves whole rows of any type.
            long rowBytes = mapped.RowBytes;
            var buffer = new NativeBuffer(rowBytes * rows, zero: false);
            owned.Add(buffer);
            Prefault.Write((void*)buffer.Pointer, buffer.ByteLength);
            int headDim = rows / permutedHeads, half = headDim / 2;
            for (int hh = 0; hh < permutedHeads; hh++)
                for (int i = 0; i < half; i++)
                    for (int j = 0; j < 2; j++)
                    {
                        int hfRow = hh * headDim + j * half + i, ggufRow = hh * headDim + i * 2 + j;
                        Buffer.MemoryCopy((void*)mapped.RowPointer(ggufRow), (byte*)buffer.Pointer + hfRow * rowBytes, rowBytes, rowBytes);
                    }

            // The mapped rows are never read again: out of the resident set, or a 3B model would count its q/k weights twice
            // (~200 MB at Q4_K) against llama.cpp, which maps them once.
            Prefault.Release((void*)mapped.Data, mapped.ByteLength);

            return new WeightMatrix(buffer.Pointer, dtype, rows, cols);
        }

        private static float[] UnpermuteRows(float[] values, int heads)
        {
            int headDim = values.Length / heads, half = headDim / 2;
            var result = new float[values.Length];
            for (int hh = 0; hh < heads; hh++)
                for (int i = 0; i < half; i++)
                    for (int j = 0; j < 2; j++)
                        result[hh * headDim + j * half + i] = values[hh * headDim + i * 2 + j];
            return result;
        }
    }
}
