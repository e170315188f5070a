using System.Text.Json;
using Wren.Runtime.Tests.Hub;

namespace Wren.Cli.Tests;

/// <summary>A verb given <c>--model ORG/NAME</c> pulls it (through the library's resolver) and runs on the snapshot, in the <c>wren</c> process, against a loopback hub.</summary>
public sealed class ModelArgumentTests : IAsyncLifetime
{
    private LoopbackHub _hub = null!;
    private DirectoryInfo _temp = null!;

    public async Task InitializeAsync()
    {
        _hub = await LoopbackHub.StartAsync();
        _temp = Directory.CreateTempSubdirectory("wren-model-argument-");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public void GenerateWithAHubNamePullsTheModelAndGivesTransformersGreedyIds()
    {
        HubRepo repo = _hub.AddRepo("wren-test/tiny-llama", Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama"));
        var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = _hub.EndpointText, ["HF_HOME"] = _temp.FullName, ["HF_TOKEN"] = null, ["HF_HUB_CACHE"] = null, ["HF_HUB_OFFLINE"] = null };
        string[] generate = ["generate", "--model", "wren-test/tiny-llama", "--prompt", "Call me Ishmael. Some years ago", "--max-tokens", "24", "--greedy", "--json", "--threads", "1"];

        var run = WrenProcess.Run(generate, TimeSpan.FromMinutes(2), environment);

        Assert.True(run.ExitCode == 0, run.Describe());
        using (var doc = JsonDocument.Parse(run.Output))
        {
            // ref_outputs.json, prompt 2: transformers' greedy continuation.
            int[] expected = [14, 321, 362, 402, 276, 67, 342, 283, 262, 275, 282, 82, 282, 305, 270, 262, 515, 445, 14, 286, 262, 515, 445, 14];
            Assert.Equal(expected, doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        }
        Assert.Contains($"wren-test/tiny-llama (commit {repo.Commit[..12]})", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_temp.FullName, "hub", "models--wren-test--tiny-llama", "snapshots", repo.Commit, "model.safetensors")));
        // The fixture's reference tensors are not what a loader reads; they stay on the hub.
        Assert.False(File.Exists(Path.Combine(_temp.FullName, "hub", "models--wren-test--tiny-llama", "snapshots", repo.Commit, "ref_logits.safetensors")));

        // With the hub gone, the cached snapshot serves.
        environment["HF_HUB_OFFLINE"] = "1";
        var offline = WrenProcess.Run(generate, TimeSpan.FromMinutes(2), environment);
        Assert.True(offline.ExitCode == 0, offline.Describe());
        Assert.Contains("offline: HF_HUB_OFFLINE is set", offline.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMistypedLocalFolderIsReportedAsNeitherAFolderNorAHubModel()
    {
        var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = _hub.EndpointText, ["HF_HOME"] = _temp.FullName, ["HF_TOKEN"] = null, ["HF_HUB_CACHE"] = null, ["HF_HUB_OFFLINE"] = null };

        var run = WrenProcess.Run(["generate", "--model", "out/modle", "--prompt", "Hi"], TimeSpan.FromMinutes(2), environment);

        Assert.Equal(1, run.ExitCode);
        string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wren: error: 'out/modle' is no file or folder here, and as a Hugging Face model: ", error, StringComparison.Ordinal);
    }
}
