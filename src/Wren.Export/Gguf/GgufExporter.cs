using System.Diagnostics;
using System.Runtime.InteropServices;
using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Quantization;

namespace Wren.Export.Gguf;

/// <summary>
/// Converts a Hugging Face model folder of any architecture Wren describes (<see cref="ModelArchitectures"/>:
/// Llama, Mistral, Qwen2, Qwen3, SmolLM3, Gemma 2/3, Phi-2, Phi-3) into a GGUF file that llama.cpp, Ollama and LM Studio load: architecture
/// metadata, the tokenizer (byte-level BPE, or SentencePiece for Phi-3's kind), longrope factors, tensors renamed and (for Llama) q/k rows permuted as
/// llama.cpp's convert_hf_to_gguf.py does, weights stored in the requested type.
/// </summary>
public static class GgufExporter
{
    private const int RowsPerChunk = 64;

    public static GgufExportResult Export(GgufExportOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        string dir = options.ModelDirectory;
        if (!Directory.Exists(dir)) throw new WrenException($"{dir}: no such model folder");
        HfModelConfig config = HfModelConfig.Load(dir);
        ArchitectureDescription description = ModelArchitectures.Of(config.Model.Architecture);
        string arch = description.GgufArchitecture;
        if (config.Model.RopeLayers is { } ropeLayers && !ropeLayers.SequenceEqual(ModelArchitectures.EveryFourthLayerWithoutRope(ropeLayers.Count)))
            throw new WrenException($"{Path.Combine(dir, "config.json")}: no_rope_layers is not llama.cpp's pattern (every fourth layer without RoPE), which GGUF files of '{arch}' cannot express");
        if (config.RopeScalingType is not (null or "linear" or "llama3" or "longrope"))
            throw new WrenException($"{Path.Combine(dir, "config.json")}: rope scaling '{config.RopeScalingType}' is not supported by the exporter (linear, llama3 and longrope are)");
        if (config.RopeScalingType == "longrope" && description.Architecture != ModelArchitecture.Phi3)
            throw new WrenException($"{Path.Combine(dir, "config.json")}: llama.cpp reads longrope factors for phi3 files only, not '{arch}'");
        if (config.Model.RotaryDim != config.HeadDim && description.GgufPermutesQueryKey)
            throw new WrenException($"{Path.Combine(dir, "config.json")}: partial rotary (partial_rotary_factor) with '{arch}''s interleaved q/k rows is not something llama.cpp's converter writes");
        GemmaGgufChecks.Check(config.Model, Path.Combine(dir, "config.json"));
        if (config.HeadDim % 2 != 0) throw new WrenException($"{Path.Combine(dir, "config.json")}: head_dim {config.HeadDim} is odd; RoPE needs an even head size");

        GgufTokenizerData tokenizer = HfTokenizerReader.Load(dir, config);
        string name = options.Name ?? Wren.Runtime.Hub.ModelResolver.ModelName(dir);
        CheckPhi3Name(name, tokenizer);
        using HfCheckpointReader checkpoint = HfCheckpointReader.Open(dir);
        List<PlannedTensor> plan = Plan(config, description, checkpoint, options.Type, dir, out List<string> fallbacks);

        var writer = new GgufWriter();
        new LlamaGgufHeader
        {
            Architecture = arch,
            Name = name,
            ContextLength = config.ContextLength,
            EmbeddingLength = config.HiddenSize,
            BlockCount = config.LayerCount,
            FeedForwardLength = config.IntermediateSize,
            HeadCount = config.HeadCount,
            KvHeadCount = config.KvHeadCount,
            HeadDim = config.HeadDim,
            RmsNormEps = config.RmsNormEps,
            LayerNorm = description.Norm == NormKind.LayerNorm,
            RopeFreqBase = config.RopeTheta,
            VocabSize = tokenizer.Tokens.Length,
            FileType = GgufTensorTypePolicy.FileType(options.Type),
            RopeScalingType = config.RopeScalingType,
            RopeScalingFactor = config.RopeScalingFactor,
            // Gemma's window, and phi3's as convert_hf_to_gguf writes it (0 for none, Phi-4-mini; llama.cpp reads it and then attends to the whole past).
            SlidingWindow = description.Architecture switch
            {
                ModelArchitecture.Gemma2 or ModelArchitecture.Gemma3 => config.Model.SlidingWindow,
                ModelArchitecture.Phi3 => config.Model.SlidingWindow ?? 0,
                _ => null,
            },
            AttnLogitSoftcapping = (float?)config.Model.AttnLogitSoftcapping,
            FinalLogitSoftcapping = (float?)config.Model.FinalLogitSoftcapping,
            RopeDimensionCount = config.Model.RotaryDim,
            RopeOriginalContext = config.RopeScalingType == "longrope" ? config.RopeOriginalContext : null,
            RopeAttentionFactor = config.RopeScalingType == "longrope" ? (float)config.Model.RopeScaling.LongRopeAttentionFactor(config.ContextLength) : null,
        }.AddTo(writer);
        tokenizer.AddTo(writer);

        using IProgressTask task = (progress ?? NullProgressSink.Instance).Begin($"export {options.Type.ToString().ToLowerInvariant()}", plan.Count, "tensors");
        long parameters = 0;
        var byType = new Dictionary<GgmlType, int>();
        foreach (PlannedTensor t in plan)
        {
            parameters += t.Elements;
            byType[t.Type] = byType.GetValueOrDefault(t.Type) + 1;
            writer.AddTensor(t.GgufName, t.Type, t.Dimensions, stream =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                task.SetStatus(t.GgufName);
                float[] data = t.Produce();
                WriteRows(stream, t.Type, data, (int)t.Dimensions[0]);
                task.Increment(1);
            });
        }
        long bytes = writer.Write(options.OutputPath, null, cancellationToken);
        return new GgufExportResult
        {
            OutputPath = options.OutputPath,
            Architecture = arch,
            FileBytes = bytes,
            ParameterCount = parameters,
            TensorCount = plan.Count,
            TensorsByType = byType,
            Fallbacks = fallbacks,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// llama.cpp's vocabulary loader looks up &lt;s&gt;, &lt;/s&gt;, &lt;unk&gt; and &lt;|endoftext|&gt; by text in any model whose
    /// general.name says phi-3 or phi3, and fails to load the file ("_Map_base::at") when one is missing: refused here, by name.
    /// </summary>
    private static void CheckPhi3Name(string name, GgufTokenizerData tokenizer)
    {
        string lower = name.ToLowerInvariant();
        if (!lower.Contains("phi-3", StringComparison.Ordinal) && !lower.Contains("phi3", StringComparison.Ordinal)) return;
        var missing = new[] { "<s>", "</s>", "<unk>", "<|endoftext|>" }.Where(t => !tokenizer.Tokens.Contains(t)).ToArray();
        if (missing.Length > 0)
            throw new WrenException($"the model name '{name}' makes llama.cpp look up {string.Join(", ", missing)} in the vocabulary, which lacks them, and refuse the file; export it under another name (--name)");
    }

    /// <summary>Quantizes a [rows, rowLength] float tensor row-chunk by row-chunk (in parallel) and writes it.</summary>
    internal static void WriteRows(Stream stream, GgmlType type, float[] data, int rowLength)
    {
        if (type == GgmlType.F32)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        int rows = data.Length / rowLength;
        int rowBytes = (int)GgmlTypeTraits.RowSize(type, rowLength);
        byte[] buffer = new byte[(long)rowBytes * Math.Min(rows, RowsPerChunk)];
        for (int first = 0; first < rows; first += RowsPerChunk)
        {
            int count = Math.Min(RowsPerChunk, rows - first);
            Parallel.For(0, count, r =>
                GgmlQuantizer.Quantize(type, data.AsSpan((first + r) * rowLength, rowLength), buffer.AsSpan(r * rowBytes, rowBytes)));
            stream.Write(buffer, 0, count * rowBytes);
        }
    }

    /// <summary>
    /// llama.cpp's q/k row order for the Llama layout (convert_hf_to_gguf's LlamaModel.permute): within
    /// each head, HF stores the two rotary halves one after the other; llama.cpp interleaves them.
    /// weights: [heads * headDim, columns] rows (a bias is the case columns = 1).
    /// </summary>
    internal static float[] PermuteForLlamaRope(float[] weights, int heads, int columns)
    {
        int rows = weights.Length / columns;
        int headDim = rows / heads;
        int half = headDim / 2;
        var result = new float[weights.Length];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < half; i++)
                for (int j = 0; j < 2; j++)
                {
                    int to = h * headDim + i * 2 + j;
                    int from = h * headDim + j * half + i;
                    Array.Copy(weights, (long)from * columns, result, (long)to * columns, columns);
                }
        return result;
    }

