using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Eval.Tests.Tasks;

public sealed class FewShotPromptTests
{
    private static readonly FewShotExample[] Pool = Enumerable.Range(0, 10).Select(i => new FewShotExample($"Q{i}:", $"A{i}")).ToArray();

    [Fact]
    public void ShotsAreJoinedLikeTheHarnessAndTheQuestionComesLast()
    {
        var prompt = new FewShotPrompt(Pool, shots: 2, seed: 1).Build(0, "Q?:");
        var parts = prompt.Split("\n\n");
        Assert.Equal(3, parts.Length);
        Assert.Matches(@"^Q\d: A\d$", parts[0]);
        Assert.Matches(@"^Q\d: A\d$", parts[1]);
        Assert.Equal("Q?:", parts[2]);
    }

    [Fact]
    public void SelectionIsDeterministicBySeedAndQuestionAndNeverRepeatsAnExample()
    {
        var a = new FewShotPrompt(Pool, 3, seed: 5);
        var b = new FewShotPrompt(Pool, 3, seed: 5);
        Assert.Equal(a.Build(4, "x"), b.Build(4, "x"));
        Assert.Equal(3, a.Choose(4, "x").Distinct().Count());
        var differ = Enumerable.Range(0, 20).Select(i => a.Build(i, "x")).Distinct().Count();
        Assert.True(differ > 1);
        // Pinned: a seeded System.Random is stable across runs and machines, so prompts are reproducible.
        Assert.Equal(a.Choose(0, "x").Select(e => e.Text), new FewShotPrompt(Pool, 3, seed: 5).Choose(0, "x").Select(e => e.Text));
    }

    [Fact]
    public void AQuestionIsNeverItsOwnExample()
    {
        var prompt = new FewShotPrompt(Pool, shots: 9, seed: 3);
        for (int i = 0; i < 10; i++) Assert.DoesNotContain(prompt.Choose(i, $"Q{i}:"), e => e.Text == $"Q{i}:");
    }

    [Fact]
    public void AskingForMoreShotsThanExamplesIsAnError()
    {
        var e = Assert.Throws<WrenException>(() => new FewShotPrompt(Pool[..2], shots: 3));
        Assert.Contains("--shots 3", e.Message);
    }
}
