using Wren.Export.Gguf;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;
using Wren.TestModels;
using Xunit.Abstractions;

namespace Wren.Export.Tests;

/// <summary>
/// The random-weight benchmark models load in llama.cpp, and with rows of 256 they exercise real
/// Q4_K / Q6_K blocks (the fixture models are too narrow for K-quants): llama.cpp's logits from the
/// quantized file must follow those of the F32 file of the same weights.
/// </summary>
public sealed class RandomLlamaGgufLlamaCppTests(ExportedModels temp, ITestOutputHelper output) : IClassFixture<ExportedModels>
{
    private static readonly RandomLlamaShape Shape = new() { Embedding = 256, Layers = 1, Heads = 4, KvHeads = 2, FeedForward = 256, Vocab = 300, Context = 256 };

    [Theory]
    [InlineData(GgufExportType.Q8_0, GgmlType.Q8_0, 0.999)]
    [InlineData(GgufExportType.Q4_0, GgmlType.Q4_0, 0.98)]
    [InlineData(GgufExportType.Q4_K, GgmlType.Q4_K, 0.98)]
    public void QuantizedRandomModelGivesLlamaCppLogitsCloseToTheF32File(GgufExportType type, GgmlType expectedType, double minCosine)
    {
        string f32Path = temp.TempPath("random-f32.gguf");
        if (!File.Exists(f32Path)) RandomLlamaGguf.Write(f32Path, Shape, GgufExportType.F32, seed: 5);
        string quantPath = temp.TempPath($"random-{type}.gguf");
        GgufExportResult result = RandomLlamaGguf.Write(quantPath, Shape, type, seed: 5);
        Assert.True(result.TensorsByType.GetValueOrDefault(expectedType) > 0, $"no {expectedType} tensor in the file");
        if (type == GgufExportType.Q4_K) Assert.True(result.TensorsByType.GetValueOrDefault(GgmlType.Q6_K) > 0, "Q4_K_M keeps the output matrix in Q6_K");

        int[] prompt = [5, 17, 280, 42, 299, 123, 7, 150];
        float[][] reference, quantized;
        using (var f32 = new LlamaCppModel(f32Path)) (_, reference) = f32.Greedy(prompt, 1);
        using (var q = new LlamaCppModel(quantPath))
        {
            Assert.Equal(Shape.Vocab, q.Weights.Vocab.Count);
            (_, quantized) = q.Greedy(prompt, 1);
        }
        double worst = 1;
        for (int t = 0; t < prompt.Length; t++) worst = Math.Min(worst, Cosine(reference[t], quantized[t]));
        output.WriteLine($"{type}: min cosine similarity of llama.cpp logits vs the f32 file: {worst:F5}");
        Assert.True(worst >= minCosine, $"{type}: logits cosine similarity {worst} below {minCosine}");
    }