    private static List<PlannedTensor> Plan(HfModelConfig config, ArchitectureDescription description, HfCheckpointReader checkpoint, GgufExportType type, string dir, out List<string> fallbacks)
    {
        // A checkpoint without lm_head is tied whatever config.json says: llama.cpp reuses token_embd for the output.
        LlamaConfig model = config.Model with { TieWordEmbeddings = config.TieWordEmbeddings || !checkpoint.Contains("lm_head.weight") };
        bool tied = model.TieWordEmbeddings;
        var expected = description.TensorsOf(model).ToDictionary(t => t.HfName, StringComparer.Ordinal);
        foreach (string hfName in checkpoint.Names)
        {
            if (hfName == "lm_head.weight" && tied) continue;
            if (ArchitectureDescription.IsIgnorableHfTensor(hfName)) continue;
            if (!expected.TryGetValue(hfName, out ModelTensor? tensor))
                throw new WrenException($"{dir}: tensor '{hfName}' is not part of a {config.Architecture} model with {config.LayerCount} layers as config.json describes it");
            long[] actual = checkpoint.Shape(hfName);
            if (!actual.AsSpan().SequenceEqual(tensor.Shape.Select(x => (long)x).ToArray()))
                throw new WrenException($"{dir}: tensor '{hfName}' has shape [{string.Join(", ", actual)}]; config.json implies [{string.Join(", ", tensor.Shape)}]");
        }
        foreach (ModelTensor t in expected.Values)
            if (!checkpoint.Contains(t.HfName))
                throw new WrenException($"{dir}: the checkpoint lacks '{t.HfName}' (GGUF '{t.GgufName}'), which config.json's {config.LayerCount} layers need");

        fallbacks = [];
        var plan = new List<PlannedTensor>();
        IEnumerable<ModelTensor> ordered = expected.Values.OrderBy(t => Rank(t.GgufName)).ThenBy(t => t.Layer).ThenBy(t => t.GgufName, StringComparer.Ordinal);
        foreach (ModelTensor tensor in ordered)
        {
            string hfName = tensor.HfName, gguf = tensor.GgufName;
            long[] dims = tensor.Shape.Reverse().Select(x => (long)x).ToArray();
            bool isOutput = tensor.Role == TensorRole.LmHead || (tied && tensor.Role == TensorRole.Embedding);
            GgmlType t = GgufTensorTypePolicy.Choose(type, gguf, dims, config.LayerCount, isOutput, out string? fallback);
            if (fallback != null) fallbacks.Add(fallback);
            int columns = tensor.Shape.Length == 2 ? tensor.Shape[1] : 1;
            int permutedHeads = !description.GgufPermutesQueryKey ? 0 : tensor.Role switch
            {
                TensorRole.Query or TensorRole.QueryBias => config.HeadCount,
                TensorRole.Key or TensorRole.KeyBias => config.KvHeadCount,
                _ => 0,
            };
            Func<float[]> produce = permutedHeads > 0
                ? () => PermuteForLlamaRope(checkpoint.ReadSingle(hfName), permutedHeads, columns)
                : description.NormAddsOne && tensor.Description.IsNorm
                    ? () => GemmaGgufChecks.PlusOne(checkpoint.ReadSingle(hfName))
                    : () => checkpoint.ReadSingle(hfName);
            plan.Add(new PlannedTensor(gguf, t, dims, produce));
        }
        if (config.RopeScalingType == "llama3")
            plan.Insert(0, new PlannedTensor("rope_freqs.weight", GgmlType.F32, [config.HeadDim / 2], () => Llama3RopeFactors(config)));
        if (config.Model.RopeScaling is { Type: "longrope", LongFactor: { } longFactor, ShortFactor: { } shortFactor })
        {
            // As convert_hf_to_gguf's Phi3MiniModel writes them: one F32 tensor per list of R/2 divisors.
            plan.Insert(0, new PlannedTensor("rope_factors_short.weight", GgmlType.F32, [shortFactor.Length], () => (float[])shortFactor.Clone()));
            plan.Insert(0, new PlannedTensor("rope_factors_long.weight", GgmlType.F32, [longFactor.Length], () => (float[])longFactor.Clone()));
        }
        return plan;
    }

