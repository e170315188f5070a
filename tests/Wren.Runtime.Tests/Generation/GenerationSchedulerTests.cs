using Wren.Runtime.Generation;

namespace Wren.Runtime.Tests.Generation;

/// <summary>
/// The scheduler decodes concurrent sequences in batched steps (continuous batching), and each sequence
/// still generates exactly what it generates when it runs alone.
/// </summary>
public sealed class GenerationSchedulerTests : IDisposable
{
    private readonly WrenModel _model = WrenModel.Load(HfReference.Folder("tiny-llama"));

    public void Dispose() => _model.Dispose();

    private List<TextGenerationRequest> Requests()
    {
        var prompts = HfReference.Prompts("tiny-llama").Select(p => p.Ids).ToList();
        prompts.Add(prompts[0][..4]);
        prompts.Add(prompts[1][..2]);
        prompts.Add(prompts[2][..6]);
        int[] maxTokens = [24, 9, 17, 5, 30, 12];
        // Greedy and seeded sampling: each sequence has its own sampler, so batching must not change either.
        return prompts.Select((p, i) => new TextGenerationRequest
        {
            PromptIds = p,
            MaxTokens = maxTokens[i],
            Sampling = i % 2 == 0 ? SamplingOptions.Greedy : new SamplingOptions { Temperature = 0.9f, TopK = 40, Seed = 100 + i },
        }).ToList();
    }

    [Fact]
    public async Task ConcurrentSequencesAreBatchedAndGenerateWhatEachGeneratesAlone()
    {
        var requests = Requests();
        var alone = new List<IReadOnlyList<int>>();
        using (var one = new GenerationScheduler(_model, new GenerationSchedulerOptions { Parallel = 1, Threads = 1 }))
        {
            foreach (var r in requests) alone.Add((await one.Submit(r).ReadAllAsync()).Ids);
            Assert.Equal(one.DecodeSteps, one.DecodedTokens);
        }

        // Four slots for six sequences: two wait, then join the batch as the short ones leave.
        using var batched = new GenerationScheduler(_model, new GenerationSchedulerOptions { Parallel = 4, Threads = 2 });
        var generations = requests.Select(r => batched.Submit(r)).ToList();
        var results = await Task.WhenAll(generations.Select(g => g.ReadAllAsync()));
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal(alone[i], results[i].Ids);
            Assert.Equal(alone[i].Count, results[i].Summary.CompletionTokens);
        }

        Assert.True(batched.DecodedTokens > batched.DecodeSteps, $"{batched.DecodedTokens} tokens in {batched.DecodeSteps} steps: nothing was batched");
    }

    [Fact]
    public async Task ACancelledSequenceLeavesTheBatchAndTheOthersFinishUnchanged()
    {
        var requests = Requests().Take(3).Select(r => r with { MaxTokens = 24 }).ToList();
        var alone = new List<IReadOnlyList<int>>();
        using (var one = new GenerationScheduler(_model, new GenerationSchedulerOptions { Parallel = 1, Threads = 1 }))
        {
            foreach (var r in requests) alone.Add((await one.Submit(r).ReadAllAsync()).Ids);
        }

        using var scheduler = new GenerationScheduler(_model, new GenerationSchedulerOptions { Parallel = 3, MaxQueue = 0, Threads = 1 });
        using var cancel = new CancellationTokenSource();
        var victim = scheduler.Submit(requests[1] with { MaxTokens = 4000 }, cancel.Token);
        var others = new[] { scheduler.Submit(requests[0]), scheduler.Submit(requests[2]) };
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in victim.Chunks.ReadAllAsync())
            {
                if (++seen == 3) cancel.Cancel();
            }
        });
        Assert.True(victim.Completion.IsCanceled);
        Assert.Equal(alone[0], (await others[0].ReadAllAsync()).Ids);
        Assert.Equal(alone[2], (await others[1].ReadAllAsync()).Ids);
        for (int i = 0; i < 200 && scheduler.ActiveCount > 0; i++) await Task.Delay(10);
        Assert.Equal(0, scheduler.ActiveCount);
        // The slot is free again: with no queue, three more sequences are all admitted.
        var again = requests.Select(r => scheduler.Submit(r)).ToList();
        for (int i = 0; i < again.Count; i++) Assert.Equal(alone[i], (await again[i].ReadAllAsync()).Ids);
    }
}
