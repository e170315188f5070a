using System.Diagnostics;
using Wren.Export.Gguf;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;

namespace Wren.TestModels;

/// <summary>
/// Writes a GGUF file of a Llama-architecture model with random weights (normal, σ 0.02; norms 1)
/// and a dummy byte-level vocabulary, in any export type. Benchmarks load the same file into Wren and
/// llama.cpp to compare speed; the weights are generated tensor by tensor, so even the 500M shape
/// needs memory for one tensor only.
/// </summary>
public static class RandomLlamaGguf
{
    public static GgufExportResult Write(string outputPath, RandomLlamaShape shape, GgufExportType type, int seed = 1, IProgressSink? progress = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Embedding % shape.Heads != 0 || shape.Heads % shape.KvHeads != 0 || shape.HeadDim % 2 != 0)
            throw new WrenException($"shape {shape} is not a valid Llama: embedding must split into heads of even size, heads into KV groups");
        var clock = Stopwatch.StartNew();
        GgufTokenizerData vocab = ByteLevelDummyVocabulary.Create(shape.Vocab);
        var writer = new GgufWriter();
        new LlamaGgufHeader
        {
            Architecture = "llama",
            Name = $"random-llama-{shape.ParameterCount / 1_000_000}m",
            ContextLength = shape.Context,
            EmbeddingLength = shape.Embedding,
            BlockCount = shape.Layers,
            FeedForwardLength = shape.FeedForward,
            HeadCount = shape.Heads,
            KvHeadCount = shape.KvHeads,
            HeadDim = shape.HeadDim,
            RmsNormEps = 1e-5f,
            RopeFreqBase = 10000f,
            VocabSize = shape.Vocab,
            FileType = GgufTensorTypePolicy.FileType(type),
        }.AddTo(writer);
        vocab.AddTo(writer);

        int c = shape.Embedding, kv = shape.KvHeads * shape.HeadDim, ff = shape.FeedForward;
        var tensors = new List<(string Name, long[] Dims)> { ("token_embd.weight", [c, shape.Vocab]) };
        for (int l = 0; l < shape.Layers; l++)
        {
            tensors.Add(($"blk.{l}.attn_norm.weight", [c]));
            tensors.Add(($"blk.{l}.attn_q.weight", [c, c]));
            tensors.Add(($"blk.{l}.attn_k.weight", [c, kv]));
            tensors.Add(($"blk.{l}.attn_v.weight", [c, kv]));
            tensors.Add(($"blk.{l}.attn_output.weight", [c, c]));
            tensors.Add(($"blk.{l}.ffn_norm.weight", [c]));
            tensors.Add(($"blk.{l}.ffn_gate.weight", [c, ff]));
            tensors.Add(($"blk.{l}.ffn_up.weight", [c, ff]));
            tensors.Add(($"blk.{l}.ffn_down.weight", [ff, c]));
        }
        tensors.Add(("output_norm.weight", [c]));
        if (!shape.TiedEmbeddings) tensors.Add(("output.weight", [c, shape.Vocab]));

        using IProgressTask task = (progress ?? NullProgressSink.Instance).Begin("random model", tensors.Count, "tensors");
        var byType = new Dictionary<GgmlType, int>();
        var fallbacks = new List<string>();
        long parameters = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            (string name, long[] dims) = tensors[i];
            bool isOutput = name == "output.weight" || (shape.TiedEmbeddings && name == "token_embd.weight");
            GgmlType t = GgufTensorTypePolicy.Choose(type, name, dims, shape.Layers, isOutput, out string? fallback);
            if (fallback != null) fallbacks.Add(fallback);
            byType[t] = byType.GetValueOrDefault(t) + 1;
            long count = dims.Aggregate(1L, (a, b) => a * b);
            parameters += count;
            // Not HashCode.Combine: it is randomized per process, so the "same" seeded file differed from run to run.
            int tensorSeed = unchecked((int)((uint)seed * 0x9E3779B1u ^ (uint)(i + 1) * 0x85EBCA77u));
            bool isNorm = dims.Length == 1;
            writer.AddTensor(name, t, dims, stream =>
            {
                task.SetStatus(name);
                float[] values = new float[count];
                if (isNorm) Array.Fill(values, 1f);
                else FillNormal(values, 0.02f, tensorSeed);
                GgufExporter.WriteRows(stream, t, values, (int)dims[0]);
                task.Increment(1);
            });
        }
        long bytes = writer.Write(outputPath);
        return new GgufExportResult
        {
            OutputPath = outputPath,
            Architecture = "llama",
            FileBytes = bytes,
            ParameterCount = parameters,
            TensorCount = tensors.Count,
            TensorsByType = byType,
            Fallbacks = fallbacks,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>Gaussian values from a seeded xorshift generator with Box-Muller, in parallel chunks (deterministic per chunk).</summary>
    private static void FillNormal(float[] values, float sigma, int seed)
    {
        const int Chunk = 1 << 16;
        int chunks = (values.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, k =>
        {
            ulong s = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)k + 1) * 0xBF58476D1CE4E5B9UL;
            if (s == 0) s = 1;
            int end = Math.Min(values.Length, (k + 1) * Chunk);
            for (int i = k * Chunk; i < end; i += 2)
            {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                double u1 = ((s >> 11) + 1) * (1.0 / 9007199254740993.0);
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                double u2 = (s >> 11) * (1.0 / 9007199254740992.0);
                double r = Math.Sqrt(-2 * Math.Log(u1)) * sigma;
                values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < end) values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        });
    }
}
