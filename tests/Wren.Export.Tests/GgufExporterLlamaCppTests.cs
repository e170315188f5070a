using Wren.Export.Gguf;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;
using Xunit.Abstractions;

namespace Wren.Export.Tests;

/// <summary>
/// The proof that <see cref="GgufExporter"/> writes what llama.cpp expects: llama.cpp loads each exported
/// fixture model and must reproduce transformers' greedy tokens, logits and tokenization.
/// </summary>
public sealed class GgufExporterLlamaCppTests(ExportedModels exports, ITestOutputHelper output) : IClassFixture<ExportedModels>
{
    private const int Steps = 24;

    public static TheoryData<string, GgufExportType> ExactTypes => new()
    {
        { "tiny-llama", GgufExportType.F32 },
        { "tiny-llama", GgufExportType.F16 },
        { "tiny-qwen2", GgufExportType.F32 },
        { "tiny-qwen2", GgufExportType.F16 },
    };

    [Theory]
    [MemberData(nameof(ExactTypes))]
    public void LlamaCppGreedyTokensEqualTransformersForF32AndF16Exports(string model, GgufExportType type)
    {
        ReferenceModel reference = ReferenceModel.Load(model);
        GgufExportResult export = exports.Get(model, type);
        using var llama = new LlamaCppModel(export.OutputPath);
        foreach (ReferencePrompt prompt in reference.Prompts)
        {
            (int[] generated, _) = llama.Greedy(prompt.Ids, Steps);
            Assert.Equal(prompt.GreedyIds.Take(Steps), generated);
        }
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void LlamaCppGreedyTokensFromQ80ExportMatchTransformersOnAtLeast95PercentOfSteps(string model)
    {
        ReferenceModel reference = ReferenceModel.Load(model);
        GgufExportResult export = exports.Get(model, GgufExportType.Q8_0);
        Assert.True(export.TensorsByType.GetValueOrDefault(GgmlType.Q8_0) > 0, "no tensor was stored as Q8_0");
        using var llama = new LlamaCppModel(export.OutputPath);
        int same = 0, total = 0;
        foreach (ReferencePrompt prompt in reference.Prompts)
        {
            // Teacher-forced along the reference continuation, so one early difference does not count 24 times.
            int[] context = prompt.Ids.Concat(prompt.GreedyIds.Take(Steps - 1)).ToArray();
            (_, float[][] logits) = llama.Greedy(context, 1);
            for (int s = 0; s < Steps; s++)
            {
                total++;
                if (LlamaCppModel.ArgMax(logits[prompt.Ids.Length - 1 + s]) == prompt.GreedyIds[s]) same++;
            }
        }
        output.WriteLine($"{model} q8_0: {same}/{total} greedy steps equal to transformers");
        Assert.True(same >= 0.95 * total, $"{model} q8_0: only {same} of {total} greedy steps matched");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void LlamaCppLogitsOfF32ExportMatchTransformersAtEveryPosition(string model)
    {
        ReferenceModel reference = ReferenceModel.Load(model);
        using var llama = new LlamaCppModel(exports.Get(model, GgufExportType.F32).OutputPath);
        double worstLast = 0, worstSum = 0;
        foreach (ReferencePrompt prompt in reference.Prompts)
        {
            (_, float[][] logits) = llama.Greedy(prompt.Ids, 1);
            for (int t = 0; t < prompt.Ids.Length; t++)
            {
                Assert.Equal(prompt.Top5PerPosition[t][0], LlamaCppModel.ArgMax(logits[t]));
                double sum = logits[t].Sum(x => (double)x);
                worstSum = Math.Max(worstSum, Math.Abs(sum - prompt.LogitSumPerPosition[t]) / logits[t].Length);
            }
            float[] last = logits[^1];
            for (int v = 0; v < last.Length; v++) worstLast = Math.Max(worstLast, Math.Abs(last[v] - prompt.LastLogits[v]));
        }
        output.WriteLine($"{model} f32: max |logit - transformers| at last position {worstLast:E2}, mean logit drift per position {worstSum:E2}");
        Assert.True(worstLast < 1e-4, $"last-position logits differ by up to {worstLast}");
        Assert.True(worstSum < 1e-4, $"logit sums differ by up to {worstSum} per vocab entry");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void LlamaCppTokenizesTheEncodeCasesAsTheHuggingFaceTokenizerDoes(string model)
    {
        ReferenceModel reference = ReferenceModel.Load(model);
        using var llama = new LlamaCppModel(exports.Get(model, GgufExportType.F16).OutputPath);
        foreach ((string text, int[] ids) in reference.EncodeCases)
            Assert.True(ids.SequenceEqual(llama.Tokenize(text)), $"llama.cpp tokenizes \"{text}\" as [{string.Join(", ", llama.Tokenize(text))}], tokenizers as [{string.Join(", ", ids)}]");
    }

    [Theory]
    [InlineData("tiny-llama", GgufExportType.Q4_0)]
    [InlineData("tiny-qwen2", GgufExportType.Q4_K)]
    [InlineData("tiny-llama", GgufExportType.Q4_K)]
    public void LlamaCppLoads4BitExportsAndStillPredictsMostReferenceTokens(string model, GgufExportType type)
    {
        ReferenceModel reference = ReferenceModel.Load(model);
        GgufExportResult export = exports.Get(model, type);
        using var llama = new LlamaCppModel(export.OutputPath);
        int same = 0, total = 0;
        foreach (ReferencePrompt prompt in reference.Prompts)
        {
            (_, float[][] logits) = llama.Greedy(prompt.Ids, 1);
            for (int t = 0; t < prompt.Ids.Length; t++, total++)
                if (LlamaCppModel.ArgMax(logits[t]) == prompt.Top5PerPosition[t][0]) same++;
        }
        output.WriteLine($"{model} {type}: top-1 equal to transformers at {same}/{total} prompt positions; fallbacks: {string.Join("; ", export.Fallbacks)}");
        Assert.True(same >= 0.6 * total, $"{model} {type}: top-1 matched at only {same} of {total} positions");
    }
}
