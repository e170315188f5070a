using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Tests.Generation;

/// <summary>
/// One prompt on the runtime's one generation path (a one-slot <see cref="GenerationScheduler"/>), as <c>wren generate</c>,
/// <c>wren build</c>'s samples and the training sampler use it; these were the tests of the second loop it replaced.
/// </summary>
public sealed class PromptContinuationTests
{
    private static readonly BpeTokenizer Tokenizer = BpeTokenizer.Load(HfReference.Folder("tiny-llama"));

    private static WrenModel Model(params int[] stopTokenIds) =>
        new(LlamaModel.Load(HfReference.Folder("tiny-llama")), Tokenizer, null, stopTokenIds, "tiny-llama");

    private static Task<GeneratedText> Generate(WrenModel model, int[] prompt, int maxTokens, SamplingOptions sampling, int? maxContext = null, CancellationToken cancellationToken = default) =>
        PromptContinuation.GenerateAsync(model, "", prompt, maxTokens, sampling, new GenerationSchedulerOptions { Threads = 2, MaxContext = maxContext }, null, cancellationToken);

    [Fact]
    public async Task GreedyGenerationReproducesTransformersGenerate()
    {
        var prompt = HfReference.Prompts("tiny-llama")[2];
        using var model = Model();
        var result = await Generate(model, prompt.Ids, 24, SamplingOptions.Greedy);
        Assert.Equal(prompt.GreedyIds, result.Ids);
        Assert.Equal(Tokenizer.Decode(prompt.GreedyIds), result.Text);
        Assert.Equal(FinishReason.Length, result.Summary.FinishReason);
        Assert.Equal(prompt.Ids.Length, result.Summary.PromptTokens);
        Assert.Equal(24, result.Summary.CompletionTokens);
        Assert.True(result.Summary.PrefillTokensPerSecond > 0 && result.Summary.DecodeTokensPerSecond > 0);
    }

    [Fact]
    public async Task AStopTokenEndsGenerationAndIsNotReturned()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var model = Model(prompt.GreedyIds[3]);
        var result = await Generate(model, prompt.Ids, 24, SamplingOptions.Greedy);
        Assert.Equal(prompt.GreedyIds[..3], result.Ids);
        Assert.Equal(FinishReason.Stop, result.Summary.FinishReason);
    }

    [Fact]
    public async Task SeededSamplingIsDeterministic()
    {
        var prompt = HfReference.Prompts("tiny-llama")[1];
        var sampling = new SamplingOptions { Temperature = 1.2f, TopP = 0.9f, Seed = 7 };
        using var model = Model();
        var a = (await Generate(model, prompt.Ids, 20, sampling)).Ids;
        var b = (await Generate(model, prompt.Ids, 20, sampling)).Ids;
        var c = (await Generate(model, prompt.Ids, 20, sampling with { Seed = 8 })).Ids;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task TheTextStreamsPieceByPieceAndThePiecesAreTheWholeText()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var model = Model();
        var pieces = new List<string>();
        var result = await PromptContinuation.GenerateAsync(model, "", prompt.Ids, 24, SamplingOptions.Greedy, new GenerationSchedulerOptions { Threads = 2 }, pieces.Add, CancellationToken.None);
        Assert.Equal(prompt.GreedyIds, result.Ids);
        Assert.True(pieces.Count > 1);
        Assert.Equal(result.Text, string.Concat(pieces));
    }

    [Fact]
    public async Task CancellingStopsIt()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var model = Model();
        using var cts = new CancellationTokenSource();
        var received = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PromptContinuation.GenerateAsync(model, "", prompt.Ids, 200, SamplingOptions.Greedy, new GenerationSchedulerOptions { Threads = 1, MaxContext = 256 },
                piece =>
                {
                    received.Add(piece);
                    if (received.Count == 3) cts.Cancel();
                },
                cts.Token));
        // Nothing after the cancel, however far ahead the scheduler ran.
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task AFullContextEndsGeneration()
    {
        using var model = Model();
        var result = await Generate(model, [40, 71, 349], 50, SamplingOptions.Greedy, maxContext: 10);
        Assert.Equal(FinishReason.ContextFull, result.Summary.FinishReason);
        Assert.InRange(result.Ids.Count, 6, 8);
    }
}
