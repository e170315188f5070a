using System.Text.Json;

namespace Wren.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task GreedyJsonOutputHoldsTransformersGreedyIdsAndTheirText()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var (code, json, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael. Some years ago", "--max-tokens", "24", "--greedy", "--json", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("time to first token", stderr, StringComparison.Ordinal);
        Assert.Contains("decode", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        // ref_outputs.json, prompt 2: transformers' greedy continuation
        int[] expected = [14, 321, 362, 402, 276, 67, 342, 283, 262, 275, 282, 82, 282, 305, 270, 262, 515, 445, 14, 286, 262, 515, 445, 14];
        Assert.Equal(expected, doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(", I have been paid to the corporation of the United States, and the United States,", doc.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheContextIsAnOptionAPromptLongerThanItIsRefusedAndOnePastTheTrainedPositionsIsSaidSo()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var (code, _, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael. Some years ago, never mind how long precisely", "--context", "8", "--threads", "1");
        Assert.Equal(1, code);
        Assert.Contains("the context holds 8", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me", "--context", "512", "--max-tokens", "2", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("past the 256 positions the model was trained on", stderr, StringComparison.Ordinal);
    }
}
