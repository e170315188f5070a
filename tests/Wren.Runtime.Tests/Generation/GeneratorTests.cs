using Wren.Runtime.Generation;
using Wren.Runtime.Models;

namespace Wren.Runtime.Tests.Generation;

public sealed class GeneratorTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(HfReference.Folder("tiny-llama"));

    public void Dispose() => _model.Dispose();

    [Fact]
    public void GreedyGenerationReproducesTransformersGenerate()
    {
        var prompt = HfReference.Prompts("tiny-llama")[2];
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var result = new Generator(session).Generate(prompt.Ids, new GenerationOptions { MaxTokens = 24, Sampling = SamplingOptions.Greedy });
        Assert.Equal(prompt.GreedyIds, result.Tokens);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(prompt.Ids.Length, result.Timings.PromptTokens);
        Assert.Equal(24, result.Timings.GeneratedTokens);
        Assert.True(result.Timings.PrefillTokensPerSecond > 0 && result.Timings.DecodeTokensPerSecond > 0);
        Assert.Equal(prompt.Ids.Length + 23, session.Position);
    }

    [Fact]
    public void AStopTokenEndsGenerationAndIsNotReturned()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var result = new Generator(session).Generate(prompt.Ids, new GenerationOptions { MaxTokens = 24, StopTokenIds = [prompt.GreedyIds[3]], Sampling = SamplingOptions.Greedy });
        Assert.Equal(prompt.GreedyIds[..3], result.Tokens);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
    }

    [Fact]
    public void SeededSamplingIsDeterministic()
    {
        var prompt = HfReference.Prompts("tiny-llama")[1];
        var options = new GenerationOptions { MaxTokens = 20, Sampling = new SamplingOptions { Temperature = 1.2f, TopP = 0.9f, Seed = 7 } };
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var generator = new Generator(session);
        var a = generator.Generate(prompt.Ids, options).Tokens;
        session.Reset();
        var b = generator.Generate(prompt.Ids, options).Tokens;
        session.Reset();
        var c = generator.Generate(prompt.Ids, options with { Sampling = options.Sampling with { Seed = 8 } }).Tokens;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task StreamingYieldsTheSameTokensAsGenerate()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var generator = new Generator(session);
        var streamed = new List<int>();
        await foreach (int t in generator.StreamAsync(prompt.Ids, new GenerationOptions { MaxTokens = 24, Sampling = SamplingOptions.Greedy })) streamed.Add(t);
        Assert.Equal(prompt.GreedyIds, streamed);
        Assert.Equal(24, generator.LastTimings!.GeneratedTokens);
    }

    [Fact]
    public async Task CancellingAStreamStopsIt()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 256 });
        using var cts = new CancellationTokenSource();
        var received = new List<int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (int t in new Generator(session).StreamAsync(prompt.Ids, new GenerationOptions { MaxTokens = 200, Sampling = SamplingOptions.Greedy }, cts.Token))
            {
                received.Add(t);
                if (received.Count == 3) await cts.CancelAsync();
            }
        });
        // Nothing after the cancel, however far ahead the producer ran.
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public void AFullContextEndsGeneration()
    {
        using var session = _model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 10 });
        var result = new Generator(session).Generate([40, 71, 349], new GenerationOptions { MaxTokens = 50, Sampling = SamplingOptions.Greedy });
        Assert.Equal(FinishReason.ContextFull, result.FinishReason);
        Assert.Equal(8, result.Tokens.Count);
    }
}