    /// <summary>
    /// A Q4_K_M file of a shape whose hidden rows (192) are not a multiple of 256, as Qwen2.5-0.5B's 896 are not: llama-quantize's
    /// fallbacks store those matrices in Q5_0 (and the output in Q8_0) while ffn_down (rows of 256) keeps Q4_K and Q6_K. Wren
    /// reads every one of them and gives llama.cpp's logits at every prompt position and its greedy ids. Both sides multiply
    /// the same integer quants (Q8_0 activations for Q5_0 and Q8_0 rows, Q8_1 for Q4_1 and Q5_1, Q8_K for the K-quants); only the order of the float
    /// sums differs. Measured on this seed's file: 1.2e-7 for all three types. Until the writer's tensor seeds stopped using
    /// the per-process randomized HashCode, each run drew a different file, and on some of them the Q4_0 and Q4_K_M cases
    /// gave 5.4e-3 to 9.1e-3 (same greedy ids): not explained yet (an activation quant rounded across a .5 by the float-order
    /// difference would move logits that much). The file is fixed now, so 1e-4 guards it.
    /// </summary>
    [Theory]
    [InlineData(GgufExportType.Q8_0)]
    [InlineData(GgufExportType.Q4_0)]
    [InlineData(GgufExportType.Q4_K)]
    [InlineData(GgufExportType.Q4_1)]
    [InlineData(GgufExportType.Q5_1)]
    public void WrenGivesLlamaCppsLogitsOnQuantizedFilesWhoseNarrowRowsFallBack(GgufExportType type)
    {
        var shape = new RandomLlamaShape { Embedding = 192, Layers = 2, Heads = 4, KvHeads = 2, FeedForward = 256, Vocab = 300, Context = 256 };
        string path = temp.TempPath($"random-narrow-{type}.gguf");
        GgufExportResult result = RandomLlamaGguf.Write(path, shape, type, seed: 9);
        if (type == GgufExportType.Q4_K)
        {
            Assert.True(result.TensorsByType.GetValueOrDefault(GgmlType.Q5_0) > 0, "no Q5_0 tensor in the file");
            Assert.True(result.TensorsByType.GetValueOrDefault(GgmlType.Q4_K) > 0, "no Q4_K tensor in the file");
        }

        // Q4_1 and Q5_1 (Q8_1 activations, whose block sums carry the weights' minimum) beside the output's Q8_0 fallback.
        if (type is GgufExportType.Q4_1 or GgufExportType.Q5_1)
            Assert.True(result.TensorsByType.GetValueOrDefault(type == GgufExportType.Q5_1 ? GgmlType.Q5_1 : GgmlType.Q4_1) > 0, $"no {type} tensor in the file");


        int[] prompt = [5, 17, 280, 42, 299, 123, 7, 150, 64, 3, 88, 201];
        const int Steps = 16;
        int[] referenceIds;
        float[][] referenceLogits;
        using (var llama = new LlamaCppModel(path)) (referenceIds, referenceLogits) = llama.Greedy(prompt, Steps);

        using var model = Wren.Runtime.Models.LlamaModel.Load(path);
        using var session = model.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { Threads = 1, MaxContext = 64 });
        int v = shape.Vocab;
        var all = new float[prompt.Length * v];
        session.Prefill(prompt, all);
        double worst = 0, spread = 0;
        for (int t = 0; t < prompt.Length; t++)
            for (int i = 0; i < v; i++)
            {
                worst = Math.Max(worst, Math.Abs(all[t * v + i] - referenceLogits[t][i]));
                spread = Math.Max(spread, Math.Abs(referenceLogits[t][i]));
            }

        var ids = new int[Steps];
        int next = LlamaCppModel.ArgMax(all.AsSpan((prompt.Length - 1) * v, v));
        for (int s = 0; s < Steps; s++)
        {
            ids[s] = next;
            if (s < Steps - 1) next = LlamaCppModel.ArgMax(session.Decode(next));
        }

        output.WriteLine($"{type} ({string.Join(", ", result.TensorsByType.Select(p => $"{p.Value} {p.Key}"))}): max |logit - llama.cpp| = {worst:E2} (largest |logit| {spread:F2}); greedy {string.Join(' ', ids)}");
        Assert.True(worst <= 1e-4, $"logits differ from llama.cpp's by {worst}");
        Assert.Equal(referenceIds, ids);
    }

    [Fact]
    public void RandomModelFileHasTheShapeAndVocabularyAskedFor()
    {
        string path = temp.TempPath("random-shape-f16.gguf");
        GgufExportResult result = RandomLlamaGguf.Write(path, Shape, GgufExportType.F16, seed: 1);
        Assert.Equal(Shape.ParameterCount, result.ParameterCount);
        using GgufReader reader = GgufReader.Open(path);
        Assert.Equal("llama", reader.GetString("general.architecture"));
        Assert.Equal(Shape.Vocab, reader.Get("tokenizer.ggml.tokens").AsArray().Count);
        Assert.Equal(256L, reader.Get("llama.embedding_length").AsInt64());
        using var llama = new LlamaCppModel(path);
        int[] ids = llama.Tokenize("the cat sat on a mat");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 0, Shape.Vocab - 1));
    }

    [Fact]
    public void BenchmarkPresetsHaveTheAdvertisedSizes()
    {
        Assert.InRange(RandomLlamaShape.Stories15M.ParameterCount, 14_000_000, 16_500_000);
        Assert.InRange(RandomLlamaShape.Stories110M.ParameterCount, 100_000_000, 120_000_000);
        Assert.InRange(RandomLlamaShape.Qwen05B.ParameterCount, 450_000_000, 550_000_000);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * (double)b[i]; na += a[i] * (double)a[i]; nb += b[i] * (double)b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
