using Wren.Runtime.Hub;

namespace Wren.Runtime.Tests.Hub;

public sealed class HubPullResultTests
{
    [Fact]
    public void AnIncludeThatSelectedNothingIsRefusedNamingThePatternsAndTheFiles()
    {
        HubPullResult result = Result(files: [], repository: ["config.json", "model.safetensors"]);

        var e = Assert.Throws<HubException>(() => result.ThrowIfNothingMatched(["*.gguf", "onnx/"]));

        Assert.Equal(HubFailure.EntryNotFound, e.Failure);
        Assert.Equal($"no file of org/name (commit {new string('a', 40)}) matches '*.gguf' 'onnx/'; it holds 2 file(s): config.json, model.safetensors", e.Message);
    }

    [Fact]
    public void APullWithoutPatternsOrWithFilesPassesTheCheck()
    {
        Result(files: [], repository: ["a"]).ThrowIfNothingMatched([]);
        Result(files: ["a"], repository: ["a"]).ThrowIfNothingMatched(["a"]);
    }

    private static HubPullResult Result(string[] files, string[] repository) => new()
    {
        Reference = new HubModelReference("org/name"),
        CommitHash = new string('a', 40),
        Path = "/cache/snapshot",
        Files = files,
        RepositoryFiles = repository,
    };
}
