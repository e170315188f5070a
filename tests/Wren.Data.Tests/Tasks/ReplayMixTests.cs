using System.Text.Json.Nodes;
using Wren.Data.Tasks;

namespace Wren.Data.Tests.Tasks;

public sealed class ReplayMixTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wren-replay-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string General(int documents)
    {
        string path = Path.Combine(_temp, "general.jsonl");
        var lines = Enumerable.Range(0, documents).Select(d => new JsonObject
        {
            ["id"] = $"g{d}",
            ["source"] = $"general/{d}.txt",
            ["text"] = string.Join(' ', Enumerable.Range(0, 120).Select(w => $"word{d}x{w}")),
        }.ToJsonString());
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void TheReplayedShareOfTheMixIsTheFractionAskedAndEachChunkIsSplitIntoPromptAndContinuation()
    {
        var replay = ReplayMix.Draw(General(50), taskExamples: 90, fraction: 0.1, seed: 7);

        Assert.Equal(10, replay.Count); // 10 / (90 + 10) = 0.1
        foreach (var (user, assistant) in replay)
        {
            Assert.InRange(user.Length, 1, ReplayMix.PromptChars);
            Assert.NotEmpty(assistant);
            Assert.StartsWith(user.Split(' ')[0][..5], assistant, StringComparison.Ordinal);
        }

        Assert.Equal(replay, ReplayMix.Draw(General(50), 90, 0.1, seed: 7));
        Assert.NotEqual(replay, ReplayMix.Draw(General(50), 90, 0.1, seed: 8));
    }

    [Fact]
    public void NoFractionReplaysNothingAndTooLittleTextReplaysWhatThereIs()
    {
        Assert.Empty(ReplayMix.Draw(General(3), 100, 0, seed: 1));
        Assert.Equal(3, ReplayMix.Draw(General(3), 100, 0.5, seed: 1).Count);
    }
}
