using Wren.Runtime.Generation;

namespace Wren.Runtime.Tests.Models;

/// <summary>Every hostile model file of <see cref="HostileModelFiles"/> is refused with a one-line error naming the file and the problem.</summary>
public sealed class HostileModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-hostile-models-").FullName;
    private readonly List<HostileModelFiles.Case> _cases;

    public HostileModelFileTests() => _cases = HostileModelFiles.Write(_dir, HfReference.Folder("tiny-llama"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheUnchangedRandomModelLoadsAndGenerates()
    {
        using var model = WrenModel.Load(Path.Combine(_dir, "good.gguf"));
        var result = await Generate(model, 3);
        Assert.Equal(3, result.Ids.Count);
    }

    [Fact]
    public void EachCorruptCountOffsetShapeTypeOrValueIsAOneLineErrorNamingTheFile()
    {
        var failures = new List<string>();
        foreach (var c in _cases.Where(c => !c.FailsOnGenerate))
        {
            try
            {
                using var model = WrenModel.Load(c.Path);
                failures.Add($"{c.Name}: loaded");
            }
            catch (WrenException e)
            {
                if (!e.Message.Contains(c.Expected, StringComparison.Ordinal) || !e.Message.Contains(c.Path, StringComparison.Ordinal) || e.Message.Contains('\n'))
                {
                    failures.Add($"{c.Name}: {e.Message}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{c.Name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task NonFiniteWeightsStopGenerationAtTheFirstStepNamingTheTensor()
    {
        foreach (var c in _cases.Where(c => c.FailsOnGenerate))
        {
            using var model = WrenModel.Load(c.Path);
            var e = await Assert.ThrowsAsync<WrenException>(() => Generate(model, 4));
            Assert.Contains(c.Expected, e.Message);
            Assert.Contains("not finite", e.Message);
        }
    }

    private static Task<GeneratedText> Generate(WrenModel model, int maxTokens) =>
        PromptContinuation.GenerateAsync(model, "", [1, 2, 3], maxTokens, SamplingOptions.Greedy,
            new GenerationSchedulerOptions { Threads = 1 }, null, CancellationToken.None);
}