    /// <summary>convert_hf_to_gguf's llama3 rope factors, stored as the rope_freqs tensor.</summary>
    private static float[] Llama3RopeFactors(HfModelConfig config)
    {
        int dim = config.HeadDim;
        float factor = config.RopeScalingFactor, low = config.RopeLowFreqFactor, high = config.RopeHighFreqFactor;
        float oldContext = config.RopeOriginalContext;
        float lowWavelen = oldContext / low, highWavelen = oldContext / high;
        var factors = new float[dim / 2];
        for (int i = 0; i < dim / 2; i++)
        {
            float freq = 1.0f / MathF.Pow(config.RopeTheta, 2 * i / (float)dim);
            float wavelen = 2 * MathF.PI / freq;
            if (wavelen < highWavelen) factors[i] = 1;
            else if (wavelen > lowWavelen) factors[i] = factor;
            else
            {
                float smooth = (oldContext / wavelen - low) / (high - low);
                factors[i] = 1 / ((1 - smooth) / factor + smooth);
            }
        }
        return factors;
    }

    private static int Rank(string gguf) => gguf switch
    {
        "rope_freqs.weight" or "rope_factors_long.weight" or "rope_factors_short.weight" => 0,
        "token_embd.weight" => 1,
        "output_norm.weight" or "output_norm.bias" => 3,
        "output.weight" or "output.bias" => 4,
        _ => 2,
    };

    private sealed record PlannedTensor(string GgufName, GgmlType Type, long[] Dimensions, Func<float[]> Produce)
    {
        public long Elements
        {
            get
            {
                long n = 1;
                foreach (long x in Dimensions) n *= x;
                return n;
            }
        }
    }
}
