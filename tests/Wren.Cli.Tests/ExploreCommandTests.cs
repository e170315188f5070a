using System.Text.Json;

namespace Wren.Cli.Tests;

/// <summary><c>wren explore</c> end to end, in-process: the report files, the JSON on stdout, and one-line errors.</summary>
public sealed class ExploreCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "wren-cli-explore-" + Guid.NewGuid().ToString("N"));

    private static string Records
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "acme", "records");
                if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")) && Directory.Exists(candidate)) return candidate;
            }

            throw new InvalidOperationException("samples/acme not found");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task JsonPrintsOneObjectWithTheCandidatesAndWritesTheReportFiles()
    {
        var run = await WrenCli.Capture("explore", Records, "--out", _out, "--json", "--no-measure", "--folds", "3");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("documents").GetInt64() > 600);
        Assert.True(root.GetProperty("tokens").GetInt64() > 0);
        Assert.True(root.GetProperty("pii").GetProperty("email").GetInt64() > 0);
        var kinds = root.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();
        Assert.Contains("ticket-records", kinds);
        Assert.Contains("classify-records", kinds);
        Assert.True(File.Exists(Path.Combine(_out, "explore.json")));
        string html = File.ReadAllText(Path.Combine(_out, "explore.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("Candidate tasks", html);
    }

    [Fact]
    public async Task AMissingSourceIsOneLineNamingIt()
    {
        string missing = Path.Combine(_out, "no-such-folder");
        var run = await WrenCli.Capture("explore", missing, "--out", _out, "--no-measure");
        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wren: error:", line);
        Assert.Contains("no-such-folder", line);
    }

    [Fact]
    public async Task BadNumbersAreRefusedBeforeAnythingIsRead()
    {
        var run = await WrenCli.Capture("explore", Records, "--out", _out, "--folds", "1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--folds must be 2 to 10", run.Error);
        Assert.False(Directory.Exists(_out));
    }
}
